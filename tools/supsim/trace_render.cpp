// Renders trace events for people and programs: one JSON object per line with a fixed key order
// (t, event, path, reason, start_type / action), and the same facts as aligned text. Written by
// hand rather than through a JSON library, straight into the output buffer with no string made
// per line, because the trace of a crash storm is millions of lines.

#include "trace_render.hpp"

#include <charconv>
#include <cstring>

#include "common/json_string.hpp"
#include "libappgraph/supervision/events.hpp"

namespace supsim {

using toolcommon::append_json_string;
namespace sup = appgraph::supervision;

namespace {

// `width` digits of `n`, zero-padded on the left.
void append_padded(std::string& out, std::uint64_t n, int width) {
    char digits[24];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = static_cast<char>('0' + n % 10);
        n /= 10;
    }
    out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

void append_json_line(std::string& out, const sup::TraceEvent& event) {
    out += "{\"t\":";
    sup::append_seconds(out, event.t_us);
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
}

void append_text_line(std::string& out, const sup::TraceEvent& event) {
    // Milliseconds are the natural unit of these scenarios; finer times keep all six decimals.
    // The whole seconds are right-aligned in 10 columns.
    const bool negative = event.t_us < 0;
    const std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(event.t_us)
                                     : static_cast<std::uint64_t>(event.t_us);
    char whole[24];
    std::size_t whole_size = 0;
    if (negative) whole[whole_size++] = '-';
    auto [end, ec] = std::to_chars(whole + whole_size, whole + sizeof whole, v / 1000000);
    (void)ec;
    whole_size = static_cast<std::size_t>(end - whole);
    if (whole_size < 10) out.append(10 - whole_size, ' ');
    out.append(whole, whole_size);
    out += '.';
    const std::uint64_t frac = v % 1000000;
    if (frac % 1000 == 0)
        append_padded(out, frac / 1000, 3);
    else
        append_padded(out, frac, 6);
    out += "  ";
    // The event names of the JSON trace; the start type of app_exit and the action of ignored
    // follow in parentheses.
    const std::string_view kind = appgraph::to_string(event.kind);
    out += kind;
    if (kind.size() < 14) out.append(14 - kind.size(), ' ');
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
}

std::string format_json_line(const sup::TraceEvent& event) {
    std::string out;
    append_json_line(out, event);
    return out;
}

std::string format_text_line(const sup::TraceEvent& event) {
    std::string out;
    append_text_line(out, event);
    return out;
}

}  // namespace supsim
