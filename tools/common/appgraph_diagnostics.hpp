#pragma once
// libappgraph's diagnostics through the one Reporter, for the two tools built on libappgraph
// (appgraph and supsim; fwkv does not include this header, so tools/common does not depend on
// libappgraph). A diagnostic with a place prints it ("FILE:LINE:COL: message", "FILE:
// json.path: message") with its snippet under it; one without a place (a resolver error) is
// named by its kind ("circular_dependencies: ..."), and a cycle prints one edge per line.

#include <string>

#include "common/reporter.hpp"
#include "libappgraph/diagnostic.hpp"

namespace toolcommon {

inline void report(const Reporter& reporter, const appgraph::Diagnostic& d) {
    const std::string location = appgraph::describe(d.where);
    std::string message = d.message;
    if (!d.cycle.empty()) {
        std::string involved;
        for (const std::string& name : d.involved)
            involved += (involved.empty() ? "" : ", ") + name;
        message = "circular dependencies among " + involved + "; one cycle:";
    }
    if (location.empty()) message = std::string(appgraph::to_string(d.kind)) + ": " + message;
    std::string details = d.snippet;
    for (const appgraph::CycleStep& step : d.cycle)
        details +=
            (details.empty() ? "" : "\n") + step.from + " -> " + step.to + ": " + step.reason;
    reporter.report(d.severity == appgraph::Severity::error ? Severity::error : Severity::warning,
                    location, message, details);
}

// Every diagnostic kept, then how many more there were.
inline void report_all(const Reporter& reporter, const appgraph::Diagnostics& diagnostics) {
    for (const appgraph::Diagnostic& d : diagnostics.all()) report(reporter, d);
    if (diagnostics.not_kept() > 0)
        reporter.note("(" + std::to_string(diagnostics.not_kept()) + " more problems not shown)");
}

}  // namespace toolcommon
