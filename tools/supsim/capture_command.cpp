// `supsim capture`: parses its options, calls capture_node, writes the file, and tells on stderr
// what was captured and what could not be read.

#include "capture_command.hpp"

#include <chrono>
#include <cstdio>
#include <map>

#include "common/did_you_mean.hpp"
#include "common/exit_codes.hpp"
#include "common/files.hpp"
#include "libappgraph/capture/capture.hpp"
#include "libappgraph/capture/node.hpp"

namespace supsim {

namespace cap = appgraph::capture;

namespace {

using toolcommon::exit_invalid_input;
using toolcommon::exit_io;
using toolcommon::exit_negative;
using toolcommon::exit_usage;

int exit_code_for(cap::CaptureFailure failure) {
    switch (failure) {
        case cap::CaptureFailure::none:
            return 0;
        case cap::CaptureFailure::bad_node_name:
            return exit_usage;
        case cap::CaptureFailure::no_application:
            return exit_negative;
        case cap::CaptureFailure::unsupported:
        case cap::CaptureFailure::protocol:
            return exit_invalid_input;
        case cap::CaptureFailure::unreachable:
        case cap::CaptureFailure::refused:
            return exit_io;
    }
    return exit_io;
}

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
        return exit_io;
    }
    request.cookie = cookie->value;

    auto started = std::chrono::steady_clock::now();
    cap::CaptureResult result = cap::capture_node(request);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!result.ok()) {
        std::string message = result.error;
        if (result.failure == cap::CaptureFailure::refused)
            message += " (cookie from " + cookie->source + ")";
        diag.error(options.node + ": " + message);
        if (result.failure == cap::CaptureFailure::unreachable && !result.suggestions.empty()) {
            std::string alive = options.node.substr(0, options.node.find('@'));
            if (auto near = toolcommon::closest_name(alive, result.suggestions))
                diag.note("did you mean " + *near + "?");
            std::string names;
            for (const auto& n : result.suggestions) names += (names.empty() ? "" : ", ") + n;
            diag.note("nodes registered there: " + names);
        }
        return exit_code_for(result.failure);
    }

    if (options.output.empty() || options.output == "-")
        out << result.tree_json;  // checked by the runner
    else
        toolcommon::write_file_atomically(options.output, result.tree_json);

    // What could not be read, grouped: skipped supervisors one by one, unknown values counted.
    std::map<std::string, std::size_t> unknown_counts;
    for (const auto& n : result.notes) {
        switch (n.kind) {
            case cap::CaptureNote::Kind::skipped:
                diag.warning(n.path + ": " + n.message + "; written with its child spec only");
                break;
            case cap::CaptureNote::Kind::trimmed:
            case cap::CaptureNote::Kind::approximate:
                diag.warning(n.path + ": " + n.message);
                break;
            case cap::CaptureNote::Kind::unknown:
                ++unknown_counts[n.message];
                break;
        }
    }
    for (const auto& [keys, count] : unknown_counts)
        diag.warning(plural(count, "worker has", "workers have") + " " + keys +
                     " written null: a live node does not tell " +
                     (keys == "stop_ms" ? "how long terminate/2 takes"
                                        : "it for a process that is not running") +
                     "; supsim uses its default, edit the file to set them");
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
