// Trees written by `supsim capture`: the capture block, notes, values written null (defaults in
// use, counted by unknown_values), trap_exit and registered_name, and the dynamic children that
// were running, started at boot right after their supervisor and lost when it restarts.

#include "sim_support.hpp"

using namespace suptest;

namespace {

// KV as a capture writes it: a DynamicSupervisor of buckets with two running out of five, the
// registry, and a simple_one_for_one pool with one running child.
const char* kCaptured = R"({
  "capture": {"node": "kv@host", "otp_release": "25"},
  "applications": [{"name": "kv", "start_type": "permanent", "supervisor": {
    "id": "KV.Supervisor", "strategy": "one_for_all", "intensity": 3, "period": 5, "children": [
      {"id": "Buckets", "type": "supervisor", "dynamic": true, "intensity": 3, "period": 5,
       "max_children": 6,
       "template": {"id": "KV.Bucket", "restart": "temporary", "shutdown": 5000},
       "dynamic_children": [
         {"id": "KV.Bucket-1", "restart": "temporary", "shutdown": 5000, "trap_exit": false},
         {"id": "KV.Bucket-2", "restart": "temporary", "shutdown": 5000, "trap_exit": false}],
       "dynamic_children_total": 5},
      {"id": "KV.Registry", "shutdown": 5000, "trap_exit": true, "stop_ms": null,
       "registered_name": "Elixir.KV.Registry"},
      {"id": "Pool", "type": "supervisor", "strategy": "simple_one_for_one", "intensity": 5,
       "period": 1,
       "children": [{"id": "w", "restart": "transient", "shutdown": 1000, "trap_exit": null,
                     "stop_ms": null, "note": "no child running at capture"}],
       "dynamic_children": [{"id": "w-1", "trap_exit": true, "stop_ms": null}],
       "dynamic_children_total": 1},
      {"id": "Stuck", "type": "supervisor", "strategy": null, "intensity": null, "period": null,
       "children": null, "note": "did not answer sys:get_state within 5000 ms"}]}}]})";
}  // namespace

TEST_CASE("a captured tree loads: nulls take the defaults and are counted") {
    Tree t = load(kCaptured);
    CHECK(t.captured);
    const SupervisorSpec& top = *t.applications[0].top.supervisor;
    const ChildSpec& registry = top.children[1];
    CHECK(registry.trap_exit == true);
    CHECK(registry.stop_ms == 0);
    CHECK(registry.registered_name == "Elixir.KV.Registry");
    CHECK(registry.unknown == std::vector<std::string>{"stop_ms"});
    const SupervisorSpec& buckets = *top.children[0].supervisor;
    CHECK(buckets.running_children.size() == 2);
    CHECK(buckets.running_total == 5);
    const SupervisorSpec& pool = *top.children[2].supervisor;
    REQUIRE(pool.running_children.size() == 1);
    // A simple_one_for_one child is started from the one child spec.
    CHECK(pool.running_children[0].restart == RestartType::transient);
    CHECK(pool.running_children[0].shutdown.ms == 1000);
    const ChildSpec& stuck = top.children[3];
    CHECK(stuck.supervisor->strategy == Strategy::one_for_one);
    CHECK(stuck.supervisor->children.empty());
    CHECK(unknown_values(t) == std::vector<std::pair<std::string, std::size_t>>{{"children", 1},
                                                                                {"intensity", 1},
                                                                                {"period", 1},
                                                                                {"stop_ms", 3},
                                                                                {"strategy", 1},
                                                                                {"trap_exit", 1}});
    CHECK(list_process_paths(t) ==
          std::vector<std::string>{
              "kv", "kv/KV.Supervisor", "kv/KV.Supervisor/Buckets",
              "kv/KV.Supervisor/Buckets/KV.Bucket-1", "kv/KV.Supervisor/Buckets/KV.Bucket-2",
              "kv/KV.Supervisor/Buckets/*", "kv/KV.Supervisor/KV.Registry", "kv/KV.Supervisor/Pool",
              "kv/KV.Supervisor/Pool/w-1", "kv/KV.Supervisor/Pool/*", "kv/KV.Supervisor/Stuck"});
}

