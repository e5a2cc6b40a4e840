#pragma once
// libappgraph's diagnostics through the one Reporter, for the two tools built on libappgraph
// (appgraph and supsim; fwkv does not include this header, so tools/common does not depend on
// libappgraph). A diagnostic with a place prints it ("FILE:LINE:COL: message", "FILE:
// json.path: message") with its snippet under it; one without a place (a resolver error) is
// named by its kind ("circular_dependencies: ..."), a cycle prints one edge per line, and a
// name that matched nothing gets "did you mean" for the closest accepted one.

#include <exception>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/did_you_mean.hpp"
#include "common/exit_codes.hpp"
#include "common/reporter.hpp"
#include "libappgraph/diagnostic.hpp"
#include "libappgraph/join.hpp"

namespace toolcommon {

// What a diagnostic's kind means in the exit-code table.
inline int exit_code_for(appgraph::DiagnosticKind kind) {
    using K = appgraph::DiagnosticKind;
    switch (kind) {
        case K::io_error:
            return exit_io;
        case K::parse_error:
        case K::bad_event:
            return exit_malformed;
        case K::unsupported_input:
        case K::bad_term:  // a .boot file breaking its format's rules
        case K::bad_script:
        case K::bad_app:
        case K::missing_param:
        case K::bad_param:
        case K::bad_rel:
        case K::bad_manifest:
        case K::bad_tree:
            return exit_invalid_input;
        case K::missing_mandatory_app:  // systools' checks and the resolver's: the release
        case K::mandatory_app:          // does not resolve
        case K::vsn_mismatch:
        case K::app_not_found:
        case K::override_include:
        case K::not_found:
        case K::undefined_applications:
        case K::circular_dependencies:
        case K::duplicate_include:
        case K::duplicate_register:
        case K::include_cycle:
        case K::boot_script_differs:
        case K::unknown_root:  // an application or process asked for is not there
        case K::unknown_process:
            return exit_negative;
        case K::application_not_running:  // capture: an --app that does not run there
            return exit_negative;
        case K::bad_node_name:      // a node name erl would refuse: a bad value on the command line
        case K::ambiguous_release:  // the inputs leave a choice the command line must make
        case K::unknown_release:    // --env or --release names nothing there
            return exit_usage;
        case K::node_unreachable:
        case K::handshake_refused:
            return exit_io;
        case K::unsupported_release:  // the node's state is not of a kind supsim reads
        case K::unexpected_reply:
            return exit_invalid_input;
        case K::shadowed_app:  // warnings
        case K::unstarted_dependency:
        case K::included_use:
        case K::supervisor_skipped:
        case K::values_not_captured:
        case K::children_cut:
            return exit_ok;
    }
    return exit_invalid_input;
}

// The exit code of the first error collected (exit_ok when there is none).
inline int exit_code_for(const appgraph::Diagnostics& diagnostics) {
    for (const appgraph::Diagnostic& d : diagnostics.all())
        if (d.severity == appgraph::Severity::error) return exit_code_for(d.kind);
    return exit_ok;
}

// Whether a kind is one of the errors a release that does not resolve fails with (systools' and
// the resolver's), as against a name on the command line or in an event that names nothing.
inline bool names_unresolved_release(appgraph::DiagnosticKind kind) {
    using K = appgraph::DiagnosticKind;
    return exit_code_for(kind) == exit_negative && kind != K::unknown_root &&
           kind != K::unknown_process && kind != K::application_not_running;
}

inline void report(const Reporter& reporter, const appgraph::Diagnostic& d) {
    const std::string location = appgraph::describe(d.where);
    std::string message = d.message;
    if (!d.cycle.empty()) {
        message = "circular dependencies among " + appgraph::join(d.involved) + "; one cycle:";
    }
    // A release that does not resolve is named by systools' error atom even where it has a
    // place (vsn_mismatch at the .rel entry), so that every command says the same.
    if (location.empty() ||
        (d.severity == appgraph::Severity::error && names_unresolved_release(d.kind)))
        message = std::string(appgraph::to_string(d.kind)) + ": " + message;
    if (!d.unmatched.empty()) message += did_you_mean(d.unmatched, d.accepted);
    std::string details = d.snippet;
    for (const appgraph::CycleStep& step : d.cycle)
        details +=
            (details.empty() ? "" : "\n") + step.from + " -> " + step.to + ": " + step.reason;
    reporter.report(d.severity == appgraph::Severity::error ? Severity::error : Severity::warning,
                    location, message, details);
}

// One diagnostic in the tools' JSON: {"kind", "apps" (the applications or processes involved),
// "message" (with its place in front, as printed), and "pairs" and "cycle" where they apply}.
inline nlohmann::ordered_json diagnostic_json(const appgraph::Diagnostic& d) {
    const std::string where = appgraph::describe(d.where);
    nlohmann::ordered_json j{{"kind", appgraph::to_string(d.kind)},
                             {"apps", d.involved},
                             {"message", (where.empty() ? "" : where + ": ") + d.message}};
    if (!d.pairs.empty()) j["pairs"] = d.pairs;
    if (!d.cycle.empty()) {
        nlohmann::ordered_json steps = nlohmann::ordered_json::array();
        for (const auto& s : d.cycle)
            steps.push_back({{"from", s.from}, {"to", s.to}, {"reason", s.reason}});
        j["cycle"] = steps;
    }
    return j;
}

// Every diagnostic kept, then how many more there were.
inline void report_all(const Reporter& reporter, const appgraph::Diagnostics& diagnostics) {
    for (const appgraph::Diagnostic& d : diagnostics.all()) report(reporter, d);
    if (diagnostics.not_kept() > 0)
        reporter.note("(" + std::to_string(diagnostics.not_kept()) + " more problems not shown)");
}

// The runner's library_error for the tools built on libappgraph: a DiagnosticError that
// escaped a command (a loader that stops at the first problem), reported like any diagnostic.
inline std::optional<int> report_library_error(const std::exception& e, const Reporter& reporter) {
    const auto* error = dynamic_cast<const appgraph::DiagnosticError*>(&e);
    if (error == nullptr) return std::nullopt;
    report(reporter, error->diagnostic());
    return exit_code_for(error->diagnostic().kind);
}

}  // namespace toolcommon
