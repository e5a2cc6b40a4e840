// Renders trace events for people and programs: one JSON object per line with a fixed key order
// (t, event, path, reason, start_type / action), and the same facts as aligned text. Written by
// hand rather than through a JSON library because the trace of a crash storm is millions of lines.

#include "trace_render.hpp"

#include <cstdio>

#include "common/json_string.hpp"
#include "libappgraph/supervision/events.hpp"

namespace supsim {

using toolcommon::append_json_string;
namespace sup = appgraph::supervision;

std::string format_json_line(const sup::TraceEvent& event) {
    std::string out = "{\"t\":";
    out += sup::format_seconds(event.t_us);
    out += ",\"event\":\"";
    out += appgraph::to_string(event.kind);
    out += "\",\"path\":";
    append_json_string(out, event.path);
    if (!event.reason.empty()) {
        out += ",\"reason\":";
        append_json_string(out, event.reason);
    }
    if (event.start_type) {
        out += ",\"start_type\":\"";
        out += appgraph::to_string(*event.start_type);
        out += '"';
    }
    if (!event.action.empty()) {
        out += ",\"action\":";
        append_json_string(out, event.action);
    }
    out += '}';
    return out;
}

std::string format_text_line(const sup::TraceEvent& event) {
    // Milliseconds are the natural unit of these scenarios; finer times keep all six decimals.
    char time[48];
    long long whole = event.t_us / 1000000;
    long long frac = event.t_us % 1000000;
    if (frac % 1000 == 0)
        std::snprintf(time, sizeof time, "%10lld.%03lld", whole, frac / 1000);
    else
        std::snprintf(time, sizeof time, "%10lld.%06lld", whole, frac);
    std::string out = time;
    out += "  ";
    // The event names of the JSON trace; the start type of app_exit and the action of ignored
    // follow in parentheses.
    std::string kind = appgraph::to_string(event.kind);
    kind.resize(14, ' ');
    out += kind;
    out += event.path;
    if (!event.reason.empty()) {
        out += "  ";
        out += event.reason;
    }
    if (event.start_type) {
        out += "  (";
        out += appgraph::to_string(*event.start_type);
        out += ')';
    }
    if (!event.action.empty()) {
        out += "  (";
        out += event.action;
        out += ')';
    }
    return out;
}

}  // namespace supsim
