// Each restart strategy, event by event, against what OTP's supervisor does (supervisor.erl):
// which children are terminated, in which order, and which are started again.

#include "sim_support.hpp"

using namespace suptest;

namespace {
const char* three(const char* strategy) {
    static std::string json;
    json = std::string(R"({"supervisor": {"id": "S", "strategy": ")") + strategy +
           R"(", "intensity": 10, "children": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}})";
    return json.c_str();
}
}  // namespace

TEST_CASE("boot starts a supervisor before its children, in order") {
    Run r = run(three("one_for_one"), "");
    CHECK(r.trace == "0 start S\n0 start S/a\n0 start S/b\n0 start S/c\n");
    CHECK(r.summary.running == std::vector<std::string>{"S", "S/a", "S/b", "S/c"});
}

TEST_CASE("one_for_one restarts only the crashed child") {
    Run r = run(three("one_for_one"), "1 crash S/b\n");
    CHECK(after(r.trace, 1) == "1 exit S/b crash\n1 start S/b\n");
    CHECK(r.summary.supervisors.at(0).restarts == 1);
}

TEST_CASE("one_for_all terminates the others in reverse start order, then starts all in order") {
    Run r = run(three("one_for_all"), "1 crash S/b\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/b crash\n1 terminate S/c shutdown\n1 terminate S/a shutdown\n"
          "1 start S/a\n1 start S/b\n1 start S/c\n");
}

TEST_CASE("rest_for_one restarts the crashed child and those started after it") {
    Run r = run(three("rest_for_one"), "1 crash S/a\n2 crash S/b\n3 crash S/c\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n1 terminate S/c shutdown\n1 terminate S/b shutdown\n"
          "1 start S/a\n1 start S/b\n1 start S/c\n"
          "2 exit S/b crash\n2 terminate S/c shutdown\n2 start S/b\n2 start S/c\n"
          "3 exit S/c crash\n3 start S/c\n");
}

TEST_CASE("a temporary bystander of a group restart is terminated and not started again") {
    Run r = run(R"({"supervisor": {"id": "S", "strategy": "one_for_all", "children": [
        {"id": "a"}, {"id": "t", "restart": "temporary"}, {"id": "b"}]}})",
                "1 crash S/a\n2 crash S/t\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n1 terminate S/b shutdown\n1 terminate S/t shutdown\n"
          "1 start S/a\n1 start S/b\n"
          "2 ignored S/t not_running\n");
}

TEST_CASE("a group restart starts children that were not running") {
    // b (transient) ended normally and is kept stopped; the group restart starts it again.
    Run r =
        run(R"({"supervisor": {"id": "S", "strategy": "one_for_all", "intensity": 5, "children": [
        {"id": "a"}, {"id": "b", "restart": "transient"}]}})",
            "1 exit S/b normal\n2 crash S/a\n");
    CHECK(after(r.trace, 1) == "1 exit S/b normal\n2 exit S/a crash\n2 start S/a\n2 start S/b\n");
}

TEST_CASE("a temporary child crashing under one_for_all restarts nobody") {
    Run r = run(R"({"supervisor": {"id": "S", "strategy": "one_for_all", "children": [
        {"id": "a"}, {"id": "t", "restart": "temporary"}]}})",
                "1 crash S/t\n");
    CHECK(after(r.trace, 1) == "1 exit S/t crash\n");
    CHECK(r.summary.supervisors.at(0).restarts == 0);
}

TEST_CASE("simple_one_for_one starts children from its template and restarts one at a time") {
    Run r = run(R"({"supervisor": {"id": "S", "strategy": "simple_one_for_one", "intensity": 5,
        "children": [{"id": "w", "restart": "transient", "stop_ms": 10}]}})",
                "1 start-child S x\n1 start-child S y\n2 crash S/x\n3 exit S/y shutdown\n4 crash "
                "S/y\n5 crash S\n");
    CHECK(after(r.trace, 1) ==
          "1 start S/x\n1 start S/y\n2 exit S/x crash\n2 start S/x\n3 exit S/y shutdown\n"
          "4 ignored S/y not_running\n5.01 terminate S/x shutdown\n5.01 exit S crash\n");
}

TEST_CASE("DynamicSupervisor: max_children, template and named specs") {
    Run r = run(R"({"supervisor": {"id": "D", "dynamic": true, "max_children": 2,
        "template": {"id": "t", "restart": "temporary"},
        "start_child_specs": [{"id": "keeper", "restart": "permanent"}]}})",
                "1 start-child D one\n1 start-child D two keeper\n1 start-child D three\n"
                "2 crash D/one\n2 crash D/two\n3 start-child D three\n3 start-child D two\n");
    CHECK(after(r.trace, 1) ==
          "1 start D/one\n1 start D/two\n1 ignored D/three max_children\n"
          "2 exit D/one crash\n2 exit D/two crash\n2 start D/two\n"
          "3 start D/three\n3 ignored D/two already_present\n");
    // DynamicSupervisor defaults to Elixir's 3 restarts in 5 s.
    Tree tree = load(R"({"supervisor": {"id": "D", "dynamic": true}})");
    CHECK(tree.applications[0].top.supervisor->intensity == 3);
}

TEST_CASE("dynamic children are lost when their supervisor restarts") {
    Run r = run(R"({"supervisor": {"id": "S", "intensity": 5, "children": [
        {"id": "D", "dynamic": true, "template": {"id": "t"}}]}})",
                "1 start-child S/D x\n2 crash S/D\n3 crash S/D/x\n");
    CHECK(after(r.trace, 1) ==
          "1 start S/D/x\n2 terminate S/D/x shutdown\n2 exit S/D crash\n2 start S/D\n3 ignored "
          "S/D/x not_running\n");
}

TEST_CASE("start-child and terminate-child on a static supervisor") {
    Run r = run(R"({"supervisor": {"id": "S", "children": [{"id": "a"}],
        "start_child_specs": [{"id": "late", "restart": "transient"}]}})",
                "1 start-child S late\n2 terminate-child S a\n3 start-child S a\n4 crash S\n5 "
                "start-child S a\n");
    CHECK(after(r.trace, 1) ==
          "1 start S/late\n2 terminate S/a shutdown\n3 start S/a\n"
          "4 terminate S/late shutdown\n4 terminate S/a shutdown\n4 exit S crash\n"
          "5 ignored S/a supervisor_not_running\n");
}

TEST_CASE("an event for a process that is not running is reported and changes nothing") {
    Run r =
        run(three("one_for_one"), "1 terminate-child S b\n2 crash S/b\n2 terminate-child S b\n");
    CHECK(after(r.trace, 1) ==
          "1 terminate S/b shutdown\n2 ignored S/b not_running\n2 ignored S/b not_running\n");
}
