#pragma once
// One function per subcommand. Each prints its result on stdout, problems through `diag`, and
// returns the exit code; LoadError escapes to main(), which reports it once.

#include "cli.hpp"
#include "common/diagnostics.hpp"
#include "libappgraph/resolve.hpp"

#include <nlohmann/json.hpp>

namespace appgraph_cli {

int run_order(const Options& options, const toolcommon::Diagnostics& diag);
int run_check(const Options& options, const toolcommon::Diagnostics& diag);
int run_tree(const Options& options, const toolcommon::Diagnostics& diag);
int run_why(const Options& options, const toolcommon::Diagnostics& diag);
int run_diff(const Options& options, const toolcommon::Diagnostics& diag);

// Shared rendering.
nlohmann::ordered_json error_json(const std::vector<appgraph::ResolveError>& errors);
nlohmann::ordered_json resolution_json(const appgraph::Resolution& resolution);
// "appgraph: error: ..." for each error, with the explained cycle on the next lines.
void report_errors(const std::vector<appgraph::ResolveError>& errors,
                   const toolcommon::Diagnostics& diag);
void report_warnings(const std::vector<std::string>& warnings, const toolcommon::Diagnostics& diag);

}  // namespace appgraph_cli
