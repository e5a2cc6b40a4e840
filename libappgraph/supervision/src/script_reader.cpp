// Reads an events file a line at a time for the simulator: a crash storm of a million lines is
// then simulated in the memory of its tree, not of its text. The file is read in fixed chunks;
// a line longer than a chunk grows the buffer to hold it. Also the whole-script source that the
// simulator uses for scripts held in memory or written out of time order.

#include <algorithm>
#include <istream>

#include "event_line_parser.hpp"
#include "libappgraph/supervision/events.hpp"

namespace appgraph::supervision {

namespace {
constexpr std::size_t kChunk = 1u << 16;
}  // namespace

struct ScriptReader::State {
    State(std::istream& input, const std::string& filename, const Tree& tree,
          Diagnostics& diagnostics)
        : in(input), parser(tree, filename, diagnostics) {}

    // The next line (without its '\n') into `line`; false at the end of the file.
    bool next_line(std::string_view& line) {
        while (true) {
            std::size_t newline = buffer.find('\n', start);
            if (newline != std::string::npos) {
                line = std::string_view(buffer).substr(start, newline - start);
                start = newline + 1;
                return true;
            }
            if (at_end) {
                // The last line has no '\n' (or the file is empty): it is a line all the same.
                if (start >= buffer.size()) return false;
                line = std::string_view(buffer).substr(start);
                start = buffer.size();
                return true;
            }
            buffer.erase(0, start);
            start = 0;
            const std::size_t have = buffer.size();
            buffer.resize(have + kChunk);
            in.read(buffer.data() + have, static_cast<std::streamsize>(kChunk));
            buffer.resize(have + static_cast<std::size_t>(in.gcount()));
            if (!in) at_end = true;
        }
    }

    std::istream& in;
    detail::EventLineParser parser;
    std::string buffer;
    std::size_t start = 0;  // of the first line not yet returned
    bool at_end = false;
    int line_number = 0;
    bool in_order = true;
    bool any = false;
    std::int64_t last_us = 0;
};

ScriptReader::ScriptReader(std::istream& in, const std::string& filename, const Tree& tree,
                           Diagnostics& diagnostics)
    : state_(std::make_unique<State>(in, filename, tree, diagnostics)) {}

ScriptReader::~ScriptReader() = default;

bool ScriptReader::next(ScriptEvent& out) {
    State& s = *state_;
    std::string_view line;
    while (s.next_line(line)) {
        ++s.line_number;
        if (!s.parser.parse(line, s.line_number, out)) continue;
        if (s.any && out.t_us < s.last_us) s.in_order = false;
        s.any = true;
        s.last_us = out.t_us;
        return true;
    }
    return false;
}

bool ScriptReader::in_time_order() const {
    return state_->in_order;
}

ScriptCheck check_events(std::istream& in, const std::string& filename, const Tree& tree,
                         Diagnostics& diagnostics) {
    ScriptReader reader(in, filename, tree, diagnostics);
    ScriptCheck check;
    ScriptEvent event;
    while (reader.next(event)) ++check.events;
    check.in_time_order = reader.in_time_order();
    return check;
}

SortedScript::SortedScript(const std::vector<ScriptEvent>& events) {
    order_.reserve(events.size());
    for (const auto& e : events) order_.push_back(&e);
    std::stable_sort(order_.begin(), order_.end(),
                     [](const ScriptEvent* a, const ScriptEvent* b) { return a->t_us < b->t_us; });
}

bool SortedScript::next(ScriptEvent& out) {
    if (next_ >= order_.size()) return false;
    out = *order_[next_++];
    return true;
}

}  // namespace appgraph::supervision
