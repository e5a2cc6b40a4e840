// The restart-type table (permanent / transient / temporary x normal / shutdown / other), start
// failures at boot and during restarts with OTP's retry paths per strategy, shutdown timing and
// significant children with auto_shutdown.

#include "sim_support.hpp"

using namespace suptest;

TEST_CASE("restart type x exit reason, as OTP's do_restart/3") {
    struct Row {
        const char* restart;
        const char* reason;
        bool restarted;
        bool kept;  // still listed (a later group restart starts it again)
    };
    const Row table[] = {
        {"permanent", "normal", true, true},        {"permanent", "shutdown", true, true},
        {"permanent", "shutdown:bye", true, true},  {"permanent", "boom", true, true},
        {"transient", "normal", false, true},       {"transient", "shutdown", false, true},
        {"transient", "shutdown:bye", false, true}, {"transient", "boom", true, true},
        {"transient", "killed", true, true},        {"temporary", "normal", false, false},
        {"temporary", "shutdown", false, false},    {"temporary", "boom", false, false},
    };
    for (const Row& row : table) {
        CAPTURE(row.restart);
        CAPTURE(row.reason);
        std::string json =
            std::string(R"({"supervisor": {"id": "S", "strategy": "one_for_all", "intensity": 5,
            "children": [{"id": "x", "restart": ")") +
            row.restart + R"("}, {"id": "y"}]}})";
        Run r = run(json, std::string("1 exit S/x ") + row.reason + "\n2 crash S/y\n");
        std::string expected = std::string("1 exit S/x ") + row.reason + "\n";
        if (row.restarted) expected += "1 terminate S/y shutdown\n1 start S/x\n1 start S/y\n";
        expected += "2 exit S/y crash\n";
        if (row.restarted) expected += "2 terminate S/x shutdown\n";
        if (row.kept) expected += "2 start S/x\n";
        expected += "2 start S/y\n";
        CHECK(after(r.trace, 1) == expected);
    }
}

TEST_CASE(
    "a child failing to start during its supervisor's init: siblings stop, the supervisor fails") {
    const char* json =
        R"({"applications": [{"name": "app", "supervisor": {"id": "Top", "children": [
        {"id": "a"}, {"id": "Sub", "children": [{"id": "x"}, {"id": "y"}]}, {"id": "c"}]}}]})";
    // Sub crashes and y fails once while Sub's init starts its children again.
    Run r = run(json, "1 fail-start app/Top/Sub/y 1 econnrefused\n1 crash app/Top/Sub\n");
    CHECK(
        after(r.trace, 1) ==
        "1 terminate app/Top/Sub/y shutdown\n1 terminate app/Top/Sub/x shutdown\n1 exit "
        "app/Top/Sub crash\n"
        "1 start app/Top/Sub\n1 start app/Top/Sub/x\n1 start_error app/Top/Sub/y econnrefused\n"
        "1 terminate app/Top/Sub/x shutdown\n"
        "1 start_error app/Top/Sub shutdown:failed_to_start_child:y:econnrefused\n"
        // one_for_one retry of Sub: intensity 1 is exhausted by the second restart
        "1 max_intensity app/Top reached_max_restart_intensity\n"
        "1 terminate app/Top/c shutdown\n1 terminate app/Top/a shutdown\n1 exit app/Top shutdown\n"
        "1 app_exit app shutdown permanent\n"
        "1 node_halt app application_terminated:app:shutdown\n");
    CHECK(r.summary.node_halted);
}

