// `supsim capture`: parses its options, calls capture_node, writes the file, and tells on stderr
// what was captured and what could not be read.

#include "capture_command.hpp"

#include <chrono>

#include "common/appgraph_diagnostics.hpp"
#include "common/did_you_mean.hpp"
#include "common/exit_codes.hpp"
#include "common/files.hpp"
#include "libappgraph/capture/capture.hpp"
#include "libappgraph/capture/node.hpp"
#include "libappgraph/join.hpp"

namespace supsim {

namespace cap = appgraph::capture;

namespace {

std::string plural(std::size_t n, const char* word, const char* words) {
    return std::to_string(n) + " " + (n == 1 ? word : words);
}

}  // namespace

int capture_command(const CaptureCommandOptions& options, toolcommon::Output& out,
                    const toolcommon::Reporter& diag) {
    cap::CaptureOptions request;
    request.node = options.node;
    request.applications = options.applications;
    request.timeout_ms = options.timeout_ms;
    if (options.max_dynamic == "all")
        request.max_dynamic.reset();
    else
        request.max_dynamic = std::stoul(options.max_dynamic);

    std::string error;
    std::optional<cap::Cookie> cookie;
    if (options.cookie)
        cookie = cap::Cookie{*options.cookie, "--cookie"};
    else if (options.cookie_file)
        cookie = cap::cookie_from_file(*options.cookie_file, error);
    else
        cookie = cap::default_cookie(error);
    if (!cookie) {
        diag.error(error);
        return toolcommon::exit_io;
    }
    request.cookie = cookie->value;

    auto started = std::chrono::steady_clock::now();
    appgraph::Diagnostics diagnostics;
    cap::CaptureResult result = cap::capture_node(request, diagnostics);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const appgraph::Diagnostic& d : diagnostics.all()) {
        appgraph::Diagnostic shown = d;
        // Which processes have values written null: a count is enough on the terminal.
        if (d.kind == appgraph::DiagnosticKind::values_not_captured) shown.involved.clear();
        if (d.kind == appgraph::DiagnosticKind::handshake_refused)
            shown.message += " (cookie from " + cookie->source + ")";
        toolcommon::report(diag, shown);
        if (d.kind == appgraph::DiagnosticKind::node_unreachable && !d.involved.empty()) {
            std::string alive = options.node.substr(0, options.node.find('@'));
            if (auto near = toolcommon::closest_name(alive, d.involved))
                diag.note("did you mean " + *near + "?");
            const std::string names = appgraph::join(d.involved);
            diag.note("nodes registered there: " + names);
        }
    }
    if (!diagnostics.ok()) return toolcommon::exit_code_for(diagnostics);

    if (options.output.empty() || options.output == "-")
        out << result.tree_json;  // checked by the runner
    else
        toolcommon::write_file_atomically(options.output, result.tree_json);
    const auto& s = result.stats;
    diag.note(toolcommon::format(
        "supsim: captured %s as %s: %s, %s, %s, dynamic children %zu of %zu kept, %zu requests, "
        "%.2f s",
        result.node.c_str(), result.own_name.c_str(),
        plural(s.applications, "application", "applications").c_str(),
        plural(s.supervisors, "supervisor", "supervisors").c_str(),
        plural(s.workers, "worker", "workers").c_str(), s.dynamic_kept, s.dynamic_running,
        s.requests, seconds));
    return toolcommon::exit_ok;
}

std::vector<std::string> complete_node_names() {
    cap::EpmdNames names = cap::epmd_names("127.0.0.1", 500);
    return names.names;
}

}  // namespace supsim
