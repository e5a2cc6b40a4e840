#pragma once
// What the simulator reports, one event at a time, through a sink: the tool renders events as
// JSON lines or aligned text, the benchmark only counts them. Events are passed by reference to
// strings the simulator owns for the duration of the call; a sink that keeps them must copy.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libappgraph/model.hpp"

namespace appgraph::supervision {

enum class TraceKind {
    start,          // a process started (a supervisor before its children)
    start_error,    // a start returned an error (reason)
    start_ignore,   // a start returned ignore
    exit,           // a process ended by itself, or died with its supervisor (reason)
    terminate,      // its supervisor stopped it; after its subtree has stopped (shutdown | killed)
    max_intensity,  // a supervisor reached its restart intensity and gives up
    auto_shutdown,  // a supervisor shuts itself down because of a significant child
    app_exit,       // an application's top supervisor ended (reason, start_type)
    node_halt,      // the node stops (path: the application that caused it; reason)
    ignored,        // a scripted event had no effect (reason: why; action: what it was)
};

const char* to_string(TraceKind kind);

struct TraceEvent {
    std::int64_t t_us = 0;  // simulated time, microseconds
    TraceKind kind = TraceKind::start;
    std::string_view path;
    std::string_view reason;              // empty when the event has none
    std::optional<StartType> start_type;  // app_exit only
    std::string_view action;              // ignored only: the script action
};

class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void on_event(const TraceEvent& event) = 0;
};

// "12", "0.8", "3.000001": seconds with no trailing zeros (a JSON number).
std::string format_seconds(std::int64_t t_us);

// {"t":0.8,"event":"exit","path":"kv/KV.Supervisor/KV.Registry","reason":"crash"}
std::string format_json_line(const TraceEvent& event);

// "     0.800  exit           kv/KV.Supervisor/KV.Registry  crash"
std::string format_text_line(const TraceEvent& event);

// Appends `text` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view text);

}  // namespace appgraph::supervision
