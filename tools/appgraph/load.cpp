// Loading for every subcommand. Without a .rel, kernel and stdlib are supplied if the inputs
// lack them (build directories never hold them) and the release forms from the roots.

#include "load.hpp"

#include <algorithm>
#include <unordered_set>

#include "common/files.hpp"
#include "common/tool.hpp"
#include "libappgraph/manifest.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph_cli {

LoadedRelease load_release(const std::vector<std::string>& paths,
                           const std::vector<std::string>& search_dirs,
                           const std::vector<std::string>& roots,
                           appgraph::Diagnostics& diagnostics, bool validate) {
    appgraph::LoadOptions options;
    options.search_dirs = search_dirs;
    // "-" is standard input, read here (the library takes text) and only once.
    if (std::count(paths.begin(), paths.end(), "-") > 1)
        throw toolcommon::UsageError("standard input ('-') can be given once");
    if (std::count(paths.begin(), paths.end(), "-") > 0)
        options.given_texts.push_back(
            {"-", toolcommon::input_name("-"), toolcommon::read_input("-")});
    appgraph::Inputs inputs = appgraph::load_inputs(paths, options, diagnostics);
    LoadedRelease out;
    if (!diagnostics.ok()) return out;
    if (inputs.release) {
        out.from_rel = true;
        out.release = std::move(*inputs.release);
        out.apps = std::move(inputs.applications);
        if (validate) appgraph::validate_release(out.release, out.apps, diagnostics);
        return out;
    }
    out.apps = appgraph::with_base_applications(std::move(inputs.applications));
    std::unordered_set<std::string> known;
    for (const auto& a : out.apps) known.insert(a.name);
    for (const auto& r : roots) {
        if (!known.count(r))
            diagnostics.error(appgraph::DiagnosticKind::unknown_root, {},
                              "--root " + r + ": no application of that name among the inputs", {},
                              {r});
    }
    out.roots = roots.empty() ? appgraph::default_roots(out.apps) : roots;
    out.release = appgraph::release_from_apps(out.apps, out.roots);
    return out;
}

std::vector<std::string> top_level(const LoadedRelease& loaded) {
    if (!loaded.from_rel) return loaded.roots;
    // The .rel entries no other entry uses or includes, in .rel order.
    std::unordered_set<std::string> members, depended;
    for (const auto& e : loaded.release.entries) members.insert(e.name);
    for (const auto& a : loaded.apps) {
        if (!members.count(a.name)) continue;
        for (const auto& d : a.applications)
            if (d != a.name) depended.insert(d);
        for (const auto& d : a.included_applications) depended.insert(d);
    }
    std::vector<std::string> roots;
    for (const auto& e : loaded.release.entries)
        if (!depended.count(e.name)) roots.push_back(e.name);
    return roots;
}

}  // namespace appgraph_cli
