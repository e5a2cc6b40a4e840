// appgraph's subcommands, their operands and options, with enumerated option values checked by
// CLI11 itself. Nothing runs here: the runner parses and dispatches.

#include "cli.hpp"

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "completion.hpp"

namespace appgraph_cli {

namespace {

const char* const kInputsHelp =
    "Inputs: .rel, .app, JSON manifests (*.json), boot scripts (.boot, .script), directories (a "
    "project, _build, _build/<env>, a release, its releases/, a lib/ or ebin/); '-' reads one "
    "from standard input";

void add_paths(CLI::App& app, Options& o, const char* help) {
    app.add_option("PATH", o.paths, help)->required();
}

// --path, and --env and --release, which choose the release a project directory stands for.
void add_search_dirs(CLI::App& app, Options& o) {
    app.add_option("--path", o.search_dirs,
                   "Directory where the .rel's .app files are looked up first (repeatable; "
                   "wildcards as systools takes them: 'lib/*/ebin')")
        ->type_name("DIR");
    app.add_option("--env", o.env,
                   "The build environment of a project directory or _build: _build/ENV (default: "
                   "MIX_ENV or REBAR_PROFILE, else the only one with a release)")
        ->type_name("ENV");
    app.add_option("--release", o.release,
                   "The release of a directory holding several: NAME, or NAME@VSN for a version "
                   "other than the current one")
        ->type_name("NAME[@VSN]");
}

void add_roots(CLI::App& app, Options& o, const char* help) {
    app.add_option("--root", o.roots, help)->type_name("APP");
}

}  // namespace

toolcommon::Tool tool(Options& o) {
    toolcommon::Tool t;
    t.name = "appgraph";
    t.description =
        "OTP release start order, exactly as systools:make_script computes it, with checks and "
        "explanations.";
    t.complete = complete;
    t.library_error = toolcommon::report_library_error;
    t.subcommands = {
        {"order",
         "Print the applications in start order",
         {{"PATH...", kInputsHelp}},
         [&o](CLI::App& app) {
             add_paths(app, o, kInputsHelp);
             add_search_dirs(app, o);
             app.add_option("--mode", o.mode,
                            "boot: the boot script (systools); ensure: "
                            "application:ensure_all_started")
                 ->check(CLI::IsMember({"boot", "ensure"}))
                 ->default_str("boot");
             add_roots(app, o,
                       "Root application (repeatable): forms the release when there is no .rel; "
                       "the apps to ensure_all_started in --mode ensure");
             toolcommon::declare_json(app, o.json);
             app.add_flag("-v,--verbose", o.verbose,
                          "Every application with version, type and whether it is started, and "
                          "which release and .app files were read (on standard error)");
         },
         toolcommon::run_with(o, run_order)},
        {"check",
         "Report every problem systools would, plus warnings it does not give",
         {{"PATH...", kInputsHelp}},
         [&o](CLI::App& app) {
             add_paths(app, o, kInputsHelp);
             add_search_dirs(app, o);
             add_roots(app, o, "Root application when there is no .rel (repeatable)");
             toolcommon::declare_json(app, o.json);
             app.add_flag("--strict", o.strict, "Warnings fail too (exit 1)");
             app.add_option("--boot", o.boot,
                            "Compare the release with this boot script (start.boot or "
                            "start.script): every difference is an error")
                 ->type_name("FILE");
         },
         toolcommon::run_with(o, run_check)},
        {"tree",
         "Print the application tree (like mix app.tree), or who pulls an app in",
         {{"PATH...", kInputsHelp},
          {"[APP]", "The application to start from (default: the roots)"}},
         [&o](CLI::App& app) {
             add_paths(app, o, kInputsHelp);
             add_search_dirs(app, o);
             app.add_flag("--reverse", o.reverse,
                          "Reverse tree: the applications that use or include APP");
             app.add_option("--format", o.format, "Output format")
                 ->check(CLI::IsMember({"pretty", "plain", "dot", "json"}))
                 ->default_str("pretty");
             toolcommon::declare_json(app, o.json);  // --json: --format json
             app.add_option("--exclude", o.exclude,
                            "Leave APP and its subtree out (repeatable; kernel, stdlib and "
                            "compiler are always left out, as mix does)")
                 ->type_name("APP");
         },
         toolcommon::run_with(o, run_tree)},
        {"why",
         "Explain why APP is in the release and why it starts where it does",
         {{"PATH...", kInputsHelp}, {"APP", "The application to explain"}},
         [&o](CLI::App& app) {
             add_paths(app, o, kInputsHelp);
             add_search_dirs(app, o);
             add_roots(app, o, "Root application when there is no .rel (repeatable)");
             toolcommon::declare_json(app, o.json);
         },
         toolcommon::run_with(o, run_why)},
        {"diff",
         "Show how start order, types and membership changed between two releases",
         {{"OLD", "The old release (.rel, JSON manifest or directory)"},
          {"NEW", "The new release"}},
         [&o](CLI::App& app) {
             app.add_option("OLD", o.old_path, "The old release")->required();
             app.add_option("NEW", o.new_path, "The new release")->required();
             add_search_dirs(app, o);
             toolcommon::declare_json(app, o.json);
         },
         toolcommon::run_with(o, run_diff)},
    };
    return t;
}

}  // namespace appgraph_cli
