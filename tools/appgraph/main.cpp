#include <CLI/CLI.hpp>

#include "common/cli_runner.hpp"

int main(int argc, char** argv) {
    toolcommon::Diagnostics diag("appgraph");
    CLI::App app("appgraph", "appgraph");
    app.set_version_flag("--version", FWTOOLS_VERSION);
    if (auto exit_code = toolcommon::parse_command_line(app, argc, argv, diag, 2)) return *exit_code;
    return 0;
}
