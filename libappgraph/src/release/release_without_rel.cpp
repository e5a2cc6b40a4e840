// How a release forms when there is no .rel file: from the applications found and the roots
// the user names (or, by default, every application no other found application uses or
// includes). The order of the entries matters, since systools keeps .rel order wherever no
// dependency forces another: kernel, stdlib, then each root's closure depth first with
// dependencies before dependants, which is also the order `mix release` writes its .rel in for
// a single project. kernel and stdlib, which build directories do not contain, are supplied as
// bare applications when the inputs lack them.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "libappgraph/resolve.hpp"

namespace appgraph {

std::vector<Application> with_base_applications(std::vector<Application> apps) {
    for (const char* base : {"kernel", "stdlib"}) {
        bool present = std::any_of(apps.begin(), apps.end(),
                                   [&](const Application& a) { return a.name == base; });
        if (present) continue;
        Application app;
        app.name = base;
        app.description = "supplied by appgraph: not among the inputs";
        if (std::string(base) == "stdlib") app.applications = {"kernel"};
        apps.push_back(std::move(app));
    }
    return apps;
}

std::vector<std::string> default_roots(const std::vector<Application>& apps) {
    std::unordered_set<std::string> depended_on;
    for (const auto& app : apps) {
        depended_on.insert(app.applications.begin(), app.applications.end());
        depended_on.insert(app.included_applications.begin(), app.included_applications.end());
    }
    std::vector<std::string> roots;
    std::unordered_set<std::string> seen;
    for (const auto& app : apps) {
        if (!depended_on.count(app.name) && seen.insert(app.name).second) roots.push_back(app.name);
    }
    std::sort(roots.begin(), roots.end());
    // Applications in a dependency cycle that nothing outside uses (web uses core, core uses
    // web) are reached from no such root: each one no root reaches becomes a root too, in name
    // order, so that the release holds the cycle and resolving it reports it.
    std::unordered_map<std::string, const Application*> by_name;
    for (const auto& app : apps) by_name.try_emplace(app.name, &app);
    std::unordered_set<std::string> reached;
    auto reach = [&](const std::string& root) {
        std::vector<std::string> stack{root};
        while (!stack.empty()) {
            std::string at = std::move(stack.back());
            stack.pop_back();
            auto it = by_name.find(at);
            if (it == by_name.end() || !reached.insert(at).second) continue;
            for (const auto* list : {&it->second->applications, &it->second->included_applications})
                stack.insert(stack.end(), list->begin(), list->end());
        }
    };
    for (const auto& root : roots) reach(root);
    std::vector<std::string> unreached;
    for (const auto& [name, app] : by_name)
        if (!reached.count(name)) unreached.push_back(name);
    std::sort(unreached.begin(), unreached.end());
    for (const auto& name : unreached) {
        if (reached.count(name)) continue;
        roots.push_back(name);
        reach(name);
    }
    return roots;
}

std::vector<std::string> top_level_applications(const Release& release,
                                                const std::vector<Application>& apps) {
    std::unordered_set<std::string> members;
    for (const auto& e : release.entries) members.insert(e.name);
    std::vector<Application> member_apps;
    for (const auto& a : apps)
        if (members.count(a.name)) member_apps.push_back(a);
    const std::vector<std::string> found = default_roots(member_apps);
    const std::unordered_set<std::string> root_set(found.begin(), found.end());
    std::vector<std::string> roots;
    for (const auto& e : release.entries)
        if (root_set.count(e.name)) roots.push_back(e.name);
    return roots;
}

Release release_from_apps(const std::vector<Application>& apps,
                          const std::vector<std::string>& roots_in) {
    std::unordered_map<std::string, const Application*> by_name;
    for (const auto& app : apps) by_name.try_emplace(app.name, &app);
    Release rel;
    rel.name = std::string("appgraph");  // (a move: GCC 12 warns falsely on assigning literals)
    rel.vsn = std::string("0");
    std::unordered_set<std::string> added;
    auto add = [&](const Application& app) {
        if (!added.insert(app.name).second) return;
        ReleaseEntry e;
        e.name = app.name;
        e.vsn = app.vsn;
        e.source = app.source;
        rel.entries.push_back(std::move(e));
    };
    std::unordered_set<std::string> seen;
    struct Frame {
        const Application* app;
        std::vector<std::string> deps;
        std::size_t next;
    };
    auto visit = [&](const std::string& root) {
        auto it = by_name.find(root);
        if (it == by_name.end() || !seen.insert(root).second) return;
        auto deps_of = [](const Application& a) {
            std::vector<std::string> deps = a.applications;
            deps.insert(deps.end(), a.included_applications.begin(), a.included_applications.end());
            return deps;
        };
        std::vector<Frame> stack{{it->second, deps_of(*it->second), 0}};
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next == f.deps.size()) {
                add(*f.app);
                stack.pop_back();
                continue;
            }
            const std::string& dep = f.deps[f.next++];
            auto found = by_name.find(dep);
            if (found == by_name.end() || !seen.insert(dep).second) continue;
            stack.push_back({found->second, deps_of(*found->second), 0});
        }
    };
    for (const char* base : {"kernel", "stdlib"}) {
        if (auto it = by_name.find(base); it != by_name.end()) add(*it->second);
        seen.insert(base);
    }
    for (const auto& root : roots_in.empty() ? default_roots(apps) : roots_in) visit(root);
    return rel;
}

}  // namespace appgraph