TEST_CASE("fail-start at time 0 affects the boot: the application fails to start, the boot stops") {
    const char* json = R"({"applications": [{"name": "db", "supervisor": {"id": "Top", "children": [
        {"id": "a"}, {"id": "conn"}]}}, {"name": "web", "supervisor": {"id": "W"}}]})";
    Run r = run(json, "0 fail-start db/Top/conn 1 econnrefused\n5 crash db/Top/a\n");
    CHECK(r.trace ==
          "0 start db/Top\n0 start db/Top/a\n0 start_error db/Top/conn econnrefused\n"
          "0 terminate db/Top/a shutdown\n0 start_error db/Top "
          "shutdown:failed_to_start_child:conn:econnrefused\n"
          "0 start_error db shutdown:failed_to_start_child:conn:econnrefused\n"
          "0 node_halt db application_start_failure:db:"
          "shutdown:failed_to_start_child:conn:econnrefused\n");
    CHECK(r.summary.node_halted);
    CHECK(r.summary.halt_reason ==
          "application_start_failure:db:shutdown:failed_to_start_child:conn:econnrefused");
    CHECK(r.summary.script_events == 1);  // nothing runs after the halt
}

TEST_CASE("boot failure: running applications stop first; a temporary application only reports") {
    auto tree = [](const char* type) {
        return std::string(
                   R"({"applications": [{"name": "base", "supervisor": {"id": "B", "children": [{"id": "db"}]}},
            {"name": "ui", "start_type": ")") +
               type + R"(", "supervisor": {"id": "U", "children": [{"id": "panel"}]}},
            {"name": "net", "supervisor": {"id": "N"}}]})";
    };
    Run permanent = run(tree("transient"), "0 fail-start ui/U/panel 1 enoent\n");
    CHECK(after(permanent.trace, 0) ==
          "0 start base/B\n0 start base/B/db\n0 start ui/U\n0 start_error ui/U/panel enoent\n"
          "0 start_error ui/U shutdown:failed_to_start_child:panel:enoent\n"
          "0 start_error ui shutdown:failed_to_start_child:panel:enoent\n"
          "0 terminate base/B/db shutdown\n0 terminate base/B shutdown\n"
          "0 node_halt ui "
          "application_start_failure:ui:shutdown:failed_to_start_child:panel:enoent\n");
    Run temporary = run(tree("temporary"), "0 fail-start ui/U/panel 1 enoent\n");
    CHECK(after(temporary.trace, 0) ==
          "0 start base/B\n0 start base/B/db\n0 start ui/U\n0 start_error ui/U/panel enoent\n"
          "0 start_error ui/U shutdown:failed_to_start_child:panel:enoent\n"
          "0 start_error ui shutdown:failed_to_start_child:panel:enoent\n0 start net/N\n");
    CHECK_FALSE(temporary.summary.node_halted);
}

TEST_CASE("a temporary application ends alone; a permanent one takes the node down") {
    const char* json =
        R"({"applications": [{"name": "app", "start_type": "temporary", "supervisor": {
        "id": "Top", "intensity": 0, "children": [{"id": "a"}]}},
        {"name": "other", "supervisor": {"id": "O", "intensity": 0, "children": [{"id": "w"}]}},
        {"name": "last", "supervisor": {"id": "L", "children": [{"id": "z", "stop_ms": 300}]}}]})";
    Run r = run(json, "1 crash app/Top/a\n2 crash other/O/w\n3 crash last/L/z\n");
    CHECK(after(r.trace, 1) ==
          "1 exit app/Top/a crash\n1 max_intensity app/Top reached_max_restart_intensity\n"
          "1 exit app/Top shutdown\n1 app_exit app shutdown temporary\n"
          "2 exit other/O/w crash\n2 max_intensity other/O reached_max_restart_intensity\n"
          "2 exit other/O shutdown\n2 app_exit other shutdown permanent\n"
          "2.3 terminate last/L/z shutdown\n2.3 terminate last/L shutdown\n2.3 node_halt other "
          "application_terminated:other:shutdown\n");
    CHECK(r.summary.halt_reason == "application_terminated:other:shutdown");
    CHECK(r.summary.node_halted);
    CHECK(r.summary.halt_us == 2300000);
    CHECK(r.summary.halt_application == "other");
}

