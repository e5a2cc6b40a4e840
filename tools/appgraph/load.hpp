#pragma once
// Turns the command line's PATHs into a release and its applications: through the manifest
// loaders, then either the .rel (validated as systools validates it) or, without one, the
// release formed from the roots (see release_from_apps in libappgraph/resolve.hpp).

#include <string>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/model.hpp"

namespace appgraph_cli {

struct LoadedRelease {
    appgraph::Release release;
    std::vector<appgraph::Application> apps;
    bool from_rel = false;
    std::vector<std::string> roots;  // without a .rel: the roots the release was formed from
};

// Unreadable or invalid input is reported to `diagnostics` (the release is meaningful only when
// no error was). `validate` runs systools' .rel checks (mandatory apps, versions, include
// overrides).
LoadedRelease load_release(const std::vector<std::string>& paths,
                           const std::vector<std::string>& search_dirs,
                           const std::vector<std::string>& roots,
                           appgraph::Diagnostics& diagnostics, bool validate = true);

// The release's top-level applications: with a .rel, the entries no other entry uses or
// includes, in .rel order (computed here, only by the commands that need them); else the roots.
std::vector<std::string> top_level(const LoadedRelease& loaded);

}  // namespace appgraph_cli
