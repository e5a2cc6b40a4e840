#pragma once
// supsim's subcommands. Each returns the process exit code; problems go through the one
// Diagnostics object, everything else to stdout.

#include <optional>
#include <string>

#include "cli.hpp"
#include "common/diagnostics.hpp"
#include "libappgraph/supervision/tree.hpp"

namespace supsim {

enum ExitCode : int {
    exit_ok = 0,
    exit_invalid_input = 1,  // the tree or events file has errors (check: the tree is invalid)
    exit_usage = 2,
    exit_io = 3,  // a file cannot be read or written
};

int run_command(const Options& options, const toolcommon::Diagnostics& diag);
int order_command(const Options& options, const toolcommon::Diagnostics& diag);
int check_command(const Options& options, const toolcommon::Diagnostics& diag);
int tolerate_command(const Options& options, const toolcommon::Diagnostics& diag);

// Reads and validates TREE, reporting every problem; nullopt with `exit_code` set on failure.
std::optional<appgraph::supervision::Tree> load_tree_file(const Options& options,
                                                          const toolcommon::Diagnostics& diag,
                                                          int& exit_code);

}  // namespace supsim
