// Tree loading and validation: OTP's rules and error terms, each message asserted whole with its
// JSON path; syntax errors by line and column.

#include "sim_support.hpp"

using namespace suptest;

namespace {
std::string sup_with(const std::string& fields, const std::string& children = R"([{"id": "a"}])") {
    return R"({"supervisor": {"id": "S", )" + fields + R"(, "children": )" + children + "}}";
}
}  // namespace

TEST_CASE("valid trees load with OTP's defaults") {
    Tree t = load(R"({"applications": [{"name": "kv", "supervisor": {"id": "S", "children": [
        {"id": "w"}, {"id": "Sub", "children": []}]}}]})");
    const ChildSpec& w = t.applications[0].top.supervisor->children[0];
    CHECK(w.type == ChildType::worker);
    CHECK(w.restart == RestartType::permanent);
    CHECK(w.shutdown.kind == Shutdown::Kind::timeout);
    CHECK(w.shutdown.ms == 5000);
    const ChildSpec& sub = t.applications[0].top.supervisor->children[1];
    CHECK(sub.type == ChildType::supervisor);
    CHECK(sub.shutdown.kind == Shutdown::Kind::infinity);
    CHECK(t.applications[0].start_type == appgraph::StartType::permanent);
    CHECK(list_process_paths(t) == std::vector<std::string>{"kv", "kv/S", "kv/S/w", "kv/S/Sub"});
}

TEST_CASE("invalid flags and child specs, with OTP's error terms") {
    CHECK(tree_errors(sup_with(R"("strategy": "one_for_most")")) ==
          "supervisor.strategy: expected one of one_for_one, one_for_all, rest_for_one, "
          "simple_one_for_one "
          "(OTP: {invalid_strategy,one_for_most})\n");
    CHECK(tree_errors(sup_with(R"("intensity": -1)")) ==
          "supervisor.intensity: expected a non-negative integer (OTP: {invalid_intensity,-1})\n");
    CHECK(tree_errors(sup_with(R"("period": 0)")) ==
          "supervisor.period: expected a positive integer of seconds (OTP: {invalid_period,0})\n");
    CHECK(tree_errors(sup_with(R"("auto_shutdown": "sometimes")")) ==
          "supervisor.auto_shutdown: expected one of never, any_significant, all_significant "
          "(OTP: {invalid_auto_shutdown,sometimes})\n");
    CHECK(tree_errors(sup_with(R"("intensity": 1)",
                               R"([{"id": "a"}, {"id": "b", "restart": "forever"}])")) ==
          "supervisor.children[1].restart: expected one of permanent, transient, temporary "
          "(OTP: {invalid_restart_type,forever})\n");
    CHECK(tree_errors(sup_with(R"("intensity": 1)", R"([{"id": "a", "shutdown": -5}])")) ==
          "supervisor.children[0].shutdown: expected brutal_kill, infinity or a non-negative "
          "integer of "
          "milliseconds (OTP: {invalid_shutdown,-5})\n");
    CHECK(tree_errors(sup_with(R"("intensity": 1)", R"([{"id": "a", "type": "daemon"}])")) ==
          "supervisor.children[0].type: expected one of worker, supervisor (OTP: "
          "{invalid_child_type,daemon})\n");
    CHECK(
        tree_errors(sup_with(R"("intensity": 1)",
                             R"([{"id": "a", "significant": "maybe", "restart": "transient"}])")) ==
        "supervisor.children[0].significant: expected true or false (OTP: "
        "{invalid_significant,maybe})\n");
    CHECK(tree_errors(sup_with(R"("intensity": 1)", R"([{"restart": "transient"}])")) ==
          "supervisor.children[0]: missing key \"id\" (OTP: missing_id)\n");
}

TEST_CASE("bad combinations and duplicates") {
    CHECK(tree_errors(sup_with(R"("auto_shutdown": "never")",
                               R"([{"id": "a", "restart": "transient", "significant": true}])")) ==
          "supervisor.children[0].significant: a significant child needs a supervisor with "
          "auto_shutdown "
          "any_significant or all_significant (OTP: "
          "{bad_combination,[{auto_shutdown,never},{significant,true}]})\n");
    CHECK(tree_errors(sup_with(R"("auto_shutdown": "any_significant")",
                               R"([{"id": "a", "significant": true}])")) ==
          "supervisor.children[0].significant: a significant child cannot be permanent (OTP: "
          "{bad_combination,[{restart,permanent},{significant,true}]})\n");
    CHECK(tree_errors(sup_with(
              R"("strategy": "simple_one_for_one", "auto_shutdown": "all_significant")")) ==
          "supervisor.auto_shutdown: simple_one_for_one does not support auto_shutdown since OTP "
          "27 (--otp 26 for the releases that accepted it) (OTP: "
          "{bad_combination,[{auto_shutdown,all_significant},{strategy,simple_one_for_one}]})\n");
    CHECK(
        tree_errors(sup_with(R"("intensity": 1)", R"([{"id": "a"}, {"id": "b"}, {"id": "a"}])")) ==
        "supervisor.children[2].id: duplicate child id \"a\" (first at supervisor.children[0]) "
        "(OTP: {duplicate_child_name,a})\n");
    CHECK(tree_errors(
              sup_with(R"("strategy": "simple_one_for_one")", R"([{"id": "a"}, {"id": "b"}])")) ==
          "supervisor.children: simple_one_for_one needs exactly one child spec, got 2 (OTP: "
          "{bad_start_spec,...})\n");
}

