// Explains a circular_dependencies error. systools names the applications involved but not
// the cycle, and the cycle often runs through edges nobody wrote: a use of an included
// application is rewritten into a use of its top-level includer. This walks the graph the sort
// walked (rewritten uses, minus the allowed "X includes Y, Y uses X" edges, plus includes) depth
// first from the reported applications and returns the first cycle found, each edge with the
// rule that created it.

#include <algorithm>

#include "prepared.hpp"

namespace appgraph::detail {

namespace {

std::vector<int> edges_of(const Prepared& p, int entry) {
    const Entry& e = element(p.entries, entry);
    std::vector<int> out;
    for (int u : e.uses) {
        int target = element(p.entry_of, u);
        if (target < 0 || target == entry) continue;
        if (element(p.includer, e.name) == target) continue;
        out.push_back(target);
    }
    for (int i : e.includes) {
        int target = element(p.entry_of, i);
        if (target >= 0 && target != entry) out.push_back(target);
    }
    return out;
}

std::string edge_reason(const Prepared& p, int from, int to) {
    const Entry& a = element(p.entries, from);
    const Entry& b = element(p.entries, to);
    const std::string& an = p.names.name(a.name);
    const std::string& bn = p.names.name(b.name);
    if (std::find(a.includes.begin(), a.includes.end(), b.name) != a.includes.end())
        return an + " includes " + bn;
    for (auto [original, top] : a.rewrites) {
        if (top != b.name) continue;
        std::string text = an + " uses " + p.names.name(original);
        int at = original;
        while (at != b.name) {
            int parent = element(p.includer, at);
            if (parent < 0) break;
            int parent_name = element(p.entries, parent).name;
            text += ", " + p.names.name(at) + " is included by " + p.names.name(parent_name);
            at = parent_name;
        }
        return text + ", so " + an + " depends on " + bn;
    }
    return an + " uses " + bn;
}

}  // namespace

std::vector<CycleStep> find_cycle(const Prepared& p, const std::vector<int>& circular) {
    const std::size_t n = p.entries.size();
    std::vector<char> state(n, 0);  // 0 new, 1 on the path, 2 done
    for (int start_name : circular) {
        int start = element(p.entry_of, start_name);
        if (start < 0 || element(state, start) == 2) continue;
        struct Frame {
            int node;
            std::vector<int> next;
            std::size_t i;
        };
        std::vector<Frame> path;
        path.push_back({start, edges_of(p, start), 0});
        element(state, start) = 1;
        while (!path.empty()) {
            Frame& top = path.back();
            if (top.i == top.next.size()) {
                element(state, top.node) = 2;
                path.pop_back();
                continue;
            }
            int next = top.next[top.i++];
            if (element(state, next) == 1) {
                auto from = std::find_if(path.begin(), path.end(),
                                         [&](const Frame& f) { return f.node == next; });
                std::vector<CycleStep> cycle;
                for (auto it = from; it != path.end(); ++it) {
                    int to = (it + 1 != path.end()) ? (it + 1)->node : next;
                    cycle.push_back({p.names.name(element(p.entries, it->node).name),
                                     p.names.name(element(p.entries, to).name),
                                     edge_reason(p, it->node, to)});
                }
                return cycle;
            }
            if (element(state, next) == 0) {
                element(state, next) = 1;
                path.push_back({next, edges_of(p, next), 0});
            }
        }
    }
    return {};
}

}  // namespace appgraph::detail
