#pragma once
// The appgraph command line: the options every subcommand can take, and the function that builds
// the CLI::App (kept apart from running it, so that shell completion can introspect the App).

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace appgraph_cli {

// Exit codes (documented in appgraph(1) and --help).
enum ExitCode : int {
    exit_ok = 0,
    exit_release_error = 1,  // the release does not resolve, check found errors, APP not in release
    exit_usage = 2,          // bad command line
    exit_input_error = 3,    // a file could not be read or is not a valid manifest
};

struct Options {
    std::string command;  // order | check | tree | why | diff
    std::vector<std::string> paths;
    std::vector<std::string> search_dirs;  // --path
    std::vector<std::string> roots;        // --root
    std::string mode = "boot";             // --mode boot|ensure
    bool json = false;
    bool verbose = false;
    // tree
    std::string app;  // tree [APP], why APP (taken from the last PATH)
    bool reverse = false;
    std::string format = "pretty";
    std::vector<std::string> exclude;
    // diff
    std::string old_path, new_path;
};

// Builds the CLI::App; parsing fills `options`.
std::unique_ptr<CLI::App> build_cli(Options& options);

}  // namespace appgraph_cli
