#pragma once
// What the simulator reports, one event at a time, through a sink: the tool renders events as
// JSON lines or aligned text (tools/supsim), the benchmark only counts them. Events are passed by
// reference to strings the simulator owns for the duration of the call; a sink that keeps them must
// copy.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "libappgraph/enum_names.hpp"
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

// The event names of the trace (its JSON "event" field).
inline constexpr EnumName<TraceKind> kTraceKindNames[] = {
    {TraceKind::start, "start"},
    {TraceKind::start_error, "start_error"},
    {TraceKind::start_ignore, "start_ignore"},
    {TraceKind::exit, "exit"},
    {TraceKind::terminate, "terminate"},
    {TraceKind::max_intensity, "max_intensity"},
    {TraceKind::auto_shutdown, "auto_shutdown"},
    {TraceKind::app_exit, "app_exit"},
    {TraceKind::node_halt, "node_halt"},
    {TraceKind::ignored, "ignored"}};
constexpr const auto& enum_names(TraceKind) {
    return kTraceKindNames;
}

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

}  // namespace appgraph::supervision
