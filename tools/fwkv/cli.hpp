#pragma once
// The command line of fwkv: the table of subcommands (cli.cpp) the shared runner
// (common/tool.hpp) parses, dispatches and completes from; shell completion introspects the same
// App.

#include "common/tool.hpp"
#include "options.hpp"

namespace fwkv {

// The tool, its subcommands bound to `options`.
toolcommon::Tool tool(Options& options);

// What a libkv error means in the exit-code table, reported once (with a hint when the image is
// a file of another kind); the runner's library_error.
std::optional<int> library_error(const std::exception& e, const Options& options,
                                 const toolcommon::Reporter& diag);

}  // namespace fwkv
