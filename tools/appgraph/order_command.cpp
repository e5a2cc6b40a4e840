// `appgraph order`: the start order, as names, as verbose lines or as JSON. A boot script given
// as the release prints the order it runs, read from the script.

#include "commands.hpp"
#include "load.hpp"

namespace appgraph_cli {

int run_order(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    const bool ensure = o.mode == "ensure";
    int exit_code = toolcommon::exit_ok;
    std::optional<LoadedRelease> loaded_or = load_or_report(
        o, o.paths, ensure ? std::vector<std::string>{} : o.roots, out, diag, exit_code);
    if (!loaded_or) return exit_code;
    LoadedRelease& loaded = *loaded_or;
    appgraph::Resolution r;
    if (ensure) {
        r = appgraph::resolve_ensure(o.roots.empty() ? top_level(loaded) : o.roots, loaded.apps);
    } else {
        if (loaded.from_rel && !o.roots.empty()) {
            diag.error(
                "--root forms a release when there is no .rel; with a .rel it only applies to "
                "--mode ensure");
            return toolcommon::exit_usage;
        }
        appgraph::ResolveOptions options;
        options.explain = false;  // order prints neither the graph nor the reasons
        // A boot script runs its own order: read from it, not recomputed.
        r = loaded.script ? *loaded.script
                          : appgraph::resolve_boot(loaded.release, loaded.apps, options);
    }
    if (o.verbose) diag.note(describe_sources(loaded));
    if (!r.ok()) {
        if (o.json) toolcommon::write_json(out, toolcommon::to_json(error_json(r.errors)), o.json);
        report_errors(r.errors, diag);
        if (!loaded.from_rel &&
            r.errors.front().kind == appgraph::DiagnosticKind::undefined_applications)
            diag.note(
                "(without a .rel the release holds only the applications found: add the "
                "directories that "
                "hold these as more PATHs, e.g. Elixir's lib directory)");
        return toolcommon::exit_negative;
    }
    if (o.json) {
        toolcommon::write_json(out, toolcommon::to_json(resolution_json(r, &loaded)), o.json);
    } else if (o.verbose) {
        for (const auto& a : r.applications) {
            std::string line = a.name + " " + (a.vsn.empty() ? "-" : a.vsn) + " " +
                               appgraph::to_string(a.type) + " " +
                               (a.started ? "started" : (a.loaded ? "loaded" : "not-loaded"));
            if (a.included_by) line += " included-by=" + *a.included_by;
            if (!a.not_started_because.empty()) line += " start-fails=" + a.not_started_because;
            out << line << "\n";
        }
    } else {
        for (const auto& name : r.start) out << name << "\n";
    }
    return toolcommon::exit_ok;
}

}  // namespace appgraph_cli
