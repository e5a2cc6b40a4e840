// `supsim order`, `supsim check` and `supsim tolerate`: render the library's answers about a tree
// as aligned text or JSON.

#include <algorithm>
#include <string>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "common/did_you_mean.hpp"
#include "common/files.hpp"
#include "common/json_output.hpp"
#include "common/json_string.hpp"
#include "common/output.hpp"
#include "libappgraph/supervision/analysis.hpp"
#include "libappgraph/supervision/events.hpp"

namespace supsim {

namespace sup = appgraph::supervision;
using toolcommon::format;

namespace {

std::string ms_text(const std::optional<std::int64_t>& ms) {
    if (!ms) return "infinity";
    return sup::format_seconds(*ms * 1000) + " s";
}

// A worst case in milliseconds: {"worst_ms": N, "unbounded": false}, or null and true when an
// infinity worker can wait forever.
nlohmann::ordered_json bound_json(const std::optional<std::int64_t>& ms) {
    return {{"worst_ms", ms ? nlohmann::ordered_json(*ms) : nlohmann::ordered_json(nullptr)},
            {"unbounded", !ms.has_value()}};
}

std::string json_seconds(const std::optional<std::int64_t>& us) {
    return us ? sup::format_seconds(*us) : std::string("null");
}

std::string json_quoted(const std::string& text) {
    std::string out;
    toolcommon::append_json_string(out, text);
    return out;
}

void print_list(toolcommon::Output& out, const char* title,
                const std::vector<sup::OrderedProcess>& list) {
    out << title << '\n';
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& p = list[i];
        std::string line = std::string(static_cast<std::size_t>(p.depth) * 2, ' ') + p.path;
        if (p.application) line += "  (application)";
        if (!p.note.empty()) line += "  (" + p.note + ")";
        out << format("%4zu  %s\n", i + 1, line.c_str());
    }
}

}  // namespace

std::vector<std::string> tolerable_paths(const sup::Tree& tree) {
    std::vector<std::string> paths;
    for (std::string& path : sup::list_process_paths(tree))
        if (tree.bare || path.find('/') != std::string::npos) paths.push_back(std::move(path));
    return paths;
}

namespace {

// check --json: {"tree", "ok", "errors": [...], "warnings": [...], and for a valid tree the
// counts "applications", "supervisors", "processes"}.
nlohmann::ordered_json check_json(const Options& options, bool ok,
                                  const std::vector<appgraph::Diagnostic>& diagnostics) {
    nlohmann::ordered_json doc{{"tree", toolcommon::input_name(options.tree_file)},
                               {"ok", ok},
                               {"errors", nlohmann::ordered_json::array()},
                               {"warnings", nlohmann::ordered_json::array()}};
    for (const appgraph::Diagnostic& d : diagnostics)
        doc[d.severity == appgraph::Severity::error ? "errors" : "warnings"].push_back(
            toolcommon::diagnostic_json(d));
    return doc;
}

}  // namespace

int check_command(const Options& options, toolcommon::Output& out,
                  const toolcommon::Reporter& diag) {
    int exit_code = toolcommon::exit_ok;
    std::vector<appgraph::Diagnostic> errors;
    auto tree = load_tree_file(options, diag, exit_code, &errors);
    if (!tree) {
        if (options.json)
            toolcommon::write_json(out, toolcommon::to_json(check_json(options, false, errors)),
                                   options.json);
        return exit_code;
    }
    const std::optional<appgraph::Diagnostic> warning = unknown_values(*tree, options.tree_file);
    if (warning) toolcommon::report(diag, *warning);
    // Counts for the confirmation line: supervisors and processes that start at boot.
    sup::OrderReport order = sup::order_tree(*tree);
    std::size_t applications = tree->bare ? 0 : tree->applications.size();
    std::size_t supervisors = order.shutdown.size() - applications;
    std::size_t processes = order.start_order.size() - applications;
    if (options.json) {
        nlohmann::ordered_json doc =
            check_json(options, true,
                       warning ? std::vector<appgraph::Diagnostic>{*warning}
                               : std::vector<appgraph::Diagnostic>{});
        doc["applications"] = applications;
        doc["supervisors"] = supervisors;
        doc["processes"] = processes;
        toolcommon::write_json(out, toolcommon::to_json(doc), options.json);
        return toolcommon::exit_ok;
    }
    out << format("%s: ok: %zu application%s, %zu supervisor%s, %zu process%s started at boot\n",
                  toolcommon::input_name(options.tree_file).c_str(), applications,
                  applications == 1 ? "" : "s", supervisors, supervisors == 1 ? "" : "s", processes,
                  processes == 1 ? "" : "es");
    return toolcommon::exit_ok;
}

