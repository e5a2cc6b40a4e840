// systools_make:sort_appls/1 transcribed with plain lists, operation for operation: linear
// scans for membership, "remove the first occurrence", prepending. It is quadratic, so it is
// used only where the fast work list cannot be: releases that list an application twice
// (systools then reports a circular dependency that is not there, and so must we). The tests
// also run it against sort_fast on random graphs.

#include <algorithm>

#include "prepared.hpp"

namespace appgraph::detail {

namespace {

bool same_key(const Prepared& p, int a, int b) {
    const Entry& x = element(p.entries, a);
    const Entry& y = element(p.entries, b);
    return x.name == y.name && x.vsn == y.vsn;
}

}  // namespace

SortResult sort_reference(const Prepared& p) {
    SortResult result;
    result.pulled_by.assign(p.entries.size(), -1);
    std::vector<int> list;
    for (std::size_t i = 0; i < p.entries.size(); ++i) list.push_back(static_cast<int>(i));
    std::vector<int> missing, circular, visited;  // visited: entries, newest first

    auto visited_name = [&](int name) {
        return std::any_of(visited.begin(), visited.end(),
                           [&](int v) { return element(p.entries, v).name == name; });
    };
    auto find_all = [&](int checking, const std::vector<int>& names, std::vector<int>& tail,
                        std::vector<int>& found, std::vector<int>& not_found) {
        const int checking_name = element(p.entries, checking).name;
        for (auto it = names.rbegin(); it != names.rend(); ++it) {
            auto at = std::find_if(tail.begin(), tail.end(),
                                   [&](int e) { return element(p.entries, e).name == *it; });
            if (at != tail.end()) {
                const auto& incs = element(p.entries, *at).includes;
                if (std::find(incs.begin(), incs.end(), checking_name) != incs.end()) {
                    if (!visited_name(*it)) not_found.insert(not_found.begin(), *it);
                } else {
                    found.insert(found.begin(), *at);
                    tail.erase(at);
                }
            } else if (!visited_name(*it)) {
                not_found.insert(not_found.begin(), *it);
            }
        }
    };

    while (!list.empty()) {
        const int node = list.front();
        const Entry& entry = element(p.entries, node);
        std::vector<int> tail(list.begin() + 1, list.end());
        std::vector<int> uses, incs, nf1, nf2;
        find_all(node, entry.uses, tail, uses, nf1);
        find_all(node, entry.includes, tail, incs, nf2);
        for (int opt : entry.optional) {
            auto it = std::find(nf1.begin(), nf1.end(), opt);
            if (it != nf1.end()) nf1.erase(it);
        }
        std::vector<int> chunk = nf1;
        chunk.insert(chunk.end(), nf2.begin(), nf2.end());
        missing.insert(missing.begin(), chunk.begin(), chunk.end());
        std::vector<int> deps = uses;
        deps.insert(deps.end(), incs.begin(), incs.end());
        if (deps.empty()) {
            result.order.push_back(node);
            visited.insert(visited.begin(), node);
            list = tail;
            continue;
        }
        std::vector<int> new_circular;  // [N1 || {N1,_} <- L, N2 <- Visited, N1 == N2]
        for (int d : deps) {
            for (int v : visited) {
                if (same_key(p, d, v)) new_circular.push_back(d);
            }
        }
        if (!new_circular.empty()) {
            std::vector<int> names{entry.name};
            for (int d : new_circular) names.push_back(element(p.entries, d).name);
            circular.insert(circular.begin(), names.begin(), names.end());
        }
        std::vector<int> next = deps;
        next.push_back(node);
        next.insert(next.end(), tail.begin(), tail.end());
        for (int d : new_circular) {  // del_apps: keydelete of the first entry with that key
            auto at =
                std::find_if(next.begin(), next.end(), [&](int e) { return same_key(p, e, d); });
            if (at != next.end()) next.erase(at);
        }
        for (int d : deps) element(result.pulled_by, d) = node;
        visited.insert(visited.begin(), node);
        list = std::move(next);
    }
    result.missing = make_set(missing);
    result.circular = make_set(circular);
    return result;
}

}  // namespace appgraph::detail
