// Release diff for upgrade reviews. Membership and per-app attributes are compared by name.
// For order, the apps both releases start are listed in OLD's start order with their NEW
// start positions; a longest increasing subsequence of those positions (patience sorting,
// O(n log n)) is the largest set that kept its relative order, and everything else "moved".

#include <algorithm>
#include <unordered_map>

#include "libappgraph/diff.hpp"
#include "libappgraph/join.hpp"

namespace appgraph {

namespace {

std::string status(const ResolvedApp& a) {
    if (!a.not_started_because.empty()) return "start fails";
    return a.started ? "started" : (a.loaded ? "loaded" : "not loaded");
}

// Why NAME moved: its own uses changed, or what pulled it in front of itself did.
std::string move_reason(const std::string& name, const Resolution& before, const Resolution& after,
                        const std::unordered_map<std::string, const GraphNode*>& old_node,
                        const std::unordered_map<std::string, const GraphNode*>& new_node) {
    auto og = old_node.find(name), ng = new_node.find(name);
    if (og != old_node.end() && ng != new_node.end() &&
        og->second->original_uses != ng->second->original_uses) {
        std::vector<std::string> added, removed;
        for (const auto& u : ng->second->original_uses)
            if (std::find(og->second->original_uses.begin(), og->second->original_uses.end(), u) ==
                og->second->original_uses.end())
                added.push_back(u);
        for (const auto& u : og->second->original_uses)
            if (std::find(ng->second->original_uses.begin(), ng->second->original_uses.end(), u) ==
                ng->second->original_uses.end())
                removed.push_back(u);
        std::string text = "its applications changed";
        if (!added.empty()) text += ": now uses " + join(added, ",");
        if (!removed.empty())
            text +=
                (added.empty() ? ": " : "; ") + std::string("no longer uses ") + join(removed, ",");
        return text;
    }
    const auto pulled = [&](const Resolution& r) {
        for (const auto& a : r.applications)
            if (a.name == name) return a.pulled_in_by;
        return std::string();
    };
    const std::string was = pulled(before), now = pulled(after);
    if (was == now) return "";
    if (now.empty()) {
        // Usually because the application that pulled it no longer depends on it.
        auto w = new_node.find(was);
        const bool still_uses = w != new_node.end() &&
                                (std::find(w->second->uses.begin(), w->second->uses.end(), name) !=
                                     w->second->uses.end() ||
                                 std::find(w->second->includes.begin(), w->second->includes.end(),
                                           name) != w->second->includes.end());
        return "no longer pulled in front of " + was +
               (w == new_node.end() ? " (removed)"
                : still_uses        ? ""
                                    : " (" + was + " no longer depends on it)");
    }
    return "now pulled in front of " + now + ", which depends on it" +
           (was.empty() ? "" : " (was " + was + ")");
}

}  // namespace

ReleaseDiff diff_releases(const Resolution& before, const Resolution& after) {
    ReleaseDiff d;
    std::unordered_map<std::string, std::size_t> old_pos, new_pos;
    for (std::size_t i = 0; i < before.applications.size(); ++i)
        old_pos.emplace(before.applications[i].name, i);
    for (std::size_t i = 0; i < after.applications.size(); ++i)
        new_pos.emplace(after.applications[i].name, i);
    for (const auto& a : after.applications)
        if (!old_pos.count(a.name)) d.added.push_back(a.name);

    std::unordered_map<std::string, const GraphNode*> old_node, new_node;
    for (const auto& g : before.graph) old_node.emplace(g.name, &g);
    for (const auto& g : after.graph) new_node.emplace(g.name, &g);
    for (std::size_t i = 0; i < before.applications.size(); ++i) {
        const ResolvedApp& o = before.applications[i];
        auto it = new_pos.find(o.name);
        if (it == new_pos.end()) {
            d.removed.push_back(o.name);
            continue;
        }
        const ResolvedApp& n = after.applications[it->second];
        if (o.vsn != n.vsn) d.versions.push_back({o.name, o.vsn, n.vsn});
        if (o.type != n.type) d.types.push_back({o.name, to_string(o.type), to_string(n.type)});
        if (status(o) != status(n)) d.started.push_back({o.name, status(o), status(n)});
        auto og = old_node.find(o.name), ng = new_node.find(o.name);
        if (og != old_node.end() && ng != new_node.end() &&
            og->second->includes != ng->second->includes)
            d.includes.push_back(
                {o.name, join(og->second->includes, ","), join(ng->second->includes, ",")});
    }

    // Order: the start order (`order`'s lines). Longest increasing subsequence of NEW start
    // positions, taken in OLD start order, over the applications both start.
    std::unordered_map<std::string, std::size_t> new_start;
    for (std::size_t i = 0; i < after.start.size(); ++i) new_start.emplace(after.start[i], i);
    std::vector<std::size_t> common_old;  // indexes into before.start
    std::vector<std::size_t> seq;
    for (std::size_t i = 0; i < before.start.size(); ++i) {
        auto it = new_start.find(before.start[i]);
        if (it == new_start.end()) continue;
        common_old.push_back(i);
        seq.push_back(it->second);
    }
    std::vector<std::size_t> tails, tail_index, parent(seq.size(), SIZE_MAX);
    for (std::size_t i = 0; i < seq.size(); ++i) {
        auto it = std::lower_bound(tails.begin(), tails.end(), seq[i]);
        std::size_t k = static_cast<std::size_t>(it - tails.begin());
        if (it == tails.end()) {
            tails.push_back(seq[i]);
            tail_index.push_back(i);
        } else {
            *it = seq[i];
            tail_index[k] = i;
        }
        if (k > 0) parent[i] = tail_index[k - 1];
    }
    std::vector<char> kept(seq.size(), 0);
    if (!tail_index.empty()) {
        for (std::size_t i = tail_index.back(); i != SIZE_MAX; i = parent[i]) kept[i] = 1;
    }
    for (std::size_t i = 0; i < seq.size(); ++i) {
        if (kept[i]) continue;
        const std::string& name = before.start[common_old[i]];
        d.moved.push_back({name, static_cast<int>(common_old[i] + 1), static_cast<int>(seq[i] + 1),
                           move_reason(name, before, after, old_node, new_node)});
    }
    return d;
}

}  // namespace appgraph
