// supsim's subcommands, their operands and options. Values are only collected here; all checking
// that can fail on file contents happens in the commands.

#include "cli.hpp"

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "completion.hpp"
#include "libappgraph/supervision/events.hpp"

namespace supsim {

namespace {

const toolcommon::Operand kTree{"TREE", "Supervision tree (JSON; '-' reads standard input)"};

// A CLI11 check for seconds with at most 6 decimals, as the events file writes times.
std::string check_seconds(const std::string& text) {
    std::int64_t us = 0;
    return appgraph::supervision::parse_seconds(text, us)
               ? std::string()
               : "expected seconds (e.g. 30 or 0.5, at most 6 decimals), got " + text;
}

void add_tree(CLI::App& app, Options& o) {
    app.add_option("TREE", o.tree_file, kTree.help)->required();
}

void add_elixir_defaults(CLI::App& app, Options& o) {
    app.add_flag("--elixir-defaults", o.elixir_defaults,
                 "Default intensity 3 in 5 s (Elixir Supervisor) instead of 1 in 5 s");
    // Every command that reads a tree also takes the release whose rules apply.
    namespace sup = appgraph::supervision;
    app.add_option("--otp", o.otp,
                   "OTP release whose supervisor rules are modelled where releases differ "
                   "(default " +
                       std::to_string(sup::kDefaultOtpRelease) + "; 26 and earlier: before " +
                       std::to_string(sup::kOtpRulesChanged) + "'s changes)")
        ->type_name("RELEASE")
        ->check(CLI::Range(sup::kOldestOtpRelease, 99));
}

}  // namespace

toolcommon::Tool tool(Options& o) {
    toolcommon::Tool t;
    t.name = "supsim";
    t.description =
        "Simulate OTP supervision trees event by event: restarts, give-ups, application exits "
        "and node halts, exactly as OTP's supervisor behaves.";
    t.complete = complete;
    t.subcommands = {
        {"run",
         "Run TREE through the EVENTS script: trace, then summary",
         {kTree, {"EVENTS", "Events file: one event per line ('-' reads standard input)"}},
         [&o](CLI::App& app) {
             add_tree(app, o);
             app.add_option("EVENTS", o.events_file, "Events file")->required();
             // One JSON object per line, read as a stream: --pretty does not apply.
             app.add_flag("--json", o.json.json, "Trace as JSON lines (one object per event)");
             app.add_option("--until", o.until, "Stop at this simulated time")
                 ->type_name("SECONDS")
                 ->check(CLI::Validator(check_seconds, ""));
             app.add_option("--phase", o.phase,
                            "Offset of the whole-second intensity boundaries, in [0,1) "
                            "(default 0)")
                 ->type_name("SECONDS")
                 ->check(CLI::Validator(check_seconds, ""));
             add_elixir_defaults(app, o);
             app.add_option("--svg", o.svg_file, "Also write an SVG timeline to FILE")
                 ->type_name("FILE");
             app.add_flag("--fail-on-halt", o.fail_on_halt,
                          "Exit 1 when the simulated node halts (for CI)");
             app.add_flag("--settle", o.settle,
                          "Apply each event only once what the earlier ones set off has finished");
         },
         toolcommon::run_with(o, run_command)},
        {"order",
         "Start order, stop order and worst-case shutdown times",
         {kTree},
         [&o](CLI::App& app) {
             add_tree(app, o);
             toolcommon::declare_json(app, o.json);
             add_elixir_defaults(app, o);
         },
         toolcommon::run_with(o, order_command)},
        {"check",
         "Validate TREE as OTP's supervisor would",
         {kTree},
         [&o](CLI::App& app) {
             add_tree(app, o);
             add_elixir_defaults(app, o);
             toolcommon::declare_json(app, o.json);
         },
         toolcommon::run_with(o, check_command)},
        {"tolerate",
         "Steady crash intervals of PATH that each level survives, and when it gives up",
         {kTree, {"PATH", "The crashing process, e.g. app/TopSup/worker (see supsim order)"}},
         [&o](CLI::App& app) {
             add_tree(app, o);
             app.add_option("PATH", o.path, "The crashing process")->required();
             app.add_option("--interval", o.interval,
                            "Also say when each level gives up with PATH crashing every D seconds "
                            "(at most 3 decimals), over all phases")
                 ->type_name("D")
                 ->check(CLI::Validator(check_seconds, ""));
             toolcommon::declare_json(app, o.json);
             add_elixir_defaults(app, o);
         },
         toolcommon::run_with(o, tolerate_command)},
        {"capture",
         "Take the supervision tree of a running Erlang/Elixir node as a TREE file",
         {{"NODE", "The node: NAME@HOST, or NAME on this host"}},
         [&o](CLI::App& app) { declare_capture_options(app, o.capture); },
         toolcommon::run_with(o.capture, capture_command)},
    };
    t.library_error = toolcommon::report_library_error;
    return t;
}

}  // namespace supsim
