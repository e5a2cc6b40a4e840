#pragma once
// What `appgraph check` checks, as a library: every problem of a release in one run, where
// systools stops at the first, plus the warnings systools does not give, and the comparison of
// the manifests with a boot script built from them.

#include <string>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph {

// Reports to `diagnostics` (in collect-all mode, every one): the .rel's checks when
// `validate_rel` (validate_release), every error of the resolver (ResolveOptions::all_errors;
// not_found is left out when app_not_found already names the application), and, when the release
// resolves, warnings of kind unstarted_dependency (an application whose start_boot fails because
// it uses a load-type, none or included application, with the applications that fail after it)
// and included_use (a direct use of an included application, which systools rewrites).
// Returns the resolution, with the graph when it resolves.
Resolution check_release(const Release& release, const std::vector<Application>& apps,
                         bool validate_rel, Diagnostics& diagnostics);

// Every difference between the manifests (`release` and `apps`, resolved as `manifests` when
// that resolution is ok) and the boot script `script_file` (its applications `script_apps`, what
// it runs `script`: resolution_of_script) as boot_script_differs errors: applications loaded by
// one only, versions, start types, uses and includes (as systools rewrote them), start order
// (the fewest applications that moved, as diff_releases reports them), started or only loaded.
void compare_with_boot_script(const Release& release, const std::vector<Application>& apps,
                              const Resolution& manifests,
                              const std::vector<Application>& script_apps, const Resolution& script,
                              const std::string& script_file, Diagnostics& diagnostics);

}  // namespace appgraph