TEST_CASE("captured fields are checked") {
    CHECK(tree_errors(R"({"capture": 1, "supervisor": {"id": "S"}})") ==
          "capture: expected an object\n");
    CHECK(
        tree_errors(R"({"supervisor": {"id": "S", "children": [{"id": "a", "restart": null}]}})") ==
        "supervisor.children[0].restart: expected one of permanent, transient, temporary "
        "(OTP: {invalid_restart_type,null})\n");
    CHECK(tree_errors(R"({"supervisor": {"id": "S", "children": [
        {"id": "T", "type": "supervisor", "trap_exit": false}]}})") ==
          "supervisor.children[0].trap_exit: supervisors always trap exits\n");
    CHECK(tree_errors(R"({"supervisor": {"id": "S", "dynamic_children": [{"id": "a"}]}})") ==
          "supervisor.dynamic_children: \"dynamic_children\" applies to DynamicSupervisor and "
          "simple_one_for_one supervisors only\n");
    CHECK(tree_errors(R"({"supervisor": {"id": "S", "dynamic": true,
        "dynamic_children": [{"id": "a"}, {"id": "a"}], "dynamic_children_total": 1}})") ==
          "supervisor.dynamic_children_total: expected an integer, at least the number of "
          "dynamic_children listed\n"
          "supervisor.dynamic_children[1].id: duplicate child id \"a\" (first at "
          "supervisor.dynamic_children[0]) (OTP: {duplicate_child_name,a})\n");
    CHECK(tree_errors(R"({"supervisor": {"id": "S", "dynamic": true, "max_children": 1,
        "dynamic_children_total": 2}})") ==
          "supervisor.dynamic_children_total: more children than max_children (1)\n");
    CHECK(tree_errors(R"({"supervisor": {"id": "S", "children": [{"id": "a", "note": 3,
        "registered_name": ""}]}})") ==
          "supervisor.children[0].note: expected a string\n"
          "supervisor.children[0].registered_name: expected a non-empty string (an atom's "
          "text)\n");
}

TEST_CASE("captured dynamic children start at boot and are lost when their supervisor restarts") {
    Run r = run(kCaptured,
                "1 crash kv/KV.Supervisor/KV.Registry\n"
                "2 start-child kv/KV.Supervisor/Buckets new1\n");
    CHECK(r.trace.find("0 start kv/KV.Supervisor/Buckets/KV.Bucket-2\n") != std::string::npos);
    CHECK(r.trace.find("0 start kv/KV.Supervisor/Pool/w-1\n") != std::string::npos);
    // one_for_all: the buckets and the pool child are gone after the group restart.
    CHECK(count(after(r.trace, 1), "start kv/KV.Supervisor/Buckets/KV.Bucket") == 0);
    CHECK(count(after(r.trace, 1), "start kv/KV.Supervisor/Pool/w-1") == 0);
    // After the restart the uncounted children are gone too: start-child is under max_children.
    CHECK(r.trace.find("2 start kv/KV.Supervisor/Buckets/new1\n") != std::string::npos);
}

TEST_CASE("unlisted captured children count against max_children until the restart") {
    // 5 running (2 listed), max_children 6: one more fits, the next is refused.
    Run r = run(kCaptured,
                "1 start-child kv/KV.Supervisor/Buckets a\n"
                "2 start-child kv/KV.Supervisor/Buckets b\n");
    CHECK(r.trace.find("1 start kv/KV.Supervisor/Buckets/a\n") != std::string::npos);
    CHECK(r.trace.find("2 ignored kv/KV.Supervisor/Buckets/b max_children\n") != std::string::npos);
}