TEST_CASE("transient application: the node halts unless the reason is normal") {
    const char* json =
        R"({"applications": [{"name": "app", "start_type": "transient", "supervisor": {
        "id": "Top", "auto_shutdown": "any_significant", "children": [
        {"id": "job", "restart": "transient", "significant": true}, {"id": "b"}]}}]})";
    Run r = run(json, "1 exit app/Top/job normal\n");
    CHECK(after(r.trace, 1) ==
          "1 exit app/Top/job normal\n1 auto_shutdown app/Top\n"
          "1 terminate app/Top/b shutdown\n1 exit app/Top shutdown\n"
          "1 app_exit app shutdown transient\n"
          "1 node_halt app application_terminated:app:shutdown\n");
    Run normal = run(json, "1 exit app/Top normal\n");
    CHECK(after(normal.trace, 1) ==
          "1 terminate app/Top/b shutdown\n1 terminate app/Top/job shutdown\n"
          "1 exit app/Top normal\n1 app_exit app normal transient\n");
    CHECK_FALSE(normal.summary.node_halted);
}

TEST_CASE("one_for_one: a restart whose start fails is retried, each retry counted") {
    const char* json =
        R"({"supervisor": {"id": "S", "intensity": 3, "children": [{"id": "a"}, {"id": "b"}]}})";
    Run r = run(json, "1 fail-start S/a 2\n1 crash S/a\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n1 start_error S/a crash\n1 start_error S/a crash\n1 start S/a\n");
    CHECK(r.summary.supervisors.at(0).restarts == 3);
    Run exhausted = run(json, "1 fail-start S/a 10\n1 crash S/a\n");
    CHECK(after(exhausted.trace, 1) ==
          "1 exit S/a crash\n1 start_error S/a crash\n1 start_error S/a crash\n1 start_error S/a "
          "crash\n"
          "1 max_intensity S reached_max_restart_intensity\n1 terminate S/b shutdown\n1 exit S "
          "shutdown\n");
}

TEST_CASE("one_for_all: a sibling failing during the group restart restarts the group again") {
    const char* json = R"({"supervisor": {"id": "S", "strategy": "one_for_all", "intensity": 5,
        "children": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}})";
    Run r = run(json, "1 fail-start S/b 1\n1 crash S/c\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/c crash\n1 terminate S/b shutdown\n1 terminate S/a shutdown\n"
          "1 start S/a\n1 start_error S/b crash\n"
          // retry: terminate what the failed attempt started, start everything again
          "1 terminate S/a shutdown\n1 start S/a\n1 start S/b\n1 start S/c\n");
    CHECK(r.summary.supervisors.at(0).restarts == 2);
}

TEST_CASE("rest_for_one: the retry starts from the failed child on") {
    const char* json = R"({"supervisor": {"id": "S", "strategy": "rest_for_one", "intensity": 5,
        "children": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}})";
    Run r = run(json, "1 fail-start S/b 1\n1 crash S/a\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n1 terminate S/c shutdown\n1 terminate S/b shutdown\n"
          "1 start S/a\n1 start_error S/b crash\n1 start S/b\n1 start S/c\n");
}

TEST_CASE("ignore on restart: the child stays stopped (dynamic ones are dropped)") {
    Run r = run(R"({"supervisor": {"id": "S", "intensity": 5, "children": [{"id": "a"}]}})",
                "1 ignore-start S/a\n1 crash S/a\n2 crash S/a\n");
    CHECK(after(r.trace, 1) == "1 exit S/a crash\n1 start_ignore S/a\n2 ignored S/a not_running\n");
}

TEST_CASE("shutdown: brutal_kill, timeouts exceeded and met, infinity, per-child stop times") {
    // Sub is killed when its 200 ms run out; x, already in terminate/2, ends on its own after.
    const char* json = R"({"supervisor": {"id": "S", "children": [
        {"id": "k", "shutdown": "brutal_kill", "stop_ms": 900},
        {"id": "slow", "shutdown": 100, "stop_ms": 250},
        {"id": "fast", "shutdown": 100, "stop_ms": 40},
        {"id": "Sub", "shutdown": 200, "children": [{"id": "x", "stop_ms": 150}, {"id": "y", "stop_ms": 150}]},
        {"id": "inf", "shutdown": "infinity", "stop_ms": 1000}]}})";
    Run r = run(json, "1 crash S\n");
    CHECK(after(r.trace, 1) ==
          "2 terminate S/inf shutdown\n"
          "2.15 terminate S/Sub/y shutdown\n2.2 terminate S/Sub killed\n"
          "2.24 terminate S/fast shutdown\n2.3 terminate S/Sub/x shutdown\n"
          "2.34 terminate S/slow killed\n2.34 terminate S/k killed\n"
          "2.34 exit S crash\n");
}

