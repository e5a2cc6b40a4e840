// Declares supsim's subcommands and options. Values are only collected here; all checking that
// can fail on file contents happens after parsing, in the commands.

#include "cli.hpp"

#include <CLI/CLI.hpp>

namespace supsim {

std::unique_ptr<CLI::App> build_cli(Options& options) {
    auto app = std::make_unique<CLI::App>(
        "Simulate OTP supervision trees event by event: restarts, give-ups, application exits and "
        "node halts, exactly as OTP's supervisor behaves.",
        "supsim");
    app->set_version_flag("--version", FWTOOLS_VERSION);
    app->require_subcommand(1);
    app->footer(
        "Exit codes: 0 success, 1 invalid tree or events file, 2 usage error, "
        "3 file cannot be read or written.\nSee supsim(1).");

    auto seconds = [](const std::string& text) -> std::string {
        std::size_t dot = text.find('.');
        bool ok =
            !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos &&
            text.find('.', dot == std::string::npos ? 0 : dot + 1) == std::string::npos &&
            dot != 0 &&
            (dot == std::string::npos || (dot + 1 < text.size() && text.size() - dot - 1 <= 6));
        return ok ? std::string()
                  : "expected seconds (e.g. 30 or 0.5, at most 6 decimals), got " + text;
    };

    CLI::App* run =
        app->add_subcommand("run", "Run TREE through the EVENTS script: trace, then summary");
    run->add_option("TREE", options.tree_file, "Supervision tree (JSON)")->required();
    run->add_option("EVENTS", options.events_file, "Event script (text, one event per line)")
        ->required();
    run->add_flag("--json", options.json, "Trace as JSON lines (one object per event)");
    run->add_option("--until", options.until, "Stop at this simulated time (seconds)")
        ->check(CLI::Validator(seconds, "SECONDS"));
    run->add_option("--phase", options.phase,
                    "Offset of the whole-second intensity boundaries, seconds in [0,1) (default 0)")
        ->check(CLI::Validator(seconds, "SECONDS"));
    run->add_flag("--elixir-defaults", options.elixir_defaults,
                  "Default intensity 3 in 5 s (Elixir Supervisor) instead of 1 in 5 s");
    run->add_option("--svg", options.svg_file, "Also write an SVG timeline to FILE");

    CLI::App* order =
        app->add_subcommand("order", "Start order, stop order and worst-case shutdown times");
    order->add_option("TREE", options.tree_file, "Supervision tree (JSON)")->required();
    order->add_flag("--json", options.json, "Output JSON");

    CLI::App* check = app->add_subcommand("check", "Validate TREE as OTP's supervisor would");
    check->add_option("TREE", options.tree_file, "Supervision tree (JSON)")->required();

    CLI::App* tolerate = app->add_subcommand(
        "tolerate", "Shortest steady crash interval of PATH that each level survives indefinitely");
    tolerate->add_option("TREE", options.tree_file, "Supervision tree (JSON)")->required();
    tolerate->add_option("PATH", options.path, "The crashing process (see supsim order for paths)")
        ->required();
    tolerate->add_flag("--json", options.json, "Output JSON");
    tolerate->add_flag("--elixir-defaults", options.elixir_defaults,
                       "Default intensity 3 in 5 s (Elixir Supervisor) instead of 1 in 5 s");

    for (CLI::App* sub : {run, order, check, tolerate}) {
        sub->group("Commands");
        sub->callback([&options, sub] { options.command = sub->get_name(); });
    }
    // check and order read defaults too, for intensity figures in their output.
    order->add_flag("--elixir-defaults", options.elixir_defaults,
                    "Default intensity 3 in 5 s (Elixir Supervisor) instead of 1 in 5 s");
    check->add_flag("--elixir-defaults", options.elixir_defaults,
                    "Default intensity 3 in 5 s (Elixir Supervisor) instead of 1 in 5 s");
    return app;
}

}  // namespace supsim
