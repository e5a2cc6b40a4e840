// `supsim run TREE EVENTS`: loads both files, simulates, streams the trace (JSON lines or aligned
// text) and ends with a summary: restarts per supervisor, what still runs, whether the node
// halted (on a Nerves device, a reboot). Also the shared tree loading used by every subcommand.
// EVENTS is read twice: a first pass reports every problem and simulates nothing, a second one
// simulates as it reads, so a long script is never held in memory. A script whose lines are not
// in time order is read whole and sorted instead (equal times in file order), as the simulator
// requires.

#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "common/content.hpp"
#include "common/exit_codes.hpp"
#include "common/files.hpp"
#include "common/json_string.hpp"
#include "common/tool.hpp"
#include "events_input.hpp"
#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/simulator.hpp"
#include "svg_timeline.hpp"
#include "trace_render.hpp"

namespace supsim {

namespace sup = appgraph::supervision;

using toolcommon::append_json_string;

void hint_if_swapped(const std::string& path, std::string_view text, const char* operand,
                     const toolcommon::Reporter& diag) {
    const toolcommon::Content looks = toolcommon::what_it_looks_like(text);
    const toolcommon::Content expected = std::string_view(operand) == "TREE"
                                             ? toolcommon::Content::supervision_tree
                                             : toolcommon::Content::events_file;
    if (looks == expected || looks == toolcommon::Content::unknown) return;
    std::string hint = toolcommon::looks_like(toolcommon::input_name(path), looks);
    if (looks == toolcommon::Content::events_file || looks == toolcommon::Content::supervision_tree)
        hint += " (supsim run takes TREE, then EVENTS)";
    diag.note("hint: " + hint);
}

std::optional<sup::Tree> load_tree_file(const Options& options, const toolcommon::Reporter& diag,
                                        int& exit_code, std::vector<appgraph::Diagnostic>* errors) {
    const std::string text = toolcommon::read_input(options.tree_file);
    sup::LoadTreeOptions load_options;
    load_options.elixir_defaults = options.elixir_defaults;
    load_options.otp_release = options.otp;
    appgraph::Diagnostics diagnostics(appgraph::Diagnostics::Mode::collect_all,
                                      toolcommon::Reporter::kMaxReports);
    sup::Tree tree =
        sup::load_tree(text, toolcommon::input_name(options.tree_file), diagnostics, load_options);
    toolcommon::report_all(diag, diagnostics);
    if (!diagnostics.ok()) {
        hint_if_swapped(options.tree_file, text, "TREE", diag);
        exit_code = toolcommon::exit_code_for(diagnostics);
        if (errors) *errors = diagnostics.all();
        return std::nullopt;
    }
    return tree;
}

std::optional<appgraph::Diagnostic> unknown_values(const sup::Tree& tree,
                                                   const std::string& tree_file) {
    auto unknown = sup::unknown_values(tree);
    if (unknown.empty()) return std::nullopt;
    std::string list;
    for (const auto& [key, count] : unknown)
        list += (list.empty() ? "" : ", ") + key + " of " + std::to_string(count) +
                (count == 1 ? " process" : " processes");
    appgraph::Diagnostic d = appgraph::make_error(
        appgraph::DiagnosticKind::values_not_captured,
        appgraph::SourceLocation{toolcommon::input_name(tree_file), 0, 0, {}},
        "values not captured from the node (written null): " + list +
            "; supsim uses its defaults, write the real values in their place");
    d.severity = appgraph::Severity::warning;
    return d;
}

void warn_unknown_values(const sup::Tree& tree, const std::string& tree_file,
                         const toolcommon::Reporter& diag) {
    if (auto warning = unknown_values(tree, tree_file)) toolcommon::report(diag, *warning);
}

namespace {

// Streams trace lines to standard output; keeps a copy for the SVG when asked.
class PrintingSink : public sup::TraceSink {
public:
    PrintingSink(toolcommon::Output& out, bool json, std::vector<RecordedEvent>* record)
        : out_(out), json_(json), record_(record) {}

