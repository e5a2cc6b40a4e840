// supsim's entry point: parse the command line, run the chosen subcommand, return its exit code.

#include <CLI/CLI.hpp>

#include "capture_command.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "common/cli_runner.hpp"
#include "completion.hpp"

int main(int argc, char** argv) {
    toolcommon::Reporter diag("supsim");
    supsim::Options options;
    auto app = supsim::build_cli(options);
    supsim::CaptureCommandOptions capture_options;
    CLI::App* capture = supsim::add_capture_command(*app, capture_options);
    capture->group("Commands");
    capture->callback([&options] { options.command = "capture"; });
    if (auto exit_code = toolcommon::parse_command_line(*app, argc, argv, diag, supsim::exit_usage,
                                                        supsim::complete))
        return *exit_code;
    if (options.command == "capture") return supsim::capture_command(capture_options, diag);
    if (options.command == "run") return supsim::run_command(options, diag);
    if (options.command == "order") return supsim::order_command(options, diag);
    if (options.command == "check") return supsim::check_command(options, diag);
    return supsim::tolerate_command(options, diag);
}
