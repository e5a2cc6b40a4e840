#pragma once
// `supsim capture NODE`: takes the supervision tree of a running node (libappgraph capture) and
// writes it as a tree file; reports what could not be read. Declared apart from the other
// subcommands because it is built only where erl_interface is (FWTOOLS_CAPTURE).

#include <optional>
#include <string>
#include <vector>

#include "common/completion_context.hpp"
#include "common/output.hpp"
#include "common/reporter.hpp"

namespace CLI {
class App;
}

namespace supsim {

struct CaptureCommandOptions {
    std::string node;
    std::optional<std::string> cookie;
    std::optional<std::string> cookie_file;
    std::vector<std::string> applications;
    std::string output;  // empty: standard output
    std::string max_dynamic = "1000";
    int timeout_ms = 5000;
};

// Declares the subcommand's operand and options on its App (supsim's table declares the
// subcommand itself).
void declare_capture_options(CLI::App& capture, CaptureCommandOptions& options);

int capture_command(const CaptureCommandOptions& options, toolcommon::Output& out,
                    const toolcommon::Reporter& diag);

// Completion of NODE: the names registered in this host's epmd, as NAME (short names here).
std::vector<std::string> complete_node_names();

}  // namespace supsim