    void on_event(const sup::TraceEvent& e) override {
        std::string& buffer = out_.buffer();
        if (json_)
            append_json_line(buffer, e);
        else
            append_text_line(buffer, e);
        buffer += '\n';
        out_.flush_if_full();
        if (record_)
            record_->push_back({e.t_us, e.kind, std::string(e.path), std::string(e.reason)});
    }

private:
    toolcommon::Output& out_;
    bool json_;
    std::vector<RecordedEvent>* record_;
};

void print_text_summary(toolcommon::Output& out, const sup::Tree& tree,
                        const sup::SimulationSummary& s) {
    out << toolcommon::format("\nsummary at t=%s s (%llu scripted events, %llu trace events)\n",
                              sup::format_seconds(s.end_us).c_str(),
                              static_cast<unsigned long long>(s.script_events),
                              static_cast<unsigned long long>(s.trace_events));
    std::size_t width = 10;
    for (const auto& c : s.supervisors) width = std::max(width, c.path.size());
    out << toolcommon::format("  %-*s  %8s  %7s\n", static_cast<int>(width), "supervisor",
                              "restarts", "gave up");
    for (const auto& c : s.supervisors)
        out << toolcommon::format("  %-*s  %8llu  %7llu\n", static_cast<int>(width), c.path.c_str(),
                                  static_cast<unsigned long long>(c.restarts),
                                  static_cast<unsigned long long>(c.give_ups));
    out << toolcommon::format("  still running: %zu process%s\n", s.running.size(),
                              s.running.size() == 1 ? "" : "es");
    for (const auto& p : s.running) out << toolcommon::format("    %s\n", p.c_str());
    if (!tree.bare) {
        for (const auto& a : s.applications) {
            if (a.running)
                out << toolcommon::format("  application %s (%s): running\n", a.name.c_str(),
                                          appgraph::to_string(a.start_type));
            else
                out << toolcommon::format("  application %s (%s): stopped, reason %s\n",
                                          a.name.c_str(), appgraph::to_string(a.start_type),
                                          a.exit_reason.c_str());
        }
    } else if (!s.applications.empty()) {
        const auto& a = s.applications.front();
        if (s.running.empty())
            out << toolcommon::format("  root supervisor: stopped, reason %s\n",
                                      a.exit_reason.c_str());
        else
            out << toolcommon::format("  root supervisor: running\n");
    }
    if (s.node_halted && s.halt_requested) {
        out << toolcommon::format("  node: stopped at t=%s s by stop-node (init:stop)\n",
                                  sup::format_seconds(s.halt_us).c_str());
    } else if (s.node_halted) {
        out << toolcommon::format("  node: HALTED at t=%s s because of application %s: %s\n",
                                  sup::format_seconds(s.halt_us).c_str(),
                                  s.halt_application.c_str(), s.halt_reason.c_str());
        out << toolcommon::format(
            "        on a Nerves device the VM exiting means a reboot (erlinit restarts the "
            "device\n"
            "        unless --hang-on-exit or --poweroff-on-exit is set)\n");
    } else if (!tree.bare) {
        out << toolcommon::format("  node: running\n");
    }
}

void print_json_summary(toolcommon::Output& sink, const sup::SimulationSummary& s) {
    std::string out = "{\"event\":\"summary\",\"t\":" + sup::format_seconds(s.end_us) +
                      ",\"script_events\":" + std::to_string(s.script_events) +
                      ",\"trace_events\":" + std::to_string(s.trace_events) + ",\"supervisors\":[";
    for (std::size_t i = 0; i < s.supervisors.size(); ++i) {
        if (i) out += ',';
        out += "{\"path\":";
        append_json_string(out, s.supervisors[i].path);
        out += ",\"restarts\":" + std::to_string(s.supervisors[i].restarts) +
               ",\"give_ups\":" + std::to_string(s.supervisors[i].give_ups) + "}";
    }
    out += "],\"running\":[";
    for (std::size_t i = 0; i < s.running.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, s.running[i]);
    }
    out += "],\"applications\":[";
    for (std::size_t i = 0; i < s.applications.size(); ++i) {
        const auto& a = s.applications[i];
        if (i) out += ',';
        out += "{\"name\":";
        append_json_string(out, a.name);
        out += ",\"start_type\":\"" + std::string(appgraph::to_string(a.start_type)) +
               "\",\"running\":" + (a.running ? "true" : "false");
        if (!a.running) {
            out += ",\"reason\":";
            append_json_string(out, a.exit_reason);
        }
        out += '}';
    }
    out += "],\"node_halted\":";
    out += s.node_halted ? "true" : "false";
    if (s.node_halted) {
        out += ",\"halt\":{\"t\":" + sup::format_seconds(s.halt_us) + ",\"application\":";
        append_json_string(out, s.halt_application);
        out += ",\"reason\":";
        append_json_string(out, s.halt_reason);
        out += '}';
    }
    out += "}\n";
    sink << out;
}

}  // namespace

