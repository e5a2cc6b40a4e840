// Renders trace events for people and programs: one JSON object per line with a fixed key order
// (t, event, path, reason, start_type / action), and the same facts as aligned text. Written by
// hand rather than through a JSON library because the trace of a crash storm is millions of lines.

#include "libappgraph/supervision/trace.hpp"

#include <cstdio>

namespace appgraph::supervision {

const char* to_string(TraceKind kind) {
    switch (kind) {
        case TraceKind::start:
            return "start";
        case TraceKind::start_error:
            return "start_error";
        case TraceKind::start_ignore:
            return "start_ignore";
        case TraceKind::exit:
            return "exit";
        case TraceKind::terminate:
            return "terminate";
        case TraceKind::max_intensity:
            return "max_intensity";
        case TraceKind::auto_shutdown:
            return "auto_shutdown";
        case TraceKind::app_exit:
            return "app_exit";
        case TraceKind::node_halt:
            return "node_halt";
        case TraceKind::ignored:
            return "ignored";
    }
    return "?";
}

std::string format_seconds(std::int64_t t_us) {
    std::string out = t_us < 0 ? "-" : "";
    std::uint64_t v = static_cast<std::uint64_t>(t_us < 0 ? -t_us : t_us);
    out += std::to_string(v / 1000000);
    std::uint64_t frac = v % 1000000;
    if (frac != 0) {
        char digits[8];
        std::snprintf(digits, sizeof digits, "%06llu", static_cast<unsigned long long>(frac));
        std::string f = digits;
        while (!f.empty() && f.back() == '0') f.pop_back();
        out += "." + f;
    }
    return out;
}

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x",
                                  static_cast<unsigned>(static_cast<unsigned char>(c)));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
}

std::string format_json_line(const TraceEvent& event) {
    std::string out = "{\"t\":";
    out += format_seconds(event.t_us);
    out += ",\"event\":\"";
    out += to_string(event.kind);
    out += "\",\"path\":";
    append_json_string(out, event.path);
    if (!event.reason.empty()) {
        out += ",\"reason\":";
        append_json_string(out, event.reason);
    }
    if (event.start_type) {
        out += ",\"start_type\":\"";
        out += to_string(*event.start_type);
        out += '"';
    }
    if (!event.action.empty()) {
        out += ",\"action\":";
        append_json_string(out, event.action);
    }
    out += '}';
    return out;
}

std::string format_text_line(const TraceEvent& event) {
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
    std::string kind = to_string(event.kind);
    if (event.kind == TraceKind::ignored) kind = "warning";
    kind.resize(14, ' ');
    out += kind;
    out += event.path;
    if (event.kind == TraceKind::ignored) {
        out += "  ";
        out += event.action;
        out += " had no effect: ";
        out += event.reason;
        return out;
    }
    if (!event.reason.empty()) {
        out += "  ";
        out += event.reason;
    }
    if (event.start_type) {
        out += "  (";
        out += to_string(*event.start_type);
        out += ')';
    }
    return out;
}

}  // namespace appgraph::supervision
