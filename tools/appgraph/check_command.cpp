// `appgraph check`: systools' errors (the .rel checks, then the resolver's) and warnings systools
// does not give: a started application that depends on one the boot script never starts (type
// load or none), and a direct use of an included application, which systools silently turns
// into a use of the includer's top application.

#include <unordered_map>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "libappgraph/manifest.hpp"
#include "load.hpp"

namespace appgraph_cli {

int run_check(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    appgraph::Diagnostics diagnostics(appgraph::Diagnostics::Mode::collect_all,
                                      toolcommon::Reporter::kMaxReports);
    LoadedRelease loaded = load_release(o.paths, o, o.roots, diagnostics, /*validate=*/false);
    if (!diagnostics.ok()) {
        toolcommon::report_all(diag, diagnostics);
        return toolcommon::exit_code_for(diagnostics);
    }
    // Every problem of the .rel, not only the first one systools would stop at.
    if (loaded.from_rel) appgraph::validate_release(loaded.release, loaded.apps, diagnostics);
    appgraph::Resolution r = appgraph::resolve_boot(loaded.release, loaded.apps);
    for (const appgraph::Diagnostic& e : r.errors) diagnostics.report(e);

    if (r.ok()) {
        std::unordered_map<std::string, const appgraph::ResolvedApp*> by_name;
        for (const auto& a : r.applications) by_name[a.name] = &a;
        for (const auto& node : r.graph) {
            const auto* self = by_name[node.name];
            if (!self || !self->started) continue;
            for (const auto& used : node.original_uses) {
                auto it = by_name.find(used);
                if (it == by_name.end() || it->second->included_by) continue;
                auto t = it->second->type;
                if (t == appgraph::StartType::load || t == appgraph::StartType::none)
                    diagnostics.warning(appgraph::DiagnosticKind::unstarted_dependency, {},
                                        node.name + " is started but uses " + used +
                                            ", whose type is " + appgraph::to_string(t) +
                                            ": the boot script never starts " + used,
                                        {node.name, used});
            }
        }
        for (const auto& node : r.graph) {
            for (const auto& [original, top] : node.rewrites) {
                auto it = by_name.find(original);
                if (it == by_name.end() || !it->second->included_by) continue;
                diagnostics.warning(
                    appgraph::DiagnosticKind::included_use, {},
                    node.name + " uses " + original + " directly, but " + original +
                        " is included by " + *it->second->included_by + ": systools makes " +
                        node.name + " wait for " +
                        (top.empty() ? std::string("that include chain's top") : top) + " instead",
                    {node.name, original});
            }
        }
    }
    // Warnings are printed as themselves, errors named by their kind when they have no place.
    for (const appgraph::Diagnostic& d : diagnostics.all()) {
        if (d.severity == appgraph::Severity::warning && d.where.file.empty())
            diag.warning(d.message);
        else
            toolcommon::report(diag, d);
    }
    const std::size_t errors = diagnostics.error_count();
    const std::size_t warnings = diagnostics.warning_count();
    if (o.json) {
        nlohmann::ordered_json doc{{"ok", errors == 0},
                                   {"applications", loaded.release.entries.size()},
                                   {"errors", nlohmann::ordered_json::array()},
                                   {"warnings", nlohmann::ordered_json::array()}};
        for (const appgraph::Diagnostic& d : diagnostics.all())
            doc[d.severity == appgraph::Severity::error ? "errors" : "warnings"].push_back(
                toolcommon::diagnostic_json(d));
        toolcommon::write_json(out, toolcommon::to_json(doc), o.json);
    } else {
        out << (errors ? "failed" : "ok") << ": " << loaded.release.entries.size()
            << " applications, " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
            << (warnings == 1 ? " warning" : " warnings") << "\n";
    }
    return errors ? toolcommon::exit_negative : toolcommon::exit_ok;
}

}  // namespace appgraph_cli
