// Graceful stops in the script: stop-app (application:stop) and stop-node (init:stop). The
// application master stops the top supervisor over time and then kills what is left of its
// application; the application controller carries out one stop at a time, and the exits of
// applications that reach it meanwhile wait.

#include "sim_support.hpp"

using namespace suptest;

namespace {

const char* const kTwoApps = R"({"applications": [
    {"name": "base", "supervisor": {"id": "B", "intensity": 0, "children": [{"id": "db"}]}},
    {"name": "ui", "supervisor": {"id": "U", "children": [
        {"id": "a", "stop_ms": 1000}, {"id": "b", "stop_ms": 2000}]}}]})";

}  // namespace

TEST_CASE("stop-app stops the tree in reverse order with its stop times, and never halts") {
    Run r = run(kTwoApps, "1 stop-app ui\n1.5 crash ui/U/a\n4.5 stop-app ui\n");
    CHECK(after(r.trace, 1) ==
          "1.5 exit ui/U/a crash\n"  // U is stopping: no restart
          "3 terminate ui/U/b shutdown\n3 terminate ui/U shutdown\n"
          "3 app_exit ui stopped permanent\n"
          "4.5 ignored ui not_started\n");
    CHECK_FALSE(r.summary.node_halted);
    CHECK(r.summary.applications.at(1).exit_reason == "stopped");
    CHECK(r.summary.running == std::vector<std::string>{"base/B", "base/B/db"});
}

TEST_CASE("stop-app: the master kills the old processes of killed subtrees that still run") {
    const char* json = R"({"applications": [{"name": "app", "supervisor": {"id": "R",
        "intensity": 3, "children": [{"id": "K", "type": "supervisor",
        "shutdown": "brutal_kill", "children": [{"id": "w", "stop_ms": 2000}]}]}}]})";
    Run r = run(json, "1.1 crash app/R/K killed\n1.3 stop-app app\n");
    CHECK(after(r.trace, 1) ==
          "1.1 exit app/R/K killed\n1.1 start app/R/K\n1.1 start app/R/K/w\n"
          "1.3 terminate app/R/K killed\n1.3 terminate app/R shutdown\n"
          "1.3 exit app/R/K/w killed\n1.3 exit app/R/K/w killed\n"
          "1.3 app_exit app stopped permanent\n");
    CHECK(count(r.trace, "terminate app/R/K/w") == 0);
}

TEST_CASE("an application that ends while the controller stops another waits for it") {
    Run r = run(kTwoApps, "1 stop-app ui\n1.5 crash base/B/db\n");
    CHECK(after(r.trace, 1) ==
          "1.5 exit base/B/db crash\n"
          "1.5 max_intensity base/B reached_max_restart_intensity\n"
          "1.5 exit base/B shutdown\n"
          "3 terminate ui/U/b shutdown\n4 terminate ui/U/a shutdown\n4 terminate ui/U shutdown\n"
          "4 app_exit ui stopped permanent\n4 app_exit base shutdown permanent\n"
          "4 node_halt base application_terminated:base:shutdown\n");
    CHECK(r.summary.node_halted);
    CHECK_FALSE(r.summary.halt_requested);
}

TEST_CASE("stop-app of a top supervisor that is giving up waits for it and reports stopped") {
    const char* json = R"({"applications": [{"name": "app", "supervisor": {"id": "R",
        "intensity": 0, "children": [{"id": "x"}, {"id": "y", "stop_ms": 2000}]}}]})";
    Run r = run(json, "1 crash app/R/x\n1.5 stop-app app\n");
    CHECK(after(r.trace, 1) ==
          "1 exit app/R/x crash\n1 max_intensity app/R reached_max_restart_intensity\n"
          "3 terminate app/R/y shutdown\n3 exit app/R shutdown\n"
          "3 app_exit app stopped permanent\n");
    CHECK_FALSE(r.summary.node_halted);
}

TEST_CASE("stop-node stops the applications last started first, then the node, on request") {
    Run r = run(kTwoApps, "1 stop-node\n1.5 stop-app base\n");
    CHECK(after(r.trace, 1) ==
          "3 terminate ui/U/b shutdown\n4 terminate ui/U/a shutdown\n4 terminate ui/U shutdown\n"
          "4 terminate base/B/db shutdown\n4 terminate base/B shutdown\n4 node_halt  stop\n");
    CHECK(r.summary.node_halted);
    CHECK(r.summary.halt_requested);
    CHECK(r.summary.halt_application.empty());
    CHECK(r.summary.halt_reason == "stop");
}

TEST_CASE("stop-node waits for a stop-app under way") {
    Run r = run(kTwoApps, "1 stop-app ui\n1.5 stop-node\n");
    CHECK(after(r.trace, 1) ==
          "3 terminate ui/U/b shutdown\n4 terminate ui/U/a shutdown\n4 terminate ui/U shutdown\n"
          "4 app_exit ui stopped permanent\n"
          "4 terminate base/B/db shutdown\n4 terminate base/B shutdown\n4 node_halt  stop\n");
}

TEST_CASE("stop-app and stop-node in the script: what the parser accepts") {
    CHECK(script_errors("1 stop-app nope\n", kTwoApps) ==
          "1:12: no application \"nope\" in the tree\n");
    CHECK(script_errors("1 stop-app\n", kTwoApps) == "1:3: usage: TIME stop-app APPLICATION\n");
    CHECK(script_errors("1 stop-node now\n", kTwoApps) == "1:13: usage: TIME stop-node\n");
    CHECK(script_errors("1 stop-app ui/U\n", kTwoApps) ==
          "1:12: no application \"ui/U\" in the tree\n");
    CHECK(script_errors("1 every 2 stop-node\n", kTwoApps) ==
          "1:11: \"every\" repeats only crash: TIME every INTERVAL crash PATH [REASON]\n");
    const char* bare = R"({"supervisor": {"id": "S", "children": [{"id": "w"}]}})";
    CHECK(script_errors("1 stop-app S\n", bare) ==
          "1:12: the tree is a bare supervisor: it has no applications to stop\n");
}

TEST_CASE("a node halt waits for a restart under way: the supervisor finishes it, then stops") {
    const char* json = R"({"applications": [
        {"name": "app", "supervisor": {"id": "S", "strategy": "one_for_all", "children": [
            {"id": "a", "stop_ms": 2000}, {"id": "b"}]}},
        {"name": "other", "supervisor": {"id": "O", "intensity": 0, "children": [{"id": "x"}]}}]})";
    Run r = run(json, "1 crash app/S/b\n1.5 crash other/O/x\n");
    CHECK(after(r.trace, 1) ==
          "1 exit app/S/b crash\n"
          "1.5 exit other/O/x crash\n1.5 max_intensity other/O reached_max_restart_intensity\n"
          "1.5 exit other/O shutdown\n1.5 app_exit other shutdown permanent\n"
          "3 terminate app/S/a shutdown\n3 start app/S/a\n3 start app/S/b\n"
          "3 terminate app/S/b shutdown\n5 terminate app/S/a shutdown\n5 terminate app/S shutdown\n"
          "5 node_halt other application_terminated:other:shutdown\n");
    CHECK(r.summary.halt_us == 5000000);
}