TEST_CASE("structure errors: unknown keys, wrong shapes, several at once") {
    CHECK(
        tree_errors(
            R"({"supervisor": {"id": "S", "children": [{"id": "a", "restrat": "temporary"}]}, "x": 1})") ==
        "x: unknown key \"x\" (expected one of: applications, supervisor, capture)\n"
        "supervisor.children[0].restrat: unknown key \"restrat\" (expected one of: id, type, "
        "restart, shutdown, significant, stop_ms, strategy, intensity, period, auto_shutdown, "
        "children, dynamic, max_children, extra_arguments, template, start_child_specs, trap_exit, "
        "registered_name, note, "
        "dynamic_children, dynamic_children_total)\n");
    CHECK(tree_errors(R"({"applications": [{"name": "kv"}]})") ==
          "applications[0]: missing key \"supervisor\"\n");
    CHECK(tree_errors(R"([1])") ==
          "(top level): expected an object with \"applications\" or \"supervisor\"\n");
    CHECK(
        tree_errors(
            R"({"supervisor": {"id": "S", "children": [{"id": "w", "strategy": "one_for_one", "type": "worker"}]}})") ==
        "supervisor.children[0].strategy: \"strategy\" applies to supervisors only\n");
    CHECK(
        tree_errors(R"({"supervisor": {"id": "D", "dynamic": true, "strategy": "one_for_all"}})") ==
        "supervisor.strategy: a DynamicSupervisor supports only one_for_one\n");
}

TEST_CASE("ids must be nameable in paths and event lines") {
    CHECK(tree_errors(
              R"({"supervisor": {"id": "S", "children": [{"id": "a/b"}, {"id": "my worker"}]}})") ==
          "supervisor.children[0].id: an id may not contain '/', '#' or blanks (paths and event "
          "lines use "
          "them)\nsupervisor.children[1].id: an id may not contain '/', '#' or blanks (paths and "
          "event "
          "lines use them)\n");
}

TEST_CASE("JSON syntax errors carry line, column and the caret snippet") {
    appgraph::Diagnostics diagnostics;
    load_tree("{\"supervisor\": {\n  \"id\": \"S\",,\n}}", "t.json", diagnostics);
    REQUIRE(diagnostics.all().size() == 1);
    const appgraph::Diagnostic& d = diagnostics.all()[0];
    CHECK(d.kind == appgraph::DiagnosticKind::parse_error);
    CHECK(appgraph::format_diagnostic(d) ==
          "t.json:2:13: invalid JSON: syntax error while parsing object key - unexpected ','; "
          "expected string literal\n  \"id\": \"S\",,\n            ^");
}

TEST_CASE("a key written twice in one object is an error, not a silent overwrite") {
    appgraph::Diagnostics diagnostics;
    load_tree(R"({"supervisor": {"id": "S", "children": [{"id": "a", "restart": "temporary",
              "restart": "permanent"}]}})",
              "t.json", diagnostics);
    REQUIRE(diagnostics.all().size() == 1);
    CHECK(diagnostics.all()[0].kind == appgraph::DiagnosticKind::bad_tree);
    CHECK(appgraph::format_diagnostic(diagnostics.all()[0]) ==
          "t.json: supervisor.children[0]: the key \"restart\" appears twice in the same object");
}

TEST_CASE("the collector's owner may stop at the first problem") {
    appgraph::Diagnostics first(appgraph::Diagnostics::Mode::stop_at_first);
    CHECK_THROWS_WITH_AS(
        load_tree(R"({"supervisor": {"id": "S", "strategy": "x", "intensity": -1}})", "t.json",
                  first),
        doctest::Contains("t.json: supervisor.strategy: expected one of one_for_one"),
        appgraph::DiagnosticError);
}

TEST_CASE("the supervision enums print and parse from one table each") {
    const auto round_trips = [](const auto& table) {
        for (const auto& entry : table) {
            using E = std::remove_cvref_t<decltype(entry.value)>;
            CAPTURE(entry.name);
            CHECK(appgraph::from_string<E>(appgraph::to_string(entry.value)) == entry.value);
        }
    };
    round_trips(kStrategyNames);
    round_trips(kRestartTypeNames);
    round_trips(kChildTypeNames);
    round_trips(kAutoShutdownNames);
    round_trips(kShutdownKindNames);
    round_trips(kActionKindNames);
    round_trips(kTraceKindNames);
    round_trips(kToleranceLevelKindNames);
    CHECK(std::string(to_string(ActionKind::fail_start)) == "fail-start");
}
