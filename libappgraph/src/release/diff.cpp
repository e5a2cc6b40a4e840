// Release diff for upgrade reviews. Membership and per-app attributes are compared by name.
// For order, the apps common to both releases are listed in OLD's order with their NEW
// positions; a longest increasing subsequence of those positions (patience sorting,
// O(n log n)) is the largest set that kept its relative order, and everything else "moved".

#include <algorithm>
#include <unordered_map>

#include "libappgraph/diff.hpp"

namespace appgraph {

namespace {

std::string status(const ResolvedApp& a) {
    return a.started ? "started" : (a.loaded ? "loaded" : "not loaded");
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

    std::vector<std::size_t> common_old;  // indexes into before.applications
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
        common_old.push_back(i);
    }

    // Longest increasing subsequence of NEW positions, taken in OLD order.
    std::vector<std::size_t> seq;
    for (std::size_t i : common_old) seq.push_back(new_pos[before.applications[i].name]);
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
        const std::string& name = before.applications[common_old[i]].name;
        d.moved.push_back(
            {name, static_cast<int>(common_old[i] + 1), static_cast<int>(seq[i] + 1)});
    }
    return d;
}

}  // namespace appgraph
