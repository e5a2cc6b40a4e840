#pragma once
// Parses a tool's command line with CLI11 and turns CLI11's outcomes into the tool's conventions:
// --help / --version print to stdout and exit 0; a usage error prints "TOOL: error: ..." (with a
// "did you mean" for a misspelt subcommand) and returns the tool's usage exit code.

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/completion.hpp"
#include "common/reporter.hpp"

namespace toolcommon {

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

// Parses argv into `app`. Returns nullopt when parsing succeeded and the tool should go on;
// otherwise the exit code to return (0 after --help or --version, `usage_exit` after an error).
// `TOOL __complete WORD...` is answered here (see completion.hpp) and returns 0.
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, const Reporter& diag,
                                      int usage_exit, const CompletionHook& completion_hook = {});

}  // namespace toolcommon
