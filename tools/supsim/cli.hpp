#pragma once
// The command line of supsim, built in one function so that shell completion can walk the same
// CLI::App (subcommands, options, enumerated values) that parsing uses.

#include <memory>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace supsim {

struct Options {
    std::string command;  // run | order | check | tolerate
    std::string tree_file;
    std::string events_file;
    std::string path;  // tolerate
    bool json = false;
    std::optional<std::string> until;
    std::string phase = "0";
    bool elixir_defaults = false;
    std::string svg_file;
};

std::unique_ptr<CLI::App> build_cli(Options& options);

}  // namespace supsim
