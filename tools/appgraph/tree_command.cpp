// `appgraph tree` and `appgraph why`: the last operand names the application (always for why,
// which requires one; for tree, when there are two or more operands and the last is written as
// an application name: see application_operand).

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "commands.hpp"
#include "common/appgraph_diagnostics.hpp"
#include "common/did_you_mean.hpp"
#include "libappgraph/app_tree.hpp"
#include "libappgraph/explain.hpp"
#include "libappgraph/join.hpp"
#include "libappgraph/manifest.hpp"
#include "load.hpp"

namespace appgraph_cli {

namespace {

nlohmann::ordered_json tree_json(const appgraph::TreeNode& n) {
    nlohmann::ordered_json children = nlohmann::ordered_json::array();
    for (const auto& c : n.children) children.push_back(tree_json(c));
    nlohmann::ordered_json j{
        {"name", n.name},
        {"tag", n.tag.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(n.tag)},
        {"children", children}};
    if (n.repeated) j["repeated"] = true;
    if (n.cycle) j["cycle"] = true;
    return j;
}

// The depth of the deepest branch, walked with an explicit stack (a chain of applications may be
// deeper than the call stack allows).
std::size_t depth_of(const std::vector<appgraph::TreeNode>& roots) {
    std::size_t deepest = 0;
    std::vector<std::pair<const appgraph::TreeNode*, std::size_t>> stack;
    for (const auto& root : roots) stack.emplace_back(&root, 1);
    while (!stack.empty()) {
        auto [node, depth] = stack.back();
        stack.pop_back();
        deepest = std::max(deepest, depth);
        for (const auto& child : node->children) stack.emplace_back(&child, depth + 1);
    }
    return deepest;
}

// The nested formats grow with the square of the depth (every line is indented by it) and JSON is
// nested as deep as the tree; real releases are a few dozen levels deep, DOT has no such limit.
constexpr std::size_t kMaxNestedDepth = 1000;

// Whether an operand is written as an application name rather than as an input: no '/', not '-'
// and no input file's extension. A directory of the application's name in the working directory
// does not make it an input (`tree . shop` in a directory holding shop/): such a directory is
// given as ./shop.
bool written_as_application(const std::string& word) {
    if (word.empty() || word == "-" || word == "." || word == ".." ||
        word.find('/') != std::string::npos)
        return false;
    for (const char* ext : {".app", ".rel", ".json", ".boot", ".script"}) {
        const std::string_view e(ext);
        if (word.size() > e.size() && word.compare(word.size() - e.size(), e.size(), e) == 0)
            return false;
    }
    return true;
}

// Splits the operands into inputs and the application: the last one when `required` (why), or
// when there are two or more and the last is written as an application name (tree).
std::string application_operand(std::vector<std::string>& paths, bool required) {
    if (paths.empty() || (!required && (paths.size() < 2 || !written_as_application(paths.back()))))
        return {};
    std::string app = paths.back();
    paths.pop_back();
    return app;
}

}  // namespace

int run_tree(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    std::vector<std::string> paths = o.paths;
    const std::string app = application_operand(paths, /*required=*/false);
    int exit_code = toolcommon::exit_ok;
    std::optional<LoadedRelease> loaded_or =
        load_or_report(o, paths, {}, out, diag, exit_code, /*validate=*/false);
    if (!loaded_or) return exit_code;
    const LoadedRelease& loaded = *loaded_or;
    // A release that does not resolve (a cycle, an undefined application, a wrong version) is
    // a negative answer here as in every command, not a tree with parts silently missing.
    {
        appgraph::Diagnostics checks(appgraph::Diagnostics::Mode::collect_all,
                                     toolcommon::Reporter::kMaxReports);
        if (loaded.from_rel && !loaded.script)
            appgraph::validate_release(loaded.release, loaded.apps, checks);
        if (!checks.ok()) {
            toolcommon::report_all(diag, checks);
            return toolcommon::exit_code_for(checks);
        }
        appgraph::ResolveOptions order_only;
        order_only.explain = false;
        const appgraph::Resolution r =
            appgraph::resolve_boot(loaded.release, loaded.apps, order_only);
        if (!r.ok()) {
            report_errors(r.errors, diag);
            exit_code = toolcommon::exit_negative;  // the tree is still printed: it shows a
                                                    // cycle as "(cycle)"
        }
    }
    // With a .rel, the tree covers the release's applications; otherwise every app found.
    std::vector<appgraph::Application> apps;
    if (loaded.from_rel) {
        std::unordered_set<std::string> members;
        for (const auto& e : loaded.release.entries) members.insert(e.name);
        for (const auto& a : loaded.apps)
            if (members.count(a.name)) apps.push_back(a);
    } else {
        apps = loaded.apps;
    }
    appgraph::TreeOptions options;
    options.reverse = o.reverse;
    options.exclude.insert(options.exclude.end(), o.exclude.begin(), o.exclude.end());
    std::vector<std::string> roots;
    if (!app.empty()) {
        bool known = false;
        for (const auto& a : apps) known = known || a.name == app;
        if (!known) {
            std::vector<std::string> names;
            for (const auto& a : apps) names.push_back(a.name);
            diag.error("no application named '" + app + "' in the inputs" +
                       toolcommon::did_you_mean(app, names));
            std::error_code ec;
            if (std::filesystem::exists(app, ec))
                diag.note("(to read " + app + " as an input, give it as ./" + app + ")");
            return toolcommon::exit_negative;
        }
        roots.push_back(app);
    } else {
        roots = appgraph::tree_roots(apps, options);
    }
    auto trees = appgraph::build_tree(apps, roots, options);
    // --json (or --pretty) is --format json.
    const bool json = o.format == "json" || static_cast<bool>(o.json);
    const std::string format = json ? "json" : o.format;
    if (format != "dot") {
        if (std::size_t depth = depth_of(trees); depth > kMaxNestedDepth) {
            diag.error("the tree is " + std::to_string(depth) + " levels deep; --format " + format +
                       " shows at most " + std::to_string(kMaxNestedDepth) +
                       ": use --format dot, or name an application further down");
            return toolcommon::exit_usage;
        }
    }
    if (format == "dot")
        out << appgraph::render_tree_dot(trees);
    else if (json) {
        nlohmann::ordered_json j = nlohmann::ordered_json::array();
        for (const auto& t : trees) j.push_back(tree_json(t));
        toolcommon::write_json(out, toolcommon::to_json(j), o.json);
    } else {
        out << appgraph::render_tree_text(trees, format == "pretty");
    }
    return exit_code;
}

int run_why(const Options& o, toolcommon::Output& out, const toolcommon::Reporter& diag) {
    std::vector<std::string> paths = o.paths;
    const std::string app = application_operand(paths, /*required=*/true);
    int exit_code = toolcommon::exit_ok;
    std::optional<LoadedRelease> loaded_or =
        load_or_report(o, paths, o.roots, out, diag, exit_code);
    if (!loaded_or) return exit_code;
    const LoadedRelease& loaded = *loaded_or;
    appgraph::Resolution r = appgraph::resolve_boot(loaded.release, loaded.apps);
    if (!r.ok()) {
        report_errors(r.errors, diag);
        return toolcommon::exit_negative;
    }
    appgraph::Explanation ex = appgraph::explain_app(loaded.release, loaded.apps, r,
                                                     top_level(loaded), app, loaded.from_rel);
    if (ex.full_position == 0) {
        std::vector<std::string> names;
        for (const auto& a : r.applications) names.push_back(a.name);
        diag.error(app + " is not in the release" + toolcommon::did_you_mean(app, names));
        return toolcommon::exit_negative;
    }
    if (o.json) {
        const nlohmann::ordered_json doc{
            {"app", ex.app},
            {"position", ex.position > 0 ? nlohmann::ordered_json(ex.position) : nullptr},
            {"start_total", r.start.size()},
            {"full_position", ex.full_position},
            {"total", ex.total},
            {"paths", ex.paths},
            {"paths_truncated", ex.truncated},
            {"reasons", ex.reasons}};
        toolcommon::write_json(out, toolcommon::to_json(doc), o.json);
        return toolcommon::exit_ok;
    }
    out << app << ":\n";
    for (const auto& reason : ex.reasons) out << "  " << reason << "\n";
    out << "paths from a root:\n";
    if (ex.paths.empty())
        out << "  (none: nothing in the release depends on it and it is not a root)\n";
    for (const auto& path : ex.paths) {
        const std::string line = appgraph::join(path, " -> ");
        out << "  " << line << "\n";
    }
    if (ex.truncated) out << "  (more paths not shown)\n";
    return toolcommon::exit_ok;
}

}  // namespace appgraph_cli
