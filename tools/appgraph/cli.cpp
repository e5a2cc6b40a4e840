// Builds appgraph's command line with CLI11: one subcommand per task, each with a description,
// and enumerated option values checked by CLI11 itself. Nothing runs here; main() parses and
// dispatches, so shell completion can build and walk the same App.

#include "cli.hpp"

#include <CLI/CLI.hpp>

namespace appgraph_cli {

namespace {

const char* const exit_codes_text =
    "Exit codes: 0 success; 1 the release does not resolve (or check found errors, or APP is not "
    "in "
    "the release); 2 bad command line; 3 an input file could not be read or is not a valid "
    "manifest.";

void add_input_options(CLI::App* sub, Options& o) {
    sub->add_option("--path", o.search_dirs,
                    "Directory where the .rel's .app files are looked up first (repeatable)")
        ->type_name("DIR");
}

}  // namespace

std::unique_ptr<CLI::App> build_cli(Options& o) {
    auto app = std::make_unique<CLI::App>(
        "OTP release start order, exactly as systools:make_script computes it, with checks and "
        "explanations.\nPATH: .rel, .app, JSON manifest (*.json) or a directory (_build/<env>/lib, "
        "a "
        "release's lib/, ebin/).",
        "appgraph");
    app->footer(exit_codes_text);
    app->set_version_flag("--version", FWTOOLS_VERSION);
    app->require_subcommand(1);
    app->fallthrough(false);

    CLI::App* order = app->add_subcommand("order", "Print the applications in start order");
    order->add_option("PATH", o.paths, "Inputs: .rel, .app, *.json, directories")->required();
    add_input_options(order, o);
    order
        ->add_option("--mode", o.mode,
                     "boot: the boot script (systools); ensure: application:ensure_all_started")
        ->check(CLI::IsMember({"boot", "ensure"}))
        ->default_str("boot");
    order
        ->add_option("--root", o.roots,
                     "Root application (repeatable): forms the release when there is no .rel; "
                     "the apps to ensure_all_started in --mode ensure")
        ->type_name("APP");
    order->add_flag("--json", o.json, "Print JSON: {\"start\": [...], \"applications\": [...]}");
    order->add_flag("--verbose,-v", o.verbose,
                    "Every application with version, type and whether it is started");

    CLI::App* check = app->add_subcommand(
        "check", "Report every problem systools would, plus warnings it does not give");
    check->add_option("PATH", o.paths, "Inputs: .rel, .app, *.json, directories")->required();
    add_input_options(check, o);
    check->add_option("--root", o.roots, "Root application when there is no .rel (repeatable)")
        ->type_name("APP");

    CLI::App* tree = app->add_subcommand(
        "tree", "Print the application tree (like mix app.tree), or who pulls an app in");
    tree->add_option("PATH", o.paths,
                     "Inputs, then optionally the application to start from (last)")
        ->required();
    add_input_options(tree, o);
    tree->add_flag("--reverse", o.reverse,
                   "Reverse tree: the applications that use or include APP");
    tree->add_option("--format", o.format, "Output format")
        ->check(CLI::IsMember({"pretty", "plain", "dot", "json"}))
        ->default_str("pretty");
    tree->add_option("--exclude", o.exclude,
                     "Leave APP and its subtree out (repeatable; kernel, stdlib and "
                     "compiler are always left out, as mix does)")
        ->type_name("APP");

    CLI::App* why = app->add_subcommand(
        "why", "Explain why APP is in the release and why it starts where it does");
    why->add_option("PATH", o.paths, "Inputs, then the application (last)")
        ->required()
        ->expected(2, -1);
    add_input_options(why, o);
    why->add_option("--root", o.roots, "Root application when there is no .rel (repeatable)")
        ->type_name("APP");
    why->add_flag("--json", o.json, "Print JSON");

    CLI::App* diff = app->add_subcommand(
        "diff", "Show how start order, types and membership changed between two releases");
    diff->add_option("OLD", o.old_path, "The old release (.rel, .json or directory)")->required();
    diff->add_option("NEW", o.new_path, "The new release")->required();
    add_input_options(diff, o);
    diff->add_flag("--json", o.json, "Print JSON");

    for (CLI::App* sub : {order, check, tree, why, diff}) {
        sub->group("Commands");
        sub->footer(exit_codes_text);
        sub->callback([&o, sub] { o.command = sub->get_name(); });
    }
    return app;
}

}  // namespace appgraph_cli
