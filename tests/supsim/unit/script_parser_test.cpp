// The event script: accepted forms, ordering, and errors by line and column.

#include "sim_support.hpp"

using namespace suptest;

namespace {
const char* kTree = R"({"applications": [{"name": "kv", "supervisor": {"id": "S", "children": [
    {"id": "w"}, {"id": "D", "dynamic": true, "template": {"id": "t"}}]}}]})";

std::string errors_of(const std::string& script) {
    return script_errors(script, kTree);
}
}  // namespace

TEST_CASE("seconds: integers and up to six decimals, kept as microseconds") {
    std::int64_t us = 0;
    CHECK(parse_seconds("12", us));
    CHECK(us == 12000000);
    CHECK(parse_seconds("0.8", us));
    CHECK(us == 800000);
    CHECK(parse_seconds("1.000001", us));
    CHECK(us == 1000001);
    CHECK_FALSE(parse_seconds("1.0000001", us));
    CHECK_FALSE(parse_seconds("-1", us));
    CHECK_FALSE(parse_seconds("1.", us));
    CHECK_FALSE(parse_seconds(".5", us));
    CHECK_FALSE(parse_seconds("1e3", us));
}

TEST_CASE("all actions parse; comments and blank lines are skipped") {
    Tree tree = load(kTree);
    std::vector<ScriptEvent> r = events(
        "# scenario\n\n1 crash kv/S/w\n2 exit kv/S/w shutdown:bye  # why\n3 fail-start kv/S/w 4 "
        "enoent\n"
        "4 ignore-start kv/S/D/x\n5 start-child kv/S/D x\n6 terminate-child kv/S/D x\n7 every 0.5 "
        "crash kv/S/D/x boom\n",
        tree);
    REQUIRE(r.size() == 7);
    CHECK(r[1].reason == "shutdown:bye");
    CHECK(r[2].count == 4);
    CHECK(r[2].reason == "enoent");
    CHECK(r[4].child_id == "x");
    CHECK(r[6].every_us == 500000);
    CHECK(r[6].reason == "boom");
    CHECK(r[6].line == 9);
}

TEST_CASE("errors name the line and the column of the offending word") {
    CHECK(errors_of("1 crash kv/S/nope\n") ==
          "1:9: no process \"kv/S/nope\" in the tree: supervisor \"S\" has no child \"nope\"\n");
    CHECK(errors_of("x crash kv/S/w\n") ==
          "1:1: expected a time in seconds (e.g. 12 or 0.8, at most 6 decimals), got \"x\"\n");
    CHECK(errors_of("1 explode kv/S/w\n") ==
          "1:3: unknown action \"explode\" (expected crash, exit, fail-start, ignore-start, "
          "start-child, "
          "terminate-child, stop-app, stop-node or every)\n");
    CHECK(errors_of("1 exit kv/S/w\n") == "1:3: usage: TIME exit PATH REASON\n");
    CHECK(errors_of("\n  2 fail-start kv/S/w zero\n") ==
          "2:23: expected a positive number of failing starts, got \"zero\"\n");
    CHECK(errors_of("1 crash kv\n") == "1:9: \"kv\" is an application, not a process\n");
    CHECK(errors_of("1 start-child kv/S/w x\n") ==
          "1:15: \"kv/S/w\" is a worker, not a supervisor\n");
    CHECK(errors_of("1 start-child kv/S other\n") ==
          "1:20: the supervisor has no child spec \"other\" (list it under \"children\" or "
          "\"start_child_specs\")\n");
    CHECK(errors_of("1 every 0 crash kv/S/w\n") ==
          "1:9: expected a positive interval in seconds after \"every\"\n");
    CHECK(errors_of("1 every 2 exit kv/S/w normal\n") ==
          "1:11: \"every\" repeats only crash: TIME every INTERVAL crash PATH [REASON]\n");
    CHECK(errors_of("1 crash kv/S/w a b\n") == "1:18: usage: TIME crash PATH [REASON]\n");
}

TEST_CASE("equal times run in file order, whatever order the file gives the times") {
    Run r = run(
        R"({"supervisor": {"id": "S", "intensity": 9, "children": [{"id": "a"}, {"id": "b"}]}})",
        "3 crash S/b\n1 crash S/a\n3 crash S/a\n1 crash S/b\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/a crash\n1 start S/a\n1 exit S/b crash\n1 start S/b\n"
          "3 exit S/b crash\n3 start S/b\n3 exit S/a crash\n3 start S/a\n");
}