int run_command(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    if (options.tree_file == "-" && options.events_file == "-")
        throw toolcommon::UsageError("TREE and EVENTS cannot both be standard input ('-')");
    int exit_code = toolcommon::exit_ok;
    auto tree = load_tree_file(options, diag, exit_code);
    if (!tree) return exit_code;
    warn_unknown_values(*tree, options.tree_file, diag);
    EventsInput input(options.events_file);
    const std::string events_name = toolcommon::input_name(options.events_file);
    auto whole_text = [&] {
        std::istream& in = input.rewind();
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    appgraph::Diagnostics diagnostics(appgraph::Diagnostics::Mode::collect_all,
                                      toolcommon::Reporter::kMaxReports);
    const sup::ScriptCheck check =
        sup::check_events(input.rewind(), events_name, *tree, diagnostics);
    toolcommon::report_all(diag, diagnostics);
    if (!diagnostics.ok()) {
        hint_if_swapped(options.events_file, whole_text(), "EVENTS", diag);
        return toolcommon::exit_code_for(diagnostics);
    }
    sup::SimulationOptions sim;
    sim.otp_release = options.otp;
    if (options.until) {
        std::int64_t until = 0;
        sup::parse_seconds(*options.until, until);
        sim.until_us = until;
    }
    sim.settle = options.settle;
    if (!sup::parse_seconds(options.phase, sim.phase_us) || sim.phase_us >= 1000000) {
        diag.error("--phase: expected seconds in [0,1), got " + options.phase);
        return toolcommon::exit_usage;
    }
    std::vector<RecordedEvent> recorded;
    sup::SimulationSummary summary;
    {
        PrintingSink sink(out, options.json.json, options.svg_file.empty() ? nullptr : &recorded);
        // The second pass meets no problem: the first one found none.
        appgraph::Diagnostics again;
        if (check.in_time_order) {
            sup::ScriptReader reader(input.rewind(), events_name, *tree, again);
            summary = sup::simulate(*tree, reader, sim, sink);
        } else {
            const std::vector<sup::ScriptEvent> events =
                sup::parse_events(whole_text(), events_name, *tree, again);
            summary = sup::simulate(*tree, events, sim, sink);
        }
    }
    if (options.json)
        print_json_summary(out, summary);
    else
        print_text_summary(out, *tree, summary);
    out.flush();
    if (!options.svg_file.empty())
        toolcommon::write_file_atomically(options.svg_file,
                                          render_svg_timeline(*tree, recorded, summary));
    // A node the script stops on purpose (stop-node) is not what --fail-on-halt guards against.
    if (options.fail_on_halt && summary.node_halted && !summary.halt_requested)
        return toolcommon::exit_negative;
    return toolcommon::exit_ok;
}

}  // namespace supsim
