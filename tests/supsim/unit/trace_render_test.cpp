// The trace as supsim prints it for the conformance harness and for people: exact JSON lines
// (key order, numbers, escaping) and aligned text lines.

#include <doctest/doctest.h>

#include <cstdio>

#include "libappgraph/supervision/events.hpp"
#include "trace_render.hpp"

using namespace appgraph::supervision;
using supsim::format_json_line;
using supsim::format_text_line;

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
          "         2.500  ignored       kv/S/c  not_running  (crash)");
    CHECK(format_text_line(app) == "         3.000  app_exit      kv  shutdown  (transient)");
}

TEST_CASE("JSON lines stay valid JSON whatever bytes a path or reason holds") {
    TraceEvent e;
    e.kind = TraceKind::exit;
    e.path = "S/w";
    e.reason =
        "bad\xff\x01"
        "byte";
    CHECK(format_json_line(e) ==
          R"({"t":0,"event":"exit","path":"S/w","reason":"bad\ufffd\u0001byte"})");
}

TEST_CASE("times in the lines are written as format_seconds writes them, and aligned in text") {
    for (std::int64_t t : {0LL, 1LL, 10LL, 800000LL, 1000001LL, 12000000LL, 24500000LL,
                           999999999999LL, 123456789012345LL}) {
        TraceEvent e;
        e.t_us = t;
        e.path = "p";
        CAPTURE(t);
        CHECK(format_json_line(e) ==
              "{\"t\":" + format_seconds(t) + R"(,"event":"start","path":"p"})");
        char expected[64];
        if (t % 1000 == 0)
            std::snprintf(expected, sizeof expected, "%10lld.%03lld  start         p",
                          static_cast<long long>(t / 1000000),
                          static_cast<long long>(t % 1000000 / 1000));
        else
            std::snprintf(expected, sizeof expected, "%10lld.%06lld  start         p",
                          static_cast<long long>(t / 1000000), static_cast<long long>(t % 1000000));
        CHECK(format_text_line(e) == expected);
    }
    std::string out = "kept ";
    TraceEvent e;
    e.path = "p";
    supsim::append_json_line(out, e);
    supsim::append_text_line(out, e);
    CHECK(out == R"(kept {"t":0,"event":"start","path":"p"}         0.000  start         p)");
}
