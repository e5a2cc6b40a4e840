// The trace as the conformance harness and people read it: exact JSON lines (key order, numbers,
// escaping) and aligned text lines.

#include "sim_support.hpp"

using namespace suptest;

TEST_CASE("seconds print as the shortest exact decimal") {
    CHECK(format_seconds(0) == "0");
    CHECK(format_seconds(12000000) == "12");
    CHECK(format_seconds(800000) == "0.8");
    CHECK(format_seconds(1000001) == "1.000001");
    CHECK(format_seconds(24500000) == "24.5");
}

TEST_CASE("JSON lines: keys in contract order, optional keys only when they apply") {
    TraceEvent e;
    e.t_us = 800000;
    e.kind = TraceKind::exit;
    e.path = "kv/KV.Supervisor/KV.Registry";
    e.reason = "crash";
    CHECK(format_json_line(e) ==
          R"({"t":0.8,"event":"exit","path":"kv/KV.Supervisor/KV.Registry","reason":"crash"})");
    TraceEvent start;
    start.kind = TraceKind::start;
    start.path = "a\"b\\c";
    CHECK(format_json_line(start) == R"({"t":0,"event":"start","path":"a\"b\\c"})");
    TraceEvent app;
    app.t_us = 3000000;
    app.kind = TraceKind::app_exit;
    app.path = "kv";
    app.reason = "shutdown";
    app.start_type = appgraph::StartType::transient;
    CHECK(format_json_line(app) ==
          R"({"t":3,"event":"app_exit","path":"kv","reason":"shutdown","start_type":"transient"})");
    TraceEvent ignored;
    ignored.t_us = 2500000;
    ignored.kind = TraceKind::ignored;
    ignored.path = "kv/S/c";
    ignored.reason = "not_running";
    ignored.action = "crash";
    CHECK(format_json_line(ignored) ==
          R"({"t":2.5,"event":"ignored","path":"kv/S/c","reason":"not_running","action":"crash"})");
    CHECK(format_text_line(ignored) ==
          "         2.500  warning       kv/S/c  crash had no effect: not_running");
    CHECK(format_text_line(app) == "         3.000  app_exit      kv  shutdown  (transient)");
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
