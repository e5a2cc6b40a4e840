// `appgraph why APP`. Paths are enumerated backwards from APP over the written dependency edges
// (who lists APP in `applications` or `included_applications`), depth first, stopping at the
// roots and at `max_paths`. Placement is read off the resolution: the dependencies APP waited
// for, the application that pulled it in front of itself (systools' pull-in walk), or, when
// nothing forced it, the .rel order, with the application it follows.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "libappgraph/explain.hpp"
#include "libappgraph/join.hpp"

namespace appgraph {

namespace {

std::string location(const SourceLocation& where) {
    if (where.file.empty()) return "";
    std::string out = where.file;
    if (where.line > 0) out += ":" + std::to_string(where.line);
    return out;
}

}  // namespace

Explanation explain_app(const Release& release, const std::vector<Application>& apps,
                        const Resolution& resolution, const std::vector<std::string>& roots,
                        const std::string& app, bool from_rel, std::size_t max_paths) {
    Explanation ex;
    ex.app = app;
    ex.total = static_cast<int>(resolution.applications.size());

    std::unordered_set<std::string> members;
    for (const auto& e : release.entries) members.insert(e.name);
    // Reverse edges among the release's applications: who lists X.
    std::unordered_map<std::string, std::vector<std::pair<std::string, bool>>> listed_by;
    for (const auto& a : apps) {
        if (!members.count(a.name)) continue;
        for (const auto& d : a.applications) listed_by[d].push_back({a.name, false});
        for (const auto& d : a.included_applications) listed_by[d].push_back({a.name, true});
    }
    for (auto& [k, v] : listed_by) std::sort(v.begin(), v.end());
    std::unordered_set<std::string> root_set(roots.begin(), roots.end());

    // Backward depth first from APP; a path is complete at a root.
    std::vector<std::string> path{app};
    std::unordered_set<std::string> on_path{app};
    struct Frame {
        std::string at;
        std::size_t next;
    };
    std::vector<Frame> stack{{app, 0}};
    if (root_set.count(app)) ex.paths.push_back({app});
    while (!stack.empty() && !ex.truncated) {
        Frame& f = stack.back();
        const auto it = listed_by.find(f.at);
        if (it == listed_by.end() || f.next == it->second.size()) {
            on_path.erase(f.at);
            path.pop_back();
            stack.pop_back();
            continue;
        }
        const std::string parent = it->second[f.next++].first;
        if (on_path.count(parent)) continue;
        path.push_back(parent);
        on_path.insert(parent);
        if (root_set.count(parent)) {
            if (ex.paths.size() == max_paths) {
                ex.truncated = true;
                break;
            }
            ex.paths.emplace_back(path.rbegin(), path.rend());
        }
        stack.push_back({parent, 0});
    }

    const ReleaseEntry* rel_entry = nullptr;
    for (const auto& e : release.entries)
        if (e.name == app) {
            rel_entry = &e;
            break;
        }
    auto found = std::find_if(resolution.applications.begin(), resolution.applications.end(),
                              [&](const ResolvedApp& r) { return r.name == app; });
    if (!rel_entry || found == resolution.applications.end()) {
        ex.reasons.push_back(app + " is not in the release");
        return ex;
    }
    ex.full_position = static_cast<int>(found - resolution.applications.begin()) + 1;
    if (auto s = std::find(resolution.start.begin(), resolution.start.end(), app);
        s != resolution.start.end())
        ex.position = static_cast<int>(s - resolution.start.begin()) + 1;
    const std::string order_name = from_rel ? "the .rel" : "the release formed from the roots";

    if (from_rel) {
        std::string where = location(rel_entry->source);
        ex.reasons.push_back("in the release: listed in the .rel" +
                             (where.empty() ? "" : " (" + where + ")"));
    } else if (root_set.count(app)) {
        ex.reasons.push_back("in the release: a root (no other application uses or includes it)");
    } else {
        ex.reasons.push_back("in the release: in the closure of the roots (see the paths)");
    }
    const ResolvedApp& r = *found;
    std::string status = std::string("type ") + to_string(r.type) + ": ";
    if (r.included_by) {
        status += "included by " + *r.included_by +
                  ", so loaded with it and never started by "
                  "the application controller (" +
                  *r.included_by + "'s supervision tree starts its processes)";
    } else if (r.started) {
        status += "loaded and started by the boot script";
    } else if (!r.not_started_because.empty()) {
        status +=
            "loaded; the boot script calls start_boot for it but it does not start: it "
            "uses " +
            r.not_started_because + ", which is not started before it";
    } else if (r.loaded) {
        status += "loaded but never started";
    } else {
        status += "neither loaded nor started (the boot script leaves it out)";
    }
    ex.reasons.push_back(status);

    // Positions as the commands print them: `order` lists the start order (start_boot calls),
    // `order -v` the full order (loaded-only and none applications too).
    std::string placed;
    if (ex.position > 0)
        placed = "position " + std::to_string(ex.position) + " of " +
                 std::to_string(resolution.start.size()) + " in the start order";
    else
        placed = "not in the start order; position " + std::to_string(ex.full_position) + " of " +
                 std::to_string(ex.total) + " in the full order (order -v)";
    if (!r.waited_for.empty()) placed += ", after what it depends on: " + join(r.waited_for);
    ex.reasons.push_back(placed);

    if (!r.pulled_in_by.empty()) {
        // The chain of applications that pulled each other forward, up to one that was at
        // the head of the list in release order: that one comes earlier in the release order,
        // not necessarily the first puller.
        std::unordered_map<std::string, const ResolvedApp*> by_name;
        for (const auto& a : resolution.applications) by_name.emplace(a.name, &a);
        std::string text = "pulled in front of " + r.pulled_in_by + ", which depends on it";
        std::string at = r.pulled_in_by;
        std::unordered_set<std::string> seen{app};
        while (by_name.count(at) && !by_name[at]->pulled_in_by.empty() && seen.insert(at).second) {
            const std::string next = by_name[at]->pulled_in_by;
            text +=
                "; " + at + " was itself pulled in front of " + next + ", which depends on " + at;
            at = next;
        }
        text += "; " + at + " comes earlier in " + order_name +
                " (systools moves dependencies in front of their first dependant)";
        ex.reasons.push_back(text);
    } else if (ex.full_position > 1) {
        ex.reasons.push_back("nothing pulled it forward: it keeps its place in " + order_name +
                             ", after every application listed before it there");
    }
    for (const auto& node : resolution.graph) {
        if (node.name != app) continue;
        for (const auto& [original, top] : node.rewrites) {
            if (!top.empty())
                ex.reasons.push_back(app + " uses " + original +
                                     ", which is included by another application, so it "
                                     "waits for " +
                                     top + ", the top of that include chain");
        }
    }
    return ex;
}

}  // namespace appgraph
