#pragma once
// Test support: run a tree (JSON text) through a script (text) and get the trace as compact lines
// "T EVENT PATH [REASON]", so expectations read like the scenario they check.

#include <doctest/doctest.h>

#include <string>

#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/simulator.hpp"
#include "libappgraph/supervision/tree.hpp"

namespace suptest {

using namespace appgraph::supervision;

class CompactSink : public TraceSink {
public:
    void on_event(const TraceEvent& e) override {
        text += format_seconds(e.t_us) + " " + to_string(e.kind) + " " + std::string(e.path);
        if (!e.reason.empty()) text += " " + std::string(e.reason);
        if (e.start_type) text += std::string(" ") + appgraph::to_string(*e.start_type);
        text += "\n";
    }
    std::string text;
};

inline Tree load(const std::string& json, bool elixir = false) {
    LoadTreeOptions options;
    options.elixir_defaults = elixir;
    LoadTreeResult r = load_tree(json, options);
    for (const auto& e : r.errors) FAIL_CHECK(e.location << ": " << e.message);
    REQUIRE(r.ok());
    return r.tree;
}

struct Run {
    std::string trace;
    SimulationSummary summary;
};

inline Run run(const std::string& json, const std::string& script, SimulationOptions options = {}) {
    Tree tree = load(json);
    ParseScriptResult parsed = parse_script(script, tree);
    for (const auto& e : parsed.errors) FAIL_CHECK(e.line << ":" << e.column << ": " << e.message);
    REQUIRE(parsed.ok());
    CompactSink sink;
    Run r;
    r.summary = simulate(tree, parsed.events, options, sink);
    r.trace = sink.text;
    return r;
}

// Only the lines of the trace at or after time `from` (seconds, as written in the trace).
inline std::string after(const std::string& trace, double from) {
    std::string out;
    std::size_t start = 0;
    while (start < trace.size()) {
        std::size_t end = trace.find('\n', start);
        std::string line = trace.substr(start, end - start + 1);
        if (std::stod(line.substr(0, line.find(' '))) >= from) out += line;
        start = end + 1;
    }
    return out;
}

inline int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1))
        ++n;
    return n;
}

}  // namespace suptest
