#pragma once
// Test support: run a tree (JSON text) through a script (text) and get the trace as compact lines
// "T EVENT PATH [REASON]", so expectations read like the scenario they check. Every run is made
// twice, with the script parsed whole and with it read line by line (as `supsim run` streams it),
// and the two must agree to the last event.

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "libappgraph/supervision/analysis.hpp"
#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/simulator.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

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

// Where a diagnostic points, as the tests write it: "LINE:COL" in a text, the JSON path in a
// document.
inline std::string place(const appgraph::Diagnostic& d) {
    if (d.where.line > 0)
        return std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
    return d.where.json_path;
}

// Every diagnostic as "PLACE: message" lines.
inline std::string lines_of(const appgraph::Diagnostics& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics.all()) out += place(d) + ": " + d.message + "\n";
    return out;
}

// The problems loading `json` reports, as lines_of prints them ("" for a valid tree).
inline std::string tree_errors(const std::string& json, int otp = kDefaultOtpRelease) {
    appgraph::Diagnostics diagnostics;
    LoadTreeOptions options;
    options.otp_release = otp;
    load_tree(json, "tree.json", diagnostics, options);
    return lines_of(diagnostics);
}

inline Tree load(const std::string& json, bool elixir = false, int otp = kDefaultOtpRelease) {
    LoadTreeOptions options;
    options.elixir_defaults = elixir;
    options.otp_release = otp;
    appgraph::Diagnostics diagnostics;
    Tree tree = load_tree(json, "tree.json", diagnostics, options);
    for (const auto& d : diagnostics.all()) FAIL_CHECK(appgraph::format_diagnostic(d));
    REQUIRE(diagnostics.ok());
    return tree;
}

// The problems parsing `script` against the tree `json` reports, as lines_of prints them.
inline std::string script_errors(const std::string& script, const std::string& json) {
    Tree tree = load(json);
    appgraph::Diagnostics diagnostics;
    parse_events(script, "events.txt", tree, diagnostics);
    return lines_of(diagnostics);
}

inline std::vector<ScriptEvent> events(const std::string& script, const Tree& tree) {
    appgraph::Diagnostics diagnostics;
    std::vector<ScriptEvent> parsed = parse_events(script, "events.txt", tree, diagnostics);
    for (const auto& d : diagnostics.all()) FAIL_CHECK(appgraph::format_diagnostic(d));
    REQUIRE(diagnostics.ok());
    return parsed;
}

struct Run {
    std::string trace;
    SimulationSummary summary;
};

// Everything a summary reports, as one text, to compare two runs.
inline std::string summary_text(const SimulationSummary& s) {
    std::string out = format_seconds(s.end_us) + " " + std::to_string(s.script_events) + " " +
                      std::to_string(s.trace_events) + " halted " + std::to_string(s.node_halted) +
                      " " + format_seconds(s.halt_us) + " " + s.halt_application + " " +
                      s.halt_reason + "\n";
    for (const auto& c : s.supervisors)
        out += c.path + " " + std::to_string(c.restarts) + " " + std::to_string(c.give_ups) + "\n";
    for (const auto& p : s.running) out += "running " + p + "\n";
    for (const auto& a : s.applications)
        out += a.name + " " + std::to_string(a.running) + " " + a.exit_reason + "\n";
    return out;
}

// The script read line by line, as the second pass of `supsim run` reads it: streamed when its
// lines are in time order, else held whole and sorted.
inline Run run_streamed(const Tree& tree, const std::string& script,
                        const SimulationOptions& options) {
    appgraph::Diagnostics diagnostics;
    std::istringstream first(script);
    const ScriptCheck check = check_events(first, "events.txt", tree, diagnostics);
    REQUIRE(diagnostics.ok());
    CompactSink sink;
    Run r;
    std::istringstream in(script);
    ScriptReader reader(in, "events.txt", tree, diagnostics);
    if (check.in_time_order) {
        r.summary = simulate(tree, reader, options, sink);
    } else {
        std::vector<ScriptEvent> all;
        ScriptEvent e;
        while (reader.next(e)) all.push_back(e);
        SortedScript sorted(all);
        r.summary = simulate(tree, sorted, options, sink);
    }
    r.trace = sink.text;
    return r;
}

inline Run run(const std::string& json, const std::string& script, SimulationOptions options = {}) {
    Tree tree = load(json, false, options.otp_release);
    std::vector<ScriptEvent> parsed = events(script, tree);
    CompactSink sink;
    Run r;
    r.summary = simulate(tree, parsed, options, sink);
    r.trace = sink.text;
    const Run streamed = run_streamed(tree, script, options);
    CHECK_MESSAGE(streamed.trace == r.trace, "the streamed script gives another trace");
    CHECK_MESSAGE(summary_text(streamed.summary) == summary_text(r.summary),
                  "the streamed script gives another summary");
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
