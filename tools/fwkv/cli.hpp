#pragma once
// The command-line definition of fwkv: one function builds the CLI::App (subcommands, options,
// help texts, exit codes in the epilog). Shell completion introspects the same App.

#include <memory>
#include <string>

#include "options.hpp"

namespace CLI {
class App;
}

namespace fwkv {

// `only`: when it names a subcommand, only that subcommand is built, which keeps start-up fast;
// anything else (nullptr, an option, a misspelt name) builds every subcommand (help, "did you
// mean", shell completion).
std::unique_ptr<CLI::App> build_cli(Options& options, const char* only = nullptr);

// The name of the subcommand that was parsed ("" when none).
std::string chosen_command(const CLI::App& app);

}  // namespace fwkv
