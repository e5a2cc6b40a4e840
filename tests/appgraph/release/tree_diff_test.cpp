// The application tree (mix app.tree's tags and exclusions, the reverse tree, DOT), the release
// diff (membership, attributes, the fewest apps that moved) and `why` explanations.

#include <doctest/doctest.h>

#include "libappgraph/app_tree.hpp"
#include "libappgraph/diff.hpp"
#include "libappgraph/explain.hpp"
#include "resolve_test_support.hpp"

using namespace appgraph;
using namespace appgraph::testing;
using Names = std::vector<std::string>;

TEST_CASE("tree: tags, sorted children, default exclusions, repeats marked once") {
    std::vector<Application> apps{
        app("kernel"),
        app("stdlib", {"kernel"}),
        app("top", {"stdlib", "web", "db", "opt", "gone"}, {"inc"}, {"opt", "gone"}),
        app("web", {"db"}),
        app("db", {"kernel"}),
        app("opt"),
        app("inc")};
    auto trees = build_tree(apps, {"top"}, {});
    CHECK(render_tree_text(trees, false) ==
          "top\n"
          "|-- db\n"
          "|-- gone (optional - missing)\n"
          "|-- inc (included)\n"
          "|-- opt (optional)\n"
          "`-- web\n"
          "    `-- db\n");
    CHECK(tree_roots(apps, {}) == Names{"top"});
}

TEST_CASE("reverse tree: who pulls an application in") {
    std::vector<Application> apps{app("a", {"c"}), app("b", {}, {"c"}), app("c"), app("d", {"a"})};
    TreeOptions options;
    options.reverse = true;
    CHECK(render_tree_text(build_tree(apps, {"c"}, options), true) ==
          "c\n"
          "├── a\n"
          "│   └── d\n"
          "└── b (includes it)\n");
    CHECK(render_tree_dot(build_tree(apps, {"c"}, options)) ==
          "digraph \"application tree\" {\n"
          "  \"c\"\n"
          "  \"c\" -> \"a\"\n"
          "  \"c\" -> \"b\" [label=\"includes it\"]\n"
          "  \"a\"\n"
          "  \"a\" -> \"d\"\n"
          "  \"d\"\n"
          "  \"b\"\n"
          "}\n");
}

TEST_CASE("tree: a cycle is cut and tagged") {
    std::vector<Application> apps{app("a", {"b"}), app("b", {"a"})};
    CHECK(render_tree_text(build_tree(apps, {"a"}, {}), false) == "a\n`-- b\n    `-- a (cycle)\n");
}

TEST_CASE("diff: the fewest applications that moved, and attribute changes") {
    std::vector<Application> apps{
        app("kernel"), app("stdlib", {"kernel"}), app("a"), app("b"), app("c"), app("d")};
    Resolution before = resolve_boot(release_of({"kernel", "stdlib", "a", "b", "c"}), apps);
    Release r2 = release({entry("kernel"), entry("stdlib"), entry("b"), entry("c"),
                          entry("a", StartType::temporary), entry("d")});
    Resolution after = resolve_boot(r2, apps);
    ReleaseDiff d = diff_releases(before, after);
    CHECK(d.added == Names{"d"});
    CHECK(d.removed.empty());
    REQUIRE(d.moved.size() == 1);
    CHECK(d.moved[0].name == "a");
    CHECK(d.moved[0].from == 3);
    CHECK(d.moved[0].to == 5);
    REQUIRE(d.types.size() == 1);
    CHECK(d.types[0].to == "temporary");
    CHECK(diff_releases(before, before).empty());
}

TEST_CASE("why: paths from the roots and the rule that placed the application") {
    std::vector<Application> apps{app("kernel"), app("stdlib", {"kernel"}),
                                  app("top", {"kernel", "mid", "leaf"}), app("mid", {"leaf"}),
                                  app("leaf", {"kernel"})};
    Release rel = release_of({"kernel", "stdlib", "top", "mid", "leaf"});
    Resolution r = resolve_boot(rel, apps);
    REQUIRE(r.ok());
    Explanation ex = explain_app(rel, apps, r, {"top"}, "leaf", true);
    CHECK(ex.position == 3);
    CHECK(ex.paths == std::vector<Names>{{"top", "mid", "leaf"}, {"top", "leaf"}});
    REQUIRE(ex.reasons.size() == 4);
    CHECK(ex.reasons[2] == "position 3 of 5 in the start order, after what it depends on: kernel");
    // top pulled mid and leaf in front of itself, then mid pulled leaf in front of mid.
    CHECK(ex.reasons[3].rfind("pulled in front of mid,", 0) == 0);
    CHECK(explain_app(rel, apps, r, {"top"}, "nope", true).position == 0);
}
