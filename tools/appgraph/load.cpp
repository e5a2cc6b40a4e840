// Loading for every subcommand. Without a .rel, kernel and stdlib are supplied if the inputs
// lack them (build directories never hold them) and the release forms from the roots.

#include "load.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <unordered_set>

#include "common/files.hpp"
#include "common/tool.hpp"
#include "libappgraph/manifest.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph_cli {

namespace {

std::string environment_variable(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

LoadedRelease load_release(const std::vector<std::string>& paths, const Options& o,
                           const std::vector<std::string>& roots,
                           appgraph::Diagnostics& diagnostics, bool validate) {
    appgraph::LoadOptions options;
    options.threads = 0;  // every core: a release of 10,000 applications loads several times faster
    options.search_dirs = o.search_dirs;
    options.env = o.env;
    if (!o.release.empty()) {
        const auto at = o.release.find('@');
        options.release_name = o.release.substr(0, at);
        if (at != std::string::npos) options.release_vsn = o.release.substr(at + 1);
        if (options.release_name.empty() ||
            (at != std::string::npos && options.release_vsn.empty()))
            throw toolcommon::UsageError("--release " + o.release + ": expected NAME or NAME@VSN");
    }
    options.mix_env = environment_variable("MIX_ENV");
    options.rebar_profile = environment_variable("REBAR_PROFILE");
    // "-" is standard input, read here (the library takes text) and only once.
    if (std::count(paths.begin(), paths.end(), "-") > 1)
        throw toolcommon::UsageError("standard input ('-') can be given once");
    if (std::count(paths.begin(), paths.end(), "-") > 0)
        options.given_texts.push_back(
            {"-", toolcommon::input_name("-"), toolcommon::read_input("-")});
    appgraph::Inputs inputs = appgraph::load_inputs(paths, options, diagnostics);
    LoadedRelease out;
    if (!diagnostics.ok()) return out;
    out.env = inputs.env;
    if (inputs.boot_script) out.script = appgraph::resolution_of_script(*inputs.boot_script);
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
    return loaded.from_rel ? appgraph::top_level_applications(loaded.release, loaded.apps)
                           : loaded.roots;
}

}  // namespace appgraph_cli

namespace appgraph_cli {

std::string describe_sources(const LoadedRelease& loaded) {
    std::string text;
    if (loaded.from_rel) {
        text = "release: " + loaded.release.source.file + " (" + loaded.release.name + " " +
               loaded.release.vsn;
        if (!loaded.env.empty()) text += ", environment " + loaded.env;
        text += ")";
    } else {
        text = "release: none (formed from the roots";
        if (!loaded.env.empty()) text += "; environment " + loaded.env;
        text += ")";
    }
    if (loaded.script) return text + "; the boot script's own copies of the .app files";
    // Each .app file's directory of applications (lib/ for lib/<app>-<vsn>/ebin/<app>.app), in
    // the order first met, with how many were read there.
    std::vector<std::pair<std::string, std::size_t>> dirs;
    for (const auto& app : loaded.apps) {
        if (app.source.file.empty()) continue;
        std::filesystem::path dir = std::filesystem::path(app.source.file).parent_path();
        if (dir.filename() == "ebin") dir = dir.parent_path().parent_path();
        const std::string name = dir.empty() ? "." : dir.string();
        auto it =
            std::find_if(dirs.begin(), dirs.end(), [&](const auto& d) { return d.first == name; });
        if (it == dirs.end())
            dirs.emplace_back(name, 1);
        else
            ++it->second;
    }
    text += "; .app files: ";
    if (dirs.empty()) text += "none";
    for (std::size_t i = 0; i < dirs.size(); ++i)
        text += (i ? ", " : "") + dirs[i].first + " (" + std::to_string(dirs[i].second) + ")";
    return text;
}

}  // namespace appgraph_cli
