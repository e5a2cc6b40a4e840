#pragma once
// The command line of supsim: the options the subcommands read, and the table of subcommands the
// shared runner (common/tool.hpp) parses, dispatches and completes from.

#include <optional>
#include <string>

#include "capture_command.hpp"
#include "common/tool.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace supsim {

struct Options {
    std::string tree_file;
    std::string events_file;
    std::string path;                     // tolerate
    std::optional<std::string> interval;  // tolerate --interval
    toolcommon::JsonStyle json;           // --json (and --pretty, except for run's JSON lines)
    std::optional<std::string> until;
    std::string phase = "0";
    bool elixir_defaults = false;
    int otp = appgraph::supervision::kDefaultOtpRelease;  // --otp
    std::string svg_file;
    bool fail_on_halt = false;
    bool settle = false;  // run --settle
    CaptureCommandOptions capture;
};

// The tool, its subcommands bound to `options`.
toolcommon::Tool tool(Options& options);

}  // namespace supsim