TEST_CASE("significant children: any_significant and all_significant") {
    const char* any =
        R"({"supervisor": {"id": "S", "auto_shutdown": "any_significant", "intensity": 5, "children": [
        {"id": "a", "restart": "transient", "significant": true}, {"id": "b"}]}})";
    // Restarted (abnormal exit of a transient child): no auto shutdown.
    CHECK(after(run(any, "1 crash S/a\n").trace, 1) == "1 exit S/a crash\n1 start S/a\n");
    // terminate-child never triggers it.
    CHECK(after(run(any, "1 terminate-child S a\n").trace, 1) == "1 terminate S/a shutdown\n");
    const char* all =
        R"({"supervisor": {"id": "S", "auto_shutdown": "all_significant", "children": [
        {"id": "a", "restart": "temporary", "significant": true},
        {"id": "b", "restart": "transient", "significant": true}, {"id": "c"}]}})";
    Run r = run(all, "1 crash S/a\n2 exit S/b shutdown\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n2 exit S/b shutdown\n2 auto_shutdown S\n"
          "2 terminate S/c shutdown\n2 exit S shutdown\n");
}

TEST_CASE("large intensities: the restart history grows past its initial ring") {
    std::string json =
        R"({"supervisor": {"id": "S", "intensity": 100, "period": 1, "children": [{"id": "a"}]}})";
    std::string hundred;
    for (int i = 0; i < 100; ++i) hundred += "1 crash S/a\n";
    CHECK(run(json, hundred).trace.find("max_intensity") == std::string::npos);
    CHECK(run(json, hundred + "1.5 crash S/a\n").trace.find("1.5 max_intensity S") !=
          std::string::npos);
}

TEST_CASE("dynamic children: start errors and retries; all_significant after a retried restart") {
    const char* json = R"({"supervisor": {"id": "D", "dynamic": true, "template": {"id": "t"}}})";
    Run r = run(json,
                "1 fail-start D/x 1 enoent\n1 start-child D x\n2 start-child D x\n"
                "3 fail-start D/x 2\n3 crash D/x\n");
    CHECK(after(r.trace, 1) ==
          "1 start_error D/x enoent\n2 start D/x\n3 exit D/x crash\n"
          "3 start_error D/x crash\n3 start_error D/x crash\n3 start D/x\n");
    // all_significant: b ending is not enough while a, restarted after a failed start, lives.
    const char* all =
        R"({"supervisor": {"id": "S", "auto_shutdown": "all_significant", "intensity": 5,
        "children": [{"id": "a", "restart": "transient", "significant": true},
                     {"id": "b", "restart": "temporary", "significant": true}]}})";
    Run s = run(all, "1 fail-start S/a 1\n1 crash S/a\n1 exit S/b normal\n");
    CHECK(after(s.trace, 1) ==
          "1 exit S/a crash\n1 start_error S/a crash\n1 start S/a\n1 exit S/b normal\n");
}

TEST_CASE("start-child of a temporary child of init/1's list that ended: not_found") {
    // restart_child/2 finds no spec: a temporary child is forgotten when it ends. A permanent
    // child that was terminated is still listed and starts again.
    const char* json = R"({"supervisor": {"id": "S", "children": [
        {"id": "a", "restart": "temporary"}, {"id": "b"}]}})";
    Run r = run(json, "1 crash S/a\n2 start-child S a\n3 terminate-child S b\n4 start-child S b\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n2 ignored S/a not_found\n3 terminate S/b shutdown\n4 start S/b\n");
    // A spec of start_child_specs is added again by start_child/2 once it was forgotten.
    const char* added = R"({"supervisor": {"id": "S", "children": [{"id": "b"}],
        "start_child_specs": [{"id": "t", "restart": "temporary"}]}})";
    Run s = run(added, "1 start-child S t\n2 crash S/t\n3 start-child S t\n");
    CHECK(after(s.trace, 1) == "1 start S/t\n2 exit S/t crash\n3 start S/t\n");
}

