// appgraph: OTP release start order and explanations. main() parses the command line built by
// build_cli() and runs the chosen subcommand; the commands render their diagnostics.

#include <malloc.h>
#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "common/cli_runner.hpp"
#include "completion.hpp"

int main(int argc, char** argv) {
    using namespace appgraph_cli;
#ifdef M_MMAP_THRESHOLD
    // A large release is loaded through a series of arrays with one element per application,
    // each freed as the next is built. Kept in the heap rather than returned to the system, the
    // freed memory is reused instead of being faulted in again page by page (on 10,000
    // applications, a third of the page faults).
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
    toolcommon::Reporter diag("appgraph");
    Options options;
    auto app = build_cli(options);
    if (auto exit_code = toolcommon::parse_command_line(*app, argc, argv, diag, exit_usage,
                                                        appgraph_cli::complete))
        return *exit_code;
    try {
        if (options.command == "order") return run_order(options, diag);
        if (options.command == "check") return run_check(options, diag);
        if (options.command == "tree") return run_tree(options, diag);
        if (options.command == "why") return run_why(options, diag);
        if (options.command == "diff") return run_diff(options, diag);
    } catch (const std::exception& e) {
        diag.error(e.what());
        return exit_input_error;
    }
    diag.error("no command given");
    return exit_usage;
}
