// `mix app.tree` over .app data: children are an application's `applications` (tagged
// "optional" when also in `optional_applications`, "optional - missing" when such an app is not
// among the inputs) followed by its `included_applications` (tagged "included"), sorted by name,
// excluded apps left out. The reverse tree turns every edge around. Each application is expanded
// the first time it is met; a later occurrence is marked repeated instead of printing the same
// subtree again, which keeps a 100,000-application tree linear.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "libappgraph/app_tree.hpp"

namespace appgraph {

namespace {

struct Edge {
    std::string to;
    std::string tag;
};

using Adjacency = std::unordered_map<std::string, std::vector<Edge>>;

Adjacency forward_edges(const std::vector<Application>& apps,
                        const std::unordered_set<std::string>& known) {
    Adjacency adj;
    for (const auto& app : apps) {
        auto& out = adj[app.name];
        if (!out.empty()) continue;  // first definition wins
        for (const auto& dep : app.applications) {
            bool optional =
                std::find(app.optional_applications.begin(), app.optional_applications.end(),
                          dep) != app.optional_applications.end();
            std::string tag = optional ? (known.count(dep) ? "optional" : "optional - missing")
                                       : (known.count(dep) ? "" : "missing");
            out.push_back({dep, tag});
        }
        for (const auto& inc : app.included_applications)
            out.push_back({inc, known.count(inc) ? "included" : "missing"});
    }
    return adj;
}

Adjacency reverse_edges(const Adjacency& forward) {
    Adjacency adj;
    for (const auto& [from, edges] : forward) {
        for (const auto& e : edges) {
            std::string tag = e.tag == "included"
                                  ? "includes it"
                                  : (e.tag.rfind("optional", 0) == 0 ? "optional" : "");
            adj[e.to].push_back({from, tag});
        }
    }
    return adj;
}

}  // namespace

std::vector<std::string> tree_roots(const std::vector<Application>& apps,
                                    const TreeOptions& options) {
    std::unordered_set<std::string> excluded(options.exclude.begin(), options.exclude.end());
    std::unordered_set<std::string> has_incoming;
    for (const auto& app : apps) {
        if (options.reverse) {
            if (!app.applications.empty() || !app.included_applications.empty()) {
                bool all_excluded = true;
                for (const auto* list : {&app.applications, &app.included_applications})
                    for (const auto& d : *list) all_excluded = all_excluded && excluded.count(d);
                if (!all_excluded) has_incoming.insert(app.name);
            }
        } else {
            for (const auto* list : {&app.applications, &app.included_applications})
                for (const auto& d : *list)
                    if (d != app.name) has_incoming.insert(d);
        }
    }
    std::vector<std::string> roots;
    std::unordered_set<std::string> seen;
    for (const auto& app : apps) {
        if (excluded.count(app.name) || has_incoming.count(app.name)) continue;
        if (seen.insert(app.name).second) roots.push_back(app.name);
    }
    std::sort(roots.begin(), roots.end());
    return roots;
}

std::vector<TreeNode> build_tree(const std::vector<Application>& apps,
                                 const std::vector<std::string>& roots,
                                 const TreeOptions& options) {
    std::unordered_set<std::string> known;
    for (const auto& app : apps) known.insert(app.name);
    Adjacency adj = forward_edges(apps, known);
    if (options.reverse) adj = reverse_edges(adj);
    for (auto& [name, edges] : adj) {
        std::stable_sort(edges.begin(), edges.end(),
                         [](const Edge& a, const Edge& b) { return a.to < b.to; });
    }
    std::unordered_set<std::string> excluded(options.exclude.begin(), options.exclude.end());
    std::unordered_set<std::string> expanded, on_path;

    // Depth first with an explicit stack: a chain of 100,000 apps must not exhaust the stack.
    struct Frame {
        TreeNode* node;
        const std::vector<Edge>* edges;
        std::size_t next;
    };
    std::vector<TreeNode> out;
    out.reserve(roots.size());
    for (const auto& root : roots)
        out.push_back({root, known.count(root) ? "" : "missing", {}, false, false});
    for (auto& root_node : out) {
        std::vector<Frame> stack;
        static const std::vector<Edge> none;
        auto open = [&](TreeNode& node) {
            if (expanded.count(node.name)) {
                auto it = adj.find(node.name);
                node.repeated = it != adj.end() &&
                                std::any_of(it->second.begin(), it->second.end(),
                                            [&](const Edge& e) { return !excluded.count(e.to); });
                return;
            }
            expanded.insert(node.name);
            on_path.insert(node.name);
            auto it = adj.find(node.name);
            const auto* edges = it == adj.end() ? &none : &it->second;
            node.children.reserve(edges->size());
            stack.push_back({&node, edges, 0});
        };
        open(root_node);
        while (!stack.empty()) {
            Frame& f = stack.back();
            while (f.next < f.edges->size() && excluded.count((*f.edges)[f.next].to)) ++f.next;
            if (f.next == f.edges->size()) {
                on_path.erase(f.node->name);
                stack.pop_back();
                continue;
            }
            const Edge& e = (*f.edges)[f.next++];
            f.node->children.push_back({e.to, e.tag, {}, false, false});
            TreeNode& child = f.node->children.back();
            if (on_path.count(e.to)) {
                child.cycle = true;
                continue;
            }
            open(child);  // may push: `f` is not used after this point
        }
    }
    return out;
}

namespace {

std::string label(const TreeNode& node) {
    std::string text = node.name;
    if (!node.tag.empty()) text += " (" + node.tag + ")";
    if (node.cycle) text += " (cycle)";
    if (node.repeated) text += " (*)";
    return text;
}

// Depth first with an explicit stack, so that a very deep tree cannot exhaust the machine stack.
void render(const TreeNode& root, bool pretty, std::string& out) {
    struct Item {
        const TreeNode* node;
        std::string indent;
        bool last;
        bool top;
    };
    std::vector<Item> stack{{&root, "", true, true}};
    while (!stack.empty()) {
        Item item = std::move(stack.back());
        stack.pop_back();
        if (item.top) {
            out += label(*item.node) + "\n";
        } else {
            out += item.indent +
                   (pretty ? (item.last ? "└── " : "├── ") : (item.last ? "`-- " : "|-- ")) +
                   label(*item.node) + "\n";
        }
        std::string child_indent =
            item.top ? "" : item.indent + (item.last ? "    " : (pretty ? "│   " : "|   "));
        const auto& children = item.node->children;
        for (std::size_t i = children.size(); i-- > 0;)
            stack.push_back({&children[i], child_indent, i + 1 == children.size(), false});
    }
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string render_tree_text(const std::vector<TreeNode>& roots, bool pretty) {
    std::string out;
    for (const auto& root : roots) render(root, pretty, out);
    return out;
}

std::string render_tree_dot(const std::vector<TreeNode>& roots) {
    std::string out = "digraph \"application tree\" {\n";
    std::unordered_set<std::string> vertices, edges;
    std::vector<const TreeNode*> todo;
    for (const auto& r : roots) todo.push_back(&r);
    std::string body;
    while (!todo.empty()) {
        const TreeNode* n = todo.back();
        todo.pop_back();
        if (vertices.insert(n->name).second) body += "  " + quoted(n->name) + "\n";
        for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) todo.push_back(&*it);
        for (const auto& c : n->children) {
            std::string edge = "  " + quoted(n->name) + " -> " + quoted(c.name);
            if (!c.tag.empty()) edge += " [label=" + quoted(c.tag) + "]";
            if (edges.insert(edge).second) body += edge + "\n";
        }
    }
    return out + body + "}\n";
}

}  // namespace appgraph