// The rules OTP 27 changed (tree_spec.hpp, kOtpRulesChanged), each under both releases.
TEST_CASE("--otp: auto_shutdown on simple_one_for_one, refused from OTP 27, working before") {
    const std::string json = R"({"applications": [{"name": "app", "supervisor": {"id": "pool",
        "strategy": "simple_one_for_one", "auto_shutdown": "AUTO", "children": [
        {"id": "conn", "restart": "transient", "significant": true}]}}]})";
    auto with = [&](const char* auto_shutdown) {
        std::string out = json;
        out.replace(out.find("AUTO"), 4, auto_shutdown);
        return out;
    };
    for (int otp : {27, 28}) CHECK(!tree_errors(with("any_significant"), otp).empty());
    for (int otp : {24, 25, 26}) CHECK(tree_errors(with("all_significant"), otp).empty());
    SimulationOptions otp25;
    otp25.otp_release = 25;
    // any_significant: the first significant child ending normally shuts the supervisor down.
    Run any = run(
        with("any_significant"),
        "1 start-child app/pool c1\n1 start-child app/pool c2\n2 exit app/pool/c1 normal\n", otp25);
    CHECK(after(any.trace, 2) ==
          "2 exit app/pool/c1 normal\n2 auto_shutdown app/pool\n2 terminate app/pool/c2 shutdown\n"
          "2 exit app/pool shutdown\n2 app_exit app shutdown permanent\n"
          "2 node_halt app application_terminated:app:shutdown\n");
    // all_significant: once no child is left.
    Run all =
        run(with("all_significant"),
            "1 start-child app/pool c1\n1 start-child app/pool c2\n2 exit app/pool/c1 normal\n"
            "3 exit app/pool/c2 normal\n",
            otp25);
    CHECK(after(all.trace, 2) ==
          "2 exit app/pool/c1 normal\n3 exit app/pool/c2 normal\n3 auto_shutdown app/pool\n"
          "3 exit app/pool shutdown\n3 app_exit app shutdown permanent\n"
          "3 node_halt app application_terminated:app:shutdown\n");
}

TEST_CASE(
    "--otp: a simple_one_for_one restart returning ignore, dropped from OTP 27, a phantom "
    "before") {
    const char* json = R"({"applications": [{"name": "app", "supervisor": {"id": "pool",
        "strategy": "simple_one_for_one", "intensity": 1, "children": [{"id": "conn"}]}}]})";
    const char* script =
        "0.1 start-child app/pool c1\n0.1 start-child app/pool c2\n0.1 start-child app/pool c3\n"
        "0.2 ignore-start app/pool/c1\n0.3 crash app/pool/c1\n0.4 crash app/pool/c2\n";
    SimulationOptions options;
    options.otp_release = 27;
    CHECK(after(run(json, script, options).trace, 0.4) ==
          "0.4 exit app/pool/c2 crash\n0.4 max_intensity app/pool reached_max_restart_intensity\n"
          "0.4 terminate app/pool/c3 shutdown\n0.4 exit app/pool shutdown\n"
          "0.4 app_exit app shutdown permanent\n"
          "0.4 node_halt app application_terminated:app:shutdown\n");
    // OTP 26 and earlier: terminate/2 meets the entry without a process and crashes; the
    // children still running die through their links.
    options.otp_release = 26;
    CHECK(after(run(json, script, options).trace, 0.4) ==
          "0.4 exit app/pool/c2 crash\n0.4 max_intensity app/pool reached_max_restart_intensity\n"
          "0.4 exit app/pool/c3 function_clause\n0.4 exit app/pool function_clause\n"
          "0.4 app_exit app function_clause permanent\n"
          "0.4 node_halt app application_terminated:app:function_clause\n");
}
