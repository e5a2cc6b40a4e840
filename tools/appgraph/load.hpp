#pragma once
// Turns the command line's PATHs into a release and its applications: through the manifest
// loaders, then either the .rel (validated as systools validates it) or, without one, the
// release formed from the roots (see release_from_apps in libappgraph/resolve.hpp).

#include <string>
#include <vector>

#include <optional>

#include "cli.hpp"
#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph_cli {

struct LoadedRelease {
    appgraph::Release release;
    std::vector<appgraph::Application> apps;
    bool from_rel = false;
    std::vector<std::string> roots;  // without a .rel: the roots the release was formed from
    std::string env;                 // the _build/<env> a directory was read from, or ""
    // A boot script given as the release: what it runs (resolution_of_script), to be used
    // instead of resolving `release`, which is the release it stands for (script_release).
    std::optional<appgraph::Resolution> script;
};

// Unreadable or invalid input is reported to `diagnostics` (the release is meaningful only when
// no error was). `options` gives --path, --env and --release; MIX_ENV and REBAR_PROFILE are read
// here. `validate` runs systools' .rel checks (mandatory apps, versions, include overrides).
LoadedRelease load_release(const std::vector<std::string>& paths, const Options& options,
                           const std::vector<std::string>& roots,
                           appgraph::Diagnostics& diagnostics, bool validate = true);

// "release: FILE (NAME VSN, environment ENV); .app files: DIR (N), ...": which files were read,
// for `order -v`.
std::string describe_sources(const LoadedRelease& loaded);

// The release's top-level applications: with a .rel, appgraph::top_level_applications (asked
// for only by the commands that need them); else the roots.
std::vector<std::string> top_level(const LoadedRelease& loaded);

}  // namespace appgraph_cli
