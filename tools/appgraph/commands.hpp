#pragma once
// One function per subcommand. Each writes its result to `out`, its problems through `diag`, and
// returns the exit code (common/exit_codes.hpp).

#include <nlohmann/json.hpp>

#include <optional>

#include "cli.hpp"
#include "common/exit_codes.hpp"
#include "common/output.hpp"
#include "common/reporter.hpp"
#include "libappgraph/resolve.hpp"
#include "load.hpp"

namespace appgraph_cli {

int run_order(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag);
int run_check(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag);
int run_tree(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag);
int run_why(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag);
int run_diff(const Options& options, toolcommon::Output& out, const toolcommon::Reporter& diag);

// Shared rendering.
// {"error": {"kind", "apps", "message", ["pairs"], ["cycle"], ["more": [...]]}}: the first error,
// and the others under "more".
nlohmann::ordered_json error_json(const std::vector<appgraph::Diagnostic>& errors);
// {"start": [...], "applications": [{name, vsn, type, included_by, loaded, started}]}; with
// `loaded`, each application's "file" too (the .app, manifest or boot script read) and
// "release": {name, vsn, file, kind (rel, boot_script or none), env}.
nlohmann::ordered_json resolution_json(const appgraph::Resolution& resolution,
                                       const LoadedRelease* loaded = nullptr);
// "appgraph: error: ..." for each error, with the explained cycle on the next lines.
void report_errors(const std::vector<appgraph::Diagnostic>& errors,
                   const toolcommon::Reporter& diag);

// load_release with every problem rendered (warnings too), and a hint when an input is a file of
// another kind; nullopt when the inputs are invalid, with `exit_code` set (and, with --json, the
// error document printed).
std::optional<LoadedRelease> load_or_report(const Options& options,
                                            const std::vector<std::string>& paths,
                                            const std::vector<std::string>& roots,
                                            toolcommon::Output& out,
                                            const toolcommon::Reporter& diag, int& exit_code,
                                            bool validate = true);

}  // namespace appgraph_cli
