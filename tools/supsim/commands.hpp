#pragma once
// supsim's subcommands. Each writes its result to `out`, its problems through `diag`, and
// returns the exit code (common/exit_codes.hpp); an unreadable file escapes as a FileError.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "common/output.hpp"
#include "common/reporter.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace supsim {

int run_command(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag);
int order_command(const Options& options, toolcommon::Output& out,
                  const toolcommon::Reporter& diag);
int check_command(const Options& options, toolcommon::Output& out,
                  const toolcommon::Reporter& diag);
int tolerate_command(const Options& options, toolcommon::Output& out,
                     const toolcommon::Reporter& diag);

// "hint: FILE looks like ..." when the text given as `operand` ("TREE" or "EVENTS") looks like
// another kind of file (the two swapped, an image, a .app file).
void hint_if_swapped(const std::string& path, std::string_view text, const char* operand,
                     const toolcommon::Reporter& diag);

// The paths `tolerate` accepts: every process of the tree, applications left out (an
// application is not a process that can crash).
std::vector<std::string> tolerable_paths(const appgraph::supervision::Tree& tree);

// Reads and validates TREE ("-": standard input), reporting every problem; nullopt with
// `exit_code` set on failure.
// In a captured tree, the values written null (not readable on a live node): one warning.
// The warning for values a capture could not read (written null), if the tree has any.
std::optional<appgraph::Diagnostic> unknown_values(const appgraph::supervision::Tree& tree,
                                                   const std::string& tree_file);
void warn_unknown_values(const appgraph::supervision::Tree& tree, const std::string& tree_file,
                         const toolcommon::Reporter& diag);

// With `errors`, the problems of an invalid tree are copied there too (check --json).
std::optional<appgraph::supervision::Tree> load_tree_file(
    const Options& options, const toolcommon::Reporter& diag, int& exit_code,
    std::vector<appgraph::Diagnostic>* errors = nullptr);

}  // namespace supsim
