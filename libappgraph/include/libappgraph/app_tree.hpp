#pragma once
// The application tree as `mix app.tree` shows it (an application, then what it lists in
// `applications` and `included_applications`, tagged), and the reverse tree: who pulls an
// application in. Built from the .app data as written, not from systools' rewritten graph.

#include <string>
#include <vector>

#include "libappgraph/model.hpp"

namespace appgraph {

struct TreeNode {
    std::string name;
    // "" | "included" | "optional" | "optional - missing" | "missing"; in a reverse tree the
    // tag says how the parent line relates to the child ("included" when the child includes it).
    std::string tag;
    std::vector<TreeNode> children;  // sorted by name
    bool repeated = false;           // already expanded higher up: children not shown again
    bool cycle = false;              // an ancestor of itself: not expanded
};

struct TreeOptions {
    bool reverse = false;
    // Left out with their subtrees. mix excludes kernel, stdlib and compiler by default.
    std::vector<std::string> exclude{"kernel", "stdlib", "compiler"};
};

// Trees rooted at `roots` over `apps`. Every application is expanded once, where it is first
// met depth first; later occurrences are marked `repeated`, so the output stays linear.
std::vector<TreeNode> build_tree(const std::vector<Application>& apps,
                                 const std::vector<std::string>& roots, const TreeOptions& options);

// The default roots: forward, the apps nobody uses or includes; reverse, the apps that use and
// include nothing (among `apps`, `exclude` left out), sorted by name.
std::vector<std::string> tree_roots(const std::vector<Application>& apps,
                                    const TreeOptions& options);

// Text renderings. pretty: box-drawing characters as mix prints them; plain: `|--` and `` `-- ``.
std::string render_tree_text(const std::vector<TreeNode>& roots, bool pretty);
// `digraph "application tree" {`, one vertex per application, one edge per dependency.
std::string render_tree_dot(const std::vector<TreeNode>& roots);

}  // namespace appgraph
