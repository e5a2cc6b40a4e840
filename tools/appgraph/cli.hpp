#pragma once
// The appgraph command line: the options the subcommands read, and the table of subcommands the
// shared runner (common/tool.hpp) parses, dispatches and completes from.

#include <string>
#include <vector>

#include "common/tool.hpp"

namespace appgraph_cli {

struct Options {
    std::vector<std::string> paths;
    std::vector<std::string> search_dirs;  // --path
    std::string env;                       // --env: the _build/<env> a project directory means
    std::string release;                   // --release NAME[@VSN]
    std::vector<std::string> roots;        // --root
    std::string mode = "boot";             // --mode boot|ensure
    toolcommon::JsonStyle json;            // --json, --pretty
    bool verbose = false;
    // tree
    bool reverse = false;
    std::string format = "pretty";
    std::vector<std::string> exclude;
    // check
    bool strict = false;  // --strict: warnings fail too
    std::string boot;     // --boot FILE: the shipped boot script to compare with
    // diff
    std::string old_path, new_path;
};

// The tool, its subcommands bound to `options`.
toolcommon::Tool tool(Options& options);

}  // namespace appgraph_cli
