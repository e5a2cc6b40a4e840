#pragma once
// One way to be a command-line tool, shared by fwkv, appgraph and supsim: a table of subcommands
// (name, description, operands, the options it declares, the function that runs it) and one
// runner that does everything around them the same way for every tool:
// - a bare `TOOL` prints the usage on standard error (exit 2); `TOOL --version` prints
//   "TOOL VERSION"; --help lists each option once, operands by meaningful names, required ones
//   bare and optional ones in brackets, and ends with the exit-code line;
// - an unknown subcommand or option gets "did you mean"; `--` ends the options (what follows is
//   an operand even when it starts with '-'); a missing operand is named;
// - `TOOL __complete WORD...` answers the shells (completion.hpp);
// - the command runs with one checked standard output (output.hpp) and one Reporter; whatever
//   it throws is reported once and mapped to the exit-code table (exit_codes.hpp): a library's
//   own errors through the tool's `library_error`, an unreadable or unwritable file (FileError)
//   as exit_io; a failed write to standard output is exit_io too.

#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/completion_context.hpp"
#include "common/json_output.hpp"
#include "common/output.hpp"
#include "common/reporter.hpp"

namespace toolcommon {

// A command line that makes no sense, found after parsing (two operands that cannot go
// together, standard input named twice): the runner reports it and exits with exit_usage.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// An operand as --help shows it: "IMAGE", "[IMAGE]", "KEY...", "[KEY...]", and what it is.
struct Operand {
    std::string name;
    std::string help;
};

struct Subcommand {
    std::string name;
    std::string description;
    std::vector<Operand> operands;
    // Declares the operands (positionals) and options on the subcommand's CLI::App, bound to the
    // tool's option values.
    std::function<void(CLI::App&)> declare;
    // Runs the command once the command line has been parsed; returns the exit code.
    std::function<int(Output&, const Reporter&)> run;
    std::string footer = {};  // more help text, after the options
};

struct Tool {
    std::string name;
    std::string description;
    std::vector<Subcommand> subcommands;
    CompletionHook complete;
    // An exception a command let escape: print it through the Reporter and return its exit code,
    // or nullopt when it is not one of the tool's libraries' errors.
    std::function<std::optional<int>(const std::exception&, const Reporter&)> library_error;
    // Build only the subcommand named on the command line: fwkv runs in shell loops, and
    // declaring every subcommand's options costs more than a `get`.
    bool build_only_named = false;
};

// A Subcommand::run that calls `run(options, out, reporter)`, for commands written as functions
// of the tool's options.
template <typename Options, typename Run>
std::function<int(Output&, const Reporter&)> run_with(Options& options, Run run) {
    return [&options, run](Output& out, const Reporter& reporter) {
        return run(options, out, reporter);
    };
}

// --json and --pretty, the same two options in every command that prints a JSON document.
void declare_json(CLI::App& app, JsonStyle& style);

// The whole of main(): parses, runs, reports, returns the exit code.
int run_tool(const Tool& tool, int argc, char** argv);

}  // namespace toolcommon
