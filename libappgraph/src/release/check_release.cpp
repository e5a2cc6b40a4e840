// appgraph check's rules beyond resolving: the .rel's checks and every resolver error in one run,
// warnings systools does not give (an application whose start_boot fails because it uses one
// that never starts; a direct use of an included application, which systools turns into a use
// of the includer's top application), and the differences between the manifests and a boot
// script that ships beside them.

#include "libappgraph/check.hpp"

#include <algorithm>
#include <unordered_map>

#include "libappgraph/diff.hpp"
#include "libappgraph/join.hpp"
#include "libappgraph/manifest.hpp"

namespace appgraph {

namespace {

// The names sorted and joined by commas: the same set of uses compares equal in any order.
std::string sorted_list(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return join(names, ",");
}

void report_unstarted_uses(const Resolution& r, Diagnostics& diagnostics) {
    std::unordered_map<std::string, const ResolvedApp*> by_name;
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
        else if (used && (used->type == StartType::load || used->type == StartType::none))
            why = std::string("whose type is ") + to_string(used->type) +
                  ": the boot script never starts " + used->name;
        std::string text = a.name + " is not started: it uses " + a.not_started_because + ", " +
                           why + " (start_boot returns {error,{not_started," +
                           a.not_started_because + "}}, which the boot ignores)";
        std::vector<std::string> involved{a.name, a.not_started_because};
        if (auto f = followers.find(a.name); f != followers.end()) {
            text += "; so " + std::to_string(f->second.size()) +
                    " applications that need it do not start either: " + join(f->second);
            involved.insert(involved.end(), f->second.begin(), f->second.end());
        }
        diagnostics.warning(DiagnosticKind::unstarted_dependency, {}, text, involved);
    }
    for (const auto& node : r.graph) {
        for (const auto& [original, top] : node.rewrites) {
            auto it = by_name.find(original);
            if (it == by_name.end() || !it->second->included_by) continue;
            diagnostics.warning(DiagnosticKind::included_use, {},
                                node.name + " uses " + original + " directly, but " + original +
                                    " is included by " + *it->second->included_by +
                                    ": systools makes " + node.name + " wait for " +
                                    (top.empty() ? std::string("that include chain's top") : top) +
                                    " instead",
                                {node.name, original});
        }
    }
}

}  // namespace

Resolution check_release(const Release& release, const std::vector<Application>& apps,
                         bool validate_rel, Diagnostics& diagnostics) {
    // Every problem of the .rel, not only the first one systools would stop at.
    if (validate_rel) validate_release(release, apps, diagnostics);
    bool app_not_found = false;
    for (const auto& d : diagnostics.all())
        app_not_found = app_not_found || d.kind == DiagnosticKind::app_not_found;
    ResolveOptions all;
    all.all_errors = true;
    Resolution r = resolve_boot(release, apps, all);
    // An application with no .app file is already reported as app_not_found.
    for (const Diagnostic& e : r.errors)
        if (!(app_not_found && e.kind == DiagnosticKind::not_found)) diagnostics.report(e);
    if (!r.ok()) return r;
    r = resolve_boot(release, apps);  // with the graph and reasons the warnings need
    report_unstarted_uses(r, diagnostics);
    return r;
}

void compare_with_boot_script(const Release& release, const std::vector<Application>& apps,
                              const Resolution& m, const std::vector<Application>& script_apps,
                              const Resolution& s, const std::string& script_file,
                              Diagnostics& diagnostics) {
    const auto differs = [&](const std::string& app, const std::string& text) {
        diagnostics.error(DiagnosticKind::boot_script_differs, {},
                          app + ": " + text + " (" + script_file + ")", {}, {app});
    };
    std::unordered_map<std::string, const ResolvedApp*> in_script, in_manifests;
    for (const auto& a : s.applications)
        if (a.loaded) in_script[a.name] = &a;
    // The manifests' side: the resolution, or the .rel's entries when it does not resolve.
    std::vector<ResolvedApp> listed;
    if (m.ok()) {
        listed = m.applications;
    } else {
        for (const auto& e : release.entries) {
            ResolvedApp a;
            a.name = e.name;
            a.type = e.type;
            a.loaded = e.type != StartType::none;
            for (const auto& app : apps)
                if (app.name == e.name) a.vsn = app.vsn;
            listed.push_back(a);
        }
    }
    for (const auto& a : listed)
        if (a.loaded) in_manifests[a.name] = &a;
    std::unordered_map<std::string, const Application*> spec_m, spec_s;
    for (const auto& a : apps) spec_m.emplace(a.name, &a);
    for (const auto& a : script_apps) spec_s.emplace(a.name, &a);
    std::unordered_map<std::string, const GraphNode*> node_m;
    for (const auto& g : m.graph) node_m.emplace(g.name, &g);

    for (const auto& a : listed) {
        if (!a.loaded) continue;
        auto it = in_script.find(a.name);
        if (it == in_script.end()) {
            differs(a.name, "loaded by the manifests (" + a.vsn + ") but not by the boot script");
            continue;
        }
        const ResolvedApp& b = *it->second;
        if (a.vsn != b.vsn)
            differs(a.name,
                    "version " + a.vsn + " in the manifests, " + b.vsn + " in the boot script");
        if (!a.included_by && !b.included_by && a.type != b.type)
            differs(a.name, std::string("type ") + to_string(a.type) + " in the manifests, " +
                                to_string(b.type) + " in the boot script");
        auto sm = spec_m.find(a.name);
        auto ss = spec_s.find(a.name);
        if (sm == spec_m.end() || ss == spec_s.end()) continue;
        // The script holds the uses as systools rewrote them: compare with the rewritten ones
        // when the manifests resolve, else with the .app as written.
        auto node = node_m.find(a.name);
        const std::vector<std::string>& uses =
            node != node_m.end() ? node->second->uses : sm->second->applications;
        if (sorted_list(uses) != sorted_list(ss->second->applications))
            differs(a.name, "applications [" + sorted_list(uses) + "] in the manifests, [" +
                                sorted_list(ss->second->applications) + "] in the boot script" +
                                (a.vsn == b.vsn ? " (same version, other contents: rebuilt "
                                                  "without a version bump?)"
                                                : ""));
        const std::vector<std::string>& includes =
            node != node_m.end() ? node->second->includes : sm->second->included_applications;
        if (sorted_list(includes) != sorted_list(ss->second->included_applications))
            differs(a.name,
                    "included_applications [" + sorted_list(includes) + "] in the manifests, [" +
                        sorted_list(ss->second->included_applications) + "] in the boot script");
    }
    for (const auto& a : s.applications)
        if (a.loaded && !in_manifests.count(a.name))
            differs(a.name, "loaded by the boot script (" + a.vsn + ") but not by the manifests");
    if (!m.ok()) return;
    // Start order, as `diff` compares it: the fewest applications that moved.
    for (const auto& moved : diff_releases(m, s).moved)
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

}  // namespace appgraph
