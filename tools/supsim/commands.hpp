#pragma once
// supsim's subcommands. Each returns the process exit code; problems go through the one
// Diagnostics object, everything else to stdout.

#include <optional>
#include <string>

#include "cli.hpp"
#include "common/reporter.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace supsim {

enum ExitCode : int {
    exit_ok = 0,
    exit_invalid_input = 1,  // the tree or events file has errors (check: the tree is invalid)
    exit_usage = 2,
    exit_io = 3,  // a file cannot be read or written
};

int run_command(const Options& options, const toolcommon::Reporter& diag);
int order_command(const Options& options, const toolcommon::Reporter& diag);
int check_command(const Options& options, const toolcommon::Reporter& diag);
int tolerate_command(const Options& options, const toolcommon::Reporter& diag);

// Reads and validates TREE ("-": standard input), reporting every problem; nullopt with
// `exit_code` set on failure.
// In a captured tree, the values written null (not readable on a live node): one warning.
void warn_unknown_values(const appgraph::supervision::Tree& tree, const std::string& tree_file,
                         const toolcommon::Reporter& diag);

std::optional<appgraph::supervision::Tree> load_tree_file(const Options& options,
                                                          const toolcommon::Reporter& diag,
                                                          int& exit_code);

}  // namespace supsim
