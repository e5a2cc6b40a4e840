// The command line of `supsim capture`, declared whether or not this build can capture, so that
// the command, its help and its completion are the same everywhere; a build without
// erl_interface answers it with an error (capture_unavailable.cpp).

#include <CLI/CLI.hpp>

#include "capture_command.hpp"

namespace supsim {

void declare_capture_options(CLI::App& app, CaptureCommandOptions& options) {
    CLI::App* capture = &app;
    capture->footer(
        "Captured: exit 0 (skipped supervisors are warnings); 1 an --app that does not run there; "
        "3 a release whose supervisor state supsim does not know; 4 the node cannot be reached "
        "(no such host, no epmd, no such node, handshake refused), the cookie file cannot be "
        "read or the tree cannot be written.");
    capture->add_option("NODE", options.node, "The node: NAME@HOST, or NAME on this host")
        ->required();
    auto* cookie = capture->add_option("--cookie", options.cookie,
                                       "The node's cookie (visible to other users in ps: prefer "
                                       "--cookie-file)");
    cookie->type_name("COOKIE");
    auto* cookie_file =
        capture->add_option("--cookie-file", options.cookie_file, "Read the cookie from FILE");
    cookie_file->type_name("FILE");
    cookie->excludes(cookie_file);
    capture
        ->add_option("--app", options.applications,
                     "Capture only this application (repeatable); default: all that run")
        ->type_name("APP")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    capture->add_option("-o,--output", options.output, "Write the tree to FILE (default: stdout)")
        ->type_name("FILE");
    capture
        ->add_option("--max-dynamic", options.max_dynamic,
                     "Dynamic children kept per DynamicSupervisor / simple_one_for_one "
                     "supervisor, or `all` (default 1000); the running count is recorded")
        ->type_name("N|all")
        ->check(CLI::Validator(
            [](const std::string& text) -> std::string {
                if (text == "all") return "";
                bool digits = !text.empty() && text.size() <= 9 &&
                              text.find_first_not_of("0123456789") == std::string::npos;
                return digits ? "" : "expected a number of children or all, got " + text;
            },
            "N|all"));
    capture
        ->add_option("--timeout", options.timeout_ms,
                     "Milliseconds each request may take on the node (default 5000)")
        ->type_name("MS")
        ->check(CLI::Range(1, 600000));
}

}  // namespace supsim
