// `appgraph check`: every problem in one run. systools' errors (the .rel checks, then every check
// of the resolver, where systools stops at the first), warnings systools does not give (an
// application whose start_boot fails because it uses one that never starts; a direct use of an
// included application, which systools turns into a use of the includer's top application),
// and with --boot FILE every difference between the manifests and the boot script that ships.

#include <algorithm>
#include <unordered_map>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "libappgraph/diff.hpp"
#include "libappgraph/manifest.hpp"
#include "load.hpp"

namespace appgraph_cli {

namespace {

std::string join(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
    return out;
}

void warn_unstarted(const appgraph::Resolution& r, appgraph::Diagnostics& diagnostics) {
    std::unordered_map<std::string, const appgraph::ResolvedApp*> by_name;
    for (const auto& a : r.applications) by_name[a.name] = &a;
    // One warning per first failure (an application whose use is of type load or none, or
    // included), naming the applications that then fail because of it, in start order.
    const auto fails = [&](const std::string& name) {
        auto it = by_name.find(name);
        return it != by_name.end() && !it->second->not_started_because.empty();
    };
    std::unordered_map<std::string, std::vector<std::string>> followers;
    for (const auto& a : r.applications) {
        if (a.not_started_because.empty() || !fails(a.not_started_because)) continue;
        std::string first = a.not_started_because;
        while (fails(by_name[first]->not_started_because))
            first = by_name[first]->not_started_because;
        followers[first].push_back(a.name);
    }
    for (const auto& a : r.applications) {
        if (a.not_started_because.empty() || fails(a.not_started_because)) continue;
        const auto* used = by_name[a.not_started_because];
        std::string why = "which never starts";
        if (used && used->included_by)
            why = "which is included by " + *used->included_by + " and never started itself";
        else if (used && (used->type == appgraph::StartType::load ||
                          used->type == appgraph::StartType::none))
            why = std::string("whose type is ") + appgraph::to_string(used->type) +
                  ": the boot script never starts " + used->name;
        std::string text = a.name + " is not started: it uses " + a.not_started_because + ", " +
                           why + " (start_boot returns {error,{not_started," +
                           a.not_started_because + "}}, which the boot ignores)";
        std::vector<std::string> involved{a.name, a.not_started_because};
        if (auto f = followers.find(a.name); f != followers.end()) {
            std::string list;
            for (const auto& n : f->second) list += (list.empty() ? "" : ", ") + n;
            text += "; so " + std::to_string(f->second.size()) +
                    " applications that need it do not start either: " + list;
            involved.insert(involved.end(), f->second.begin(), f->second.end());
        }
        diagnostics.warning(appgraph::DiagnosticKind::unstarted_dependency, {}, text, involved);
    }
    for (const auto& node : r.graph) {
        for (const auto& [original, top] : node.rewrites) {
            auto it = by_name.find(original);
            if (it == by_name.end() || !it->second->included_by) continue;
            diagnostics.warning(appgraph::DiagnosticKind::included_use, {},
                                node.name + " uses " + original + " directly, but " + original +
                                    " is included by " + *it->second->included_by +
                                    ": systools makes " + node.name + " wait for " +
                                    (top.empty() ? std::string("that include chain's top") : top) +
                                    " instead",
                                {node.name, original});
        }
    }
}

// Every difference between what the manifests say (`manifests`, resolved as `m` when it
// resolves) and what the boot script `boot` runs, as boot_script_differs errors.
void compare_with_boot(const LoadedRelease& manifests, const appgraph::Resolution& m,
                       const LoadedRelease& boot, appgraph::Diagnostics& diagnostics) {
    const appgraph::Resolution& s = *boot.script;
    const std::string file = boot.release.source.file;
    const auto differs = [&](const std::string& app, const std::string& text) {
        diagnostics.error(appgraph::DiagnosticKind::boot_script_differs, {},
                          app + ": " + text + " (" + file + ")", {}, {app});
    };
    std::unordered_map<std::string, const appgraph::ResolvedApp*> in_script, in_manifests;
    for (const auto& a : s.applications)
        if (a.loaded) in_script[a.name] = &a;
    // The manifests' side: the resolution, or the .rel's entries when it does not resolve.
    std::vector<appgraph::ResolvedApp> listed;
    if (m.ok()) {
        listed = m.applications;
    } else {
        for (const auto& e : manifests.release.entries) {
            appgraph::ResolvedApp a;
            a.name = e.name;
            a.type = e.type;
            a.loaded = e.type != appgraph::StartType::none;
            for (const auto& app : manifests.apps)
                if (app.name == e.name) a.vsn = app.vsn;
            listed.push_back(a);
        }
    }
    for (const auto& a : listed)
        if (a.loaded) in_manifests[a.name] = &a;
    std::unordered_map<std::string, const appgraph::Application*> spec_m, spec_s;
    for (const auto& a : manifests.apps) spec_m.emplace(a.name, &a);
    for (const auto& a : boot.apps) spec_s.emplace(a.name, &a);
    std::unordered_map<std::string, const appgraph::GraphNode*> node_m;
    for (const auto& g : m.graph) node_m.emplace(g.name, &g);

    for (const auto& a : listed) {
        if (!a.loaded) continue;
        auto it = in_script.find(a.name);
        if (it == in_script.end()) {
            differs(a.name, "loaded by the manifests (" + a.vsn + ") but not by the boot script");
            continue;
        }
        const appgraph::ResolvedApp& b = *it->second;
        if (a.vsn != b.vsn)
            differs(a.name,
                    "version " + a.vsn + " in the manifests, " + b.vsn + " in the boot script");
        if (!a.included_by && !b.included_by && a.type != b.type)
            differs(a.name, std::string("type ") + appgraph::to_string(a.type) +
                                " in the manifests, " + appgraph::to_string(b.type) +
                                " in the boot script");
        auto sm = spec_m.find(a.name);
        auto ss = spec_s.find(a.name);
        if (sm == spec_m.end() || ss == spec_s.end()) continue;
        // The script holds the uses as systools rewrote them: compare with the rewritten ones
        // when the manifests resolve, else with the .app as written.
        auto node = node_m.find(a.name);
        const std::vector<std::string>& uses =
            node != node_m.end() ? node->second->uses : sm->second->applications;
        if (join(uses) != join(ss->second->applications))
            differs(a.name, "applications [" + join(uses) + "] in the manifests, [" +
                                join(ss->second->applications) + "] in the boot script" +
                                (a.vsn == b.vsn ? " (same version, other contents: rebuilt "
                                                  "without a version bump?)"
                                                : ""));
        const std::vector<std::string>& includes =
            node != node_m.end() ? node->second->includes : sm->second->included_applications;
        if (join(includes) != join(ss->second->included_applications))
            differs(a.name, "included_applications [" + join(includes) + "] in the manifests, [" +
                                join(ss->second->included_applications) + "] in the boot script");
    }
    for (const auto& a : s.applications)
        if (a.loaded && !in_manifests.count(a.name))
            differs(a.name, "loaded by the boot script (" + a.vsn + ") but not by the manifests");
    if (!m.ok()) return;
    // Start order, as `diff` compares it: the fewest applications that moved.
    for (const auto& moved : appgraph::diff_releases(m, s).moved)
        differs(moved.name, "starts in another order relative to the others: position " +
                                std::to_string(moved.from) + " by the manifests, " +
                                std::to_string(moved.to) + " in the boot script");
    for (const auto& name : m.start)
        if (std::find(s.start.begin(), s.start.end(), name) == s.start.end() &&
            in_script.count(name))
            differs(name, "started by the manifests, only loaded by the boot script");
    for (const auto& name : s.start)
        if (std::find(m.start.begin(), m.start.end(), name) == m.start.end() &&
            in_manifests.count(name))
            differs(name, "started by the boot script, only loaded by the manifests");
}

}  // namespace

int run_check(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    appgraph::Diagnostics diagnostics(appgraph::Diagnostics::Mode::collect_all,
                                      toolcommon::Reporter::kMaxReports);
    LoadedRelease loaded = load_release(o.paths, o, o.roots, diagnostics, /*validate=*/false);
    std::optional<LoadedRelease> boot;
    if (diagnostics.ok() && !o.boot.empty()) {
        boot = load_release({o.boot}, o, {}, diagnostics, false);
        if (diagnostics.ok() && !boot->script) {
            diag.error("--boot " + o.boot + ": not a boot script (.boot or .script)");
            return toolcommon::exit_usage;
        }
    }
    if (!diagnostics.ok()) {
        toolcommon::report_all(diag, diagnostics);
        return toolcommon::exit_code_for(diagnostics);
    }
    // Every problem of the .rel, not only the first one systools would stop at.
    if (loaded.from_rel && !loaded.script)
        appgraph::validate_release(loaded.release, loaded.apps, diagnostics);
    bool app_not_found = false;
    for (const auto& d : diagnostics.all())
        app_not_found = app_not_found || d.kind == appgraph::DiagnosticKind::app_not_found;
    appgraph::ResolveOptions all;
    all.all_errors = true;
    appgraph::Resolution r = appgraph::resolve_boot(loaded.release, loaded.apps, all);
    for (const appgraph::Diagnostic& e : r.errors)
        if (!(app_not_found && e.kind == appgraph::DiagnosticKind::not_found))
            diagnostics.report(e);
    if (r.ok()) {
        r = appgraph::resolve_boot(loaded.release, loaded.apps);  // with the graph and reasons
        warn_unstarted(r, diagnostics);
    }
    if (boot) compare_with_boot(loaded, r, *boot, diagnostics);

    // Warnings are printed as themselves, errors named by their kind when they have no place.
    for (const appgraph::Diagnostic& d : diagnostics.all()) {
        if (d.severity == appgraph::Severity::warning && d.where.file.empty())
            diag.warning(d.message);
        else
            toolcommon::report(diag, d);
    }
    const std::size_t errors = diagnostics.error_count();
    const std::size_t warnings = diagnostics.warning_count();
    const bool failed = errors > 0 || (o.strict && warnings > 0);
    if (o.json) {
        nlohmann::ordered_json doc{{"ok", !failed},
                                   {"applications", loaded.release.entries.size()},
                                   {"errors", nlohmann::ordered_json::array()},
                                   {"warnings", nlohmann::ordered_json::array()}};
        for (const appgraph::Diagnostic& d : diagnostics.all())
            doc[d.severity == appgraph::Severity::error ? "errors" : "warnings"].push_back(
                toolcommon::diagnostic_json(d));
        toolcommon::write_json(out, toolcommon::to_json(doc), o.json);
    } else {
        out << (failed ? "failed" : "ok") << ": " << loaded.release.entries.size()
            << " applications, " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
            << (warnings == 1 ? " warning" : " warnings")
            << (o.strict && warnings > 0 && errors == 0 ? " (--strict: warnings fail)" : "")
            << "\n";
    }
    return failed ? toolcommon::exit_negative : toolcommon::exit_ok;
}

}  // namespace appgraph_cli
