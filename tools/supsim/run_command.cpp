// `supsim run TREE EVENTS`: loads both files, simulates, streams the trace (JSON lines or aligned
// text) and ends with a summary: restarts per supervisor, what still runs, whether the node
// halted (on a Nerves device, a reboot). Also the shared tree loading used by every subcommand.

#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "common/files.hpp"
#include "common/json_string.hpp"
#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/simulator.hpp"
#include "svg_timeline.hpp"
#include "trace_render.hpp"

namespace supsim {

namespace sup = appgraph::supervision;

using toolcommon::append_json_string;

namespace {

// The text of an input file, or nullopt after reporting why it cannot be read.
std::optional<std::string> read_or_report(const std::string& path,
                                          const toolcommon::Reporter& diag) {
    try {
        return toolcommon::read_input(path);
    } catch (const toolcommon::FileError& e) {
        diag.error(e.what());
        return std::nullopt;
    }
}

}  // namespace

std::optional<sup::Tree> load_tree_file(const Options& options, const toolcommon::Reporter& diag,
                                        int& exit_code) {
    auto text = read_or_report(options.tree_file, diag);
    if (!text) {
        exit_code = exit_io;
        return std::nullopt;
    }
    sup::LoadTreeOptions load_options;
    load_options.elixir_defaults = options.elixir_defaults;
    appgraph::Diagnostics diagnostics;
    sup::Tree tree =
        sup::load_tree(*text, toolcommon::input_name(options.tree_file), diagnostics, load_options);
    toolcommon::report_all(diag, diagnostics);
    if (!diagnostics.ok()) {
        exit_code = exit_invalid_input;
        return std::nullopt;
    }
    return tree;
}

void warn_unknown_values(const sup::Tree& tree, const std::string& tree_file,
                         const toolcommon::Reporter& diag) {
    auto unknown = sup::unknown_values(tree);
    if (unknown.empty()) return;
    std::string list;
    for (const auto& [key, count] : unknown)
        list += (list.empty() ? "" : ", ") + key + " of " + std::to_string(count) +
                (count == 1 ? " process" : " processes");
    diag.report(toolcommon::Severity::warning, toolcommon::input_name(tree_file),
                "values not captured from the node (written null): " + list +
                    "; supsim uses its defaults, write the real values in their place");
}

namespace {

// Streams trace lines to stdout through one buffer; keeps a copy for the SVG when asked.
class PrintingSink : public sup::TraceSink {
public:
    PrintingSink(bool json, std::vector<RecordedEvent>* record) : json_(json), record_(record) {}
    ~PrintingSink() override { flush(); }

    void on_event(const sup::TraceEvent& e) override {
        buffer_ += json_ ? format_json_line(e) : format_text_line(e);
        buffer_ += '\n';
        if (buffer_.size() > (1 << 16)) flush();
        if (record_)
            record_->push_back({e.t_us, e.kind, std::string(e.path), std::string(e.reason)});
    }

    void flush() {
        std::fwrite(buffer_.data(), 1, buffer_.size(), stdout);
        buffer_.clear();
    }

private:
    bool json_;
    std::vector<RecordedEvent>* record_;
    std::string buffer_;
};

void print_text_summary(const sup::Tree& tree, const sup::SimulationSummary& s) {
    std::printf("\nsummary at t=%s s (%llu scripted events, %llu trace events)\n",
                sup::format_seconds(s.end_us).c_str(),
                static_cast<unsigned long long>(s.script_events),
                static_cast<unsigned long long>(s.trace_events));
    std::size_t width = 10;
    for (const auto& c : s.supervisors) width = std::max(width, c.path.size());
    std::printf("  %-*s  %8s  %7s\n", static_cast<int>(width), "supervisor", "restarts", "gave up");
    for (const auto& c : s.supervisors)
        std::printf("  %-*s  %8llu  %7llu\n", static_cast<int>(width), c.path.c_str(),
                    static_cast<unsigned long long>(c.restarts),
                    static_cast<unsigned long long>(c.give_ups));
    std::printf("  still running: %zu process%s\n", s.running.size(),
                s.running.size() == 1 ? "" : "es");
    for (const auto& p : s.running) std::printf("    %s\n", p.c_str());
    if (!tree.bare) {
        for (const auto& a : s.applications) {
            if (a.running)
                std::printf("  application %s (%s): running\n", a.name.c_str(),
                            appgraph::to_string(a.start_type));
            else
                std::printf("  application %s (%s): stopped, reason %s\n", a.name.c_str(),
                            appgraph::to_string(a.start_type), a.exit_reason.c_str());
        }
    } else if (!s.applications.empty()) {
        const auto& a = s.applications.front();
        if (s.running.empty())
            std::printf("  root supervisor: stopped, reason %s\n", a.exit_reason.c_str());
        else
            std::printf("  root supervisor: running\n");
    }
    if (s.node_halted) {
        std::printf("  node: HALTED at t=%s s: application %s ended with reason %s\n",
                    sup::format_seconds(s.halt_us).c_str(), s.halt_application.c_str(),
                    s.halt_reason.c_str());
        std::printf(
            "        on a Nerves device the VM exiting means a reboot (erlinit restarts the "
            "device\n"
            "        unless --hang-on-exit or --poweroff-on-exit is set)\n");
    } else if (!tree.bare) {
        std::printf("  node: running\n");
    }
}

void print_json_summary(const sup::SimulationSummary& s) {
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
    std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

int run_command(const Options& options, const toolcommon::Reporter& diag) {
    int exit_code = exit_ok;
    auto tree = load_tree_file(options, diag, exit_code);
    if (!tree) return exit_code;
    warn_unknown_values(*tree, options.tree_file, diag);
    auto script_text = read_or_report(options.events_file, diag);
    if (!script_text) return exit_io;
    appgraph::Diagnostics diagnostics;
    std::vector<sup::ScriptEvent> events = sup::parse_events(
        *script_text, toolcommon::input_name(options.events_file), *tree, diagnostics);
    toolcommon::report_all(diag, diagnostics);
    if (!diagnostics.ok()) return exit_invalid_input;
    sup::SimulationOptions sim;
    if (options.until) {
        std::int64_t until = 0;
        sup::parse_seconds(*options.until, until);
        sim.until_us = until;
    }
    if (!sup::parse_seconds(options.phase, sim.phase_us) || sim.phase_us >= 1000000) {
        diag.error("--phase: expected seconds in [0,1), got " + options.phase);
        return exit_usage;
    }
    std::vector<RecordedEvent> recorded;
    sup::SimulationSummary summary;
    {
        PrintingSink sink(options.json, options.svg_file.empty() ? nullptr : &recorded);
        summary = sup::simulate(*tree, events, sim, sink);
    }
    if (options.json)
        print_json_summary(summary);
    else
        print_text_summary(*tree, summary);
    std::fflush(stdout);
    if (!options.svg_file.empty()) {
        std::string svg = render_svg_timeline(*tree, recorded, summary);
        try {
            toolcommon::write_file_atomically(options.svg_file, svg);
        } catch (const toolcommon::FileError& e) {
            diag.error(e.what());
            return exit_io;
        }
    }
    return exit_ok;
}

}  // namespace supsim