int order_command(const Options& options, toolcommon::Output& out,
                  const toolcommon::Reporter& diag) {
    int exit_code = toolcommon::exit_ok;
    auto tree = load_tree_file(options, diag, exit_code);
    if (!tree) return exit_code;
    sup::OrderReport report = sup::order_tree(*tree);
    if (options.json) {
        nlohmann::ordered_json doc{{"start_order", nlohmann::ordered_json::array()},
                                   {"stop_order", nlohmann::ordered_json::array()},
                                   {"shutdown", nlohmann::ordered_json::array()}};
        for (const auto& p : report.start_order) doc["start_order"].push_back(p.path);
        for (const auto& p : report.stop_order) doc["stop_order"].push_back(p.path);
        for (const auto& bound : report.shutdown) {
            nlohmann::ordered_json entry{{"path", bound.path}};
            entry.update(bound_json(bound.ms));
            doc["shutdown"].push_back(entry);
        }
        if (!tree->bare) doc["node"] = bound_json(report.node_ms);
        toolcommon::write_json(out, toolcommon::to_json(doc), options.json);
        return toolcommon::exit_ok;
    }
    print_list(out, "start order", report.start_order);
    out << '\n';
    print_list(out, "stop order", report.stop_order);
    out << format(
        "\nworst-case shutdown (from the shutdown settings; infinity: an infinity worker can wait "
        "forever)\n");
    std::size_t width = 4;
    for (const auto& s : report.shutdown) width = std::max(width, s.path.size());
    for (const auto& s : report.shutdown)
        out << format("  %-*s  %s\n", static_cast<int>(width), s.path.c_str(),
                      ms_text(s.ms).c_str());
    if (!tree->bare)
        out << format("  %-*s  %s\n", static_cast<int>(width), "node",
                      ms_text(report.node_ms).c_str());
    return toolcommon::exit_ok;
}

namespace {

// "5.7 to 17.1 s after the first crash (crash 4 to 10)", or one figure when they are the same.
std::string give_up_span(const sup::GiveUpTimes& g, bool crashes) {
    std::string out = sup::format_seconds(g.earliest_us);
    if (g.latest_us != g.earliest_us) out += " to " + sup::format_seconds(g.latest_us);
    out += " s after the first crash";
    if (crashes) {
        out += " (crash " + std::to_string(g.earliest_crash);
        if (g.latest_crash != g.earliest_crash) out += " to " + std::to_string(g.latest_crash);
        out += ")";
    }
    return out;
}

// What a level does at the interval asked about, over all phases.
std::string outcome_text(const sup::ToleranceLevel& l) {
    const sup::GiveUpTimes& g = *l.at_interval;
    const char* verb = l.kind == sup::ToleranceLevel::Kind::supervisor    ? "gives up"
                       : l.kind == sup::ToleranceLevel::Kind::application ? "ends"
                                                                          : "halts";
    const bool crashes = l.kind == sup::ToleranceLevel::Kind::supervisor;
    if (g.gave_up == 0 && g.undecided == 0) return "survives at every phase";
    std::string out;
    if (g.gave_up == g.phases) {
        out = std::string(verb) + " at every phase, " + give_up_span(g, crashes);
    } else if (g.gave_up > 0) {
        out = std::string(verb) + " at " + std::to_string(g.gave_up) + " of " +
              std::to_string(g.phases) + " phases, " + give_up_span(g, crashes);
        if (g.undecided == 0) out += "; survives at the others";
    }
    if (g.undecided > 0)
        out += std::string(out.empty() ? "" : "; ") + "at " + std::to_string(g.undecided) +
               " phases not within " + std::to_string(g.horizon) + " crashes";
    return out;
}

std::string times_json(const sup::GiveUpTimes& g) {
    std::string json = "{\"phases\":" + std::to_string(g.phases) +
                       ",\"gives_up_at\":" + std::to_string(g.gave_up) +
                       ",\"undecided\":" + std::to_string(g.undecided) +
                       ",\"horizon_crashes\":" + std::to_string(g.horizon);
    if (g.gave_up > 0)
        json += ",\"earliest\":" + sup::format_seconds(g.earliest_us) +
                ",\"latest\":" + sup::format_seconds(g.latest_us) +
                ",\"earliest_crash\":" + std::to_string(g.earliest_crash) +
                ",\"latest_crash\":" + std::to_string(g.latest_crash);
    return json + "}";
}

}  // namespace

int tolerate_command(const Options& options, toolcommon::Output& out,
                     const toolcommon::Reporter& diag) {
    std::optional<std::int64_t> interval_us;
    if (options.interval) {
        std::int64_t us = 0;
        if (!sup::parse_seconds(*options.interval, us) || us <= 0 || us % 1000 != 0)
            throw toolcommon::UsageError(
                "--interval: expected a positive number of seconds with at most 3 decimals, got " +
                *options.interval);
        interval_us = us;
    }
    int exit_code = toolcommon::exit_ok;
    auto tree = load_tree_file(options, diag, exit_code);
    if (!tree) return exit_code;
    appgraph::Diagnostics diagnostics;
    sup::ToleranceReport report = sup::tolerate(*tree, options.path, diagnostics, interval_us);
    if (!diagnostics.ok()) {
        // The closest process path the command accepts at the same depth, for a misspelt one.
        std::vector<std::string> accepted;
        const auto depth = std::count(options.path.begin(), options.path.end(), '/');
        for (std::string& path : tolerable_paths(*tree))
            if (std::count(path.begin(), path.end(), '/') == depth)
                accepted.push_back(std::move(path));
        for (appgraph::Diagnostic d : diagnostics.all()) {
            d.message += toolcommon::did_you_mean(options.path, accepted);
            toolcommon::report(diag, d);
        }
        return toolcommon::exit_code_for(diagnostics);
    }
    if (options.json) {
        std::string json = "{\"path\":" + json_quoted(report.path);
        if (report.interval_us) json += ",\"interval\":" + sup::format_seconds(*report.interval_us);
        json += ",\"levels\":[";
        for (std::size_t i = 0; i < report.levels.size(); ++i) {
            const auto& l = report.levels[i];
            if (i) json += ',';
            json += "{\"level\":\"" + std::string(appgraph::to_string(l.kind)) +
                    "\",\"path\":" + json_quoted(l.path);
            if (l.kind == sup::ToleranceLevel::Kind::supervisor)
                json += ",\"intensity\":" + std::to_string(l.intensity) +
                        ",\"period\":" + std::to_string(l.period);
            json += ",\"always_survives\":";
            json += l.always_survives ? "true" : "false";
            if (!l.always_survives) {
                json += ",\"survives_from\":" + json_seconds(l.survives_from_us);
                json += ",\"gives_up_below\":" + json_seconds(l.gives_up_below_us);
            }
            if (l.at_interval) json += ",\"at_interval\":" + times_json(*l.at_interval);
            if (!l.note.empty()) json += ",\"note\":" + json_quoted(l.note);
            json += '}';
        }
        json += "]}";
        toolcommon::write_json(out, json, options.json);
        return toolcommon::exit_ok;
    }
    std::size_t width = 5;
    for (const auto& l : report.levels) width = std::max(width, l.path.size() + 14);
    const auto name_of = [](const sup::ToleranceLevel& l) {
        return l.path + (l.kind == sup::ToleranceLevel::Kind::application ? " (application)" : "");
    };
    const auto intensity_of = [](const sup::ToleranceLevel& l) {
        return l.kind == sup::ToleranceLevel::Kind::supervisor
                   ? std::to_string(l.intensity) + " in " + std::to_string(l.period) + " s"
                   : std::string();
    };
    if (report.interval_us) {
        const auto phases = report.levels.empty() ? 0 : report.levels.front().at_interval->phases;
        out << format(
            "%s crashing every %s s, over all phases of the whole-second boundaries "
            "(%llu distinct):\n",
            report.path.c_str(), sup::format_seconds(*report.interval_us).c_str(),
            static_cast<unsigned long long>(phases));
        out << format("  %-*s  %-10s  %s\n", static_cast<int>(width), "level", "intensity",
                      "outcome");
        for (const auto& l : report.levels)
            out << format("  %-*s  %-10s  %s\n", static_cast<int>(width), name_of(l).c_str(),
                          intensity_of(l).c_str(), outcome_text(l).c_str());
    } else {
        out << format("%s crashing at a steady interval D:\n", report.path.c_str());
        out << format("  %-*s  %-10s  %-18s  %s\n", static_cast<int>(width), "level", "intensity",
                      "survives when", "gives up when");
        for (const auto& l : report.levels) {
            std::string survives, gives_up;
            if (l.always_survives) {
                survives = "any D";
                gives_up = "never";
            } else if (!l.survives_from_us) {
                survives = "no D";
                gives_up = "any D";
            } else {
                survives = "D >= " + sup::format_seconds(*l.survives_from_us) + " s";
                gives_up = l.gives_up_below_us
                               ? "D < " + sup::format_seconds(*l.gives_up_below_us) + " s"
                               : "not sure for any D";
            }
            out << format("  %-*s  %-10s  %-18s  %s\n", static_cast<int>(width), name_of(l).c_str(),
                          intensity_of(l).c_str(), survives.c_str(), gives_up.c_str());
        }
        out << format(
            "Both whatever the phase of the whole-second boundaries; the phase only decides how "
            "soon a level\ngives up: supsim tolerate --interval D gives the earliest and the "
            "latest.\n");
    }
    for (const auto& l : report.levels)
        if (!l.note.empty()) out << format("  %s: %s\n", l.path.c_str(), l.note.c_str());
    return toolcommon::exit_ok;
}

}  // namespace supsim
