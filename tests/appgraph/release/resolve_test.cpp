// The boot-order resolver on hand-written releases: .rel order as the tie-break, the pull-in
// walk, included applications, the use rewriting, start types, and every systools quirk the
// spec lists, each checked against what systools:make_script gives for the same release.

#include <doctest/doctest.h>

#include "libappgraph/resolve.hpp"
#include "resolve_test_support.hpp"

using namespace appgraph;
using namespace appgraph::testing;
using Names = std::vector<std::string>;

namespace {
Application kernel() {
    return app("kernel");
}
Application stdlib() {
    return app("stdlib", {"kernel"});
}
}  // namespace

TEST_CASE("release order is kept where no dependency forces another") {
    std::vector<Application> apps{kernel(), stdlib(), app("b", {"kernel"}), app("a", {"kernel"})};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "b", "a"}), apps);
    REQUIRE(r.ok());
    CHECK(names(r) == Names{"kernel", "stdlib", "b", "a"});
    CHECK(r.start == Names{"kernel", "stdlib", "b", "a"});
}

TEST_CASE("an application pulls its later dependencies in front of itself, in .rel order") {
    // a uses c then b; systools sorts a's uses by .rel position (b before c) before pulling.
    std::vector<Application> apps{kernel(), stdlib(), app("a", {"c", "b"}),
                                  app("x"), app("b"), app("c", {"b"})};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "a", "x", "b", "c"}), apps);
    REQUIRE(r.ok());
    CHECK(names(r) == Names{"kernel", "stdlib", "b", "c", "a", "x"});
    CHECK(r.applications[3].pulled_in_by == "a");
    CHECK(r.applications[4].pulled_in_by.empty());
}

TEST_CASE("included applications are loaded before their includer and never started") {
    std::vector<Application> apps{kernel(), stdlib(), app("top", {"kernel"}, {"inc"}),
                                  app("inc", {"kernel"})};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "top", "inc"}), apps);
    REQUIRE(r.ok());
    CHECK(names(r) == Names{"kernel", "stdlib", "inc", "top"});
    CHECK(r.start == Names{"kernel", "stdlib", "top"});
    REQUIRE(r.applications[2].included_by.has_value());
    CHECK(*r.applications[2].included_by == "top");
    CHECK_FALSE(r.applications[2].started);
    CHECK(r.applications[2].loaded);
}

TEST_CASE("start types: load and none are not started, none is not loaded either") {
    std::vector<Application> apps{kernel(), stdlib(), app("l"), app("n"), app("t"), app("tr")};
    Resolution r =
        resolve_boot(release({entry("kernel"), entry("stdlib"), entry("l", StartType::load),
                              entry("n", StartType::none), entry("t", StartType::temporary),
                              entry("tr", StartType::transient)}),
                     apps);
    REQUIRE(r.ok());
    CHECK(r.start == Names{"kernel", "stdlib", "t", "tr"});
    CHECK(r.applications[2].loaded);
    CHECK_FALSE(r.applications[3].loaded);
    CHECK(r.applications[4].type == StartType::temporary);
}

TEST_CASE("a use of an included application becomes a use of its top-level includer") {
    // b uses a; a is included by top, top is in the .rel after b: b must wait for top.
    std::vector<Application> apps{kernel(), stdlib(), app("b", {"a"}), app("top", {}, {"a"}),
                                  app("a")};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "b", "top", "a"}), apps);
    REQUIRE(r.ok());
    CHECK(names(r) == Names{"kernel", "stdlib", "a", "top", "b"});
    REQUIRE(r.graph.size() == 5);
    CHECK(r.graph[2].uses == Names{"top"});
    CHECK(r.graph[2].original_uses == Names{"a"});
}

TEST_CASE("without explanations: the same order, types and errors, no graph and no reasons") {
    std::vector<Application> apps{
        kernel(), stdlib(),        app("a", {"c", "b"}),       app("x"),
        app("b"), app("c", {"b"}), app("top", {"x"}, {"inc"}), app("inc")};
    const Release rel = release_of({"kernel", "stdlib", "a", "x", "b", "c", "top", "inc"});
    ResolveOptions plain;
    plain.explain = false;
    Resolution full = resolve_boot(rel, apps);
    Resolution bare = resolve_boot(rel, apps, plain);
    REQUIRE(full.ok());
    REQUIRE(bare.ok());
    CHECK(names(bare) == names(full));
    CHECK(bare.start == full.start);
    REQUIRE(bare.applications.size() == full.applications.size());
    for (std::size_t i = 0; i < bare.applications.size(); ++i) {
        CHECK(bare.applications[i].type == full.applications[i].type);
        CHECK(bare.applications[i].included_by == full.applications[i].included_by);
        CHECK(bare.applications[i].started == full.applications[i].started);
        CHECK(bare.applications[i].waited_for.empty());
        CHECK(bare.applications[i].pulled_in_by.empty());
    }
    CHECK(bare.graph.empty());
    CHECK_FALSE(full.graph.empty());
    // Errors are reported in full either way, with the cycle.
    std::vector<Application> cyclic{kernel(), stdlib(), app("p", {"q"}), app("q", {"p"})};
    Resolution cycle = resolve_boot(release_of({"kernel", "stdlib", "p", "q"}), cyclic, plain);
    REQUIRE(cycle.errors.size() == 1);
    CHECK(cycle.errors[0].kind == appgraph::DiagnosticKind::circular_dependencies);
    CHECK_FALSE(cycle.errors[0].cycle.empty());
}

TEST_CASE("a cycle through a rewritten use is explained edge by edge") {
    // top includes a, top uses b, b uses a: b's use of a becomes a use of top.
    std::vector<Application> apps{kernel(), stdlib(), app("top", {"b"}, {"a"}), app("a"),
                                  app("b", {"a"})};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "top", "a", "b"}), apps);
    REQUIRE(r.errors.size() == 1);
    const appgraph::Diagnostic& err = r.errors[0];
    CHECK(err.kind == appgraph::DiagnosticKind::circular_dependencies);
    CHECK(err.involved == Names{"b", "top"});
    REQUIRE(err.cycle.size() == 2);
    CHECK(format_cycle(err.cycle) ==
          "b -> top -> b (b uses a, a is included by top, so b depends on top; top uses b)");
}

TEST_CASE("an application that both uses and includes X reports X undefined (systools quirk)") {
    std::vector<Application> apps{kernel(), stdlib(), app("a", {"x"}, {"x"}), app("x")};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "a", "x"}), apps);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::undefined_applications);
    CHECK(r.errors[0].involved == Names{"x"});
    // With x listed first there is nothing left to pull, and systools accepts it.
    Resolution ok = resolve_boot(release_of({"kernel", "stdlib", "x", "a"}), apps);
    CHECK(ok.ok());
}

TEST_CASE("absent optional applications are skipped; absent required ones are undefined") {
    std::vector<Application> apps{kernel(), stdlib(), app("a", {"kernel", "opt"}, {}, {"opt"})};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "a"}), apps);
    REQUIRE(r.ok());
    CHECK(r.start == Names{"kernel", "stdlib", "a"});

    apps.push_back(app("b", {"gone", "missing"}));
    Resolution bad = resolve_boot(release_of({"kernel", "stdlib", "a", "b"}), apps);
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].kind == appgraph::DiagnosticKind::undefined_applications);
    CHECK(bad.errors[0].involved == Names{"gone", "missing"});
}

TEST_CASE("an application included by two applications is duplicate_include, with both owners") {
    std::vector<Application> apps{kernel(), stdlib(), app("p", {}, {"x"}), app("q", {}, {"x"}),
                                  app("x")};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "p", "q", "x"}), apps);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::duplicate_include);
    CHECK(r.errors[0].involved == Names{"x"});
    REQUIRE(r.errors[0].pairs.size() == 1);
    CHECK(r.errors[0].pairs[0] == Names{"x", "p", "q"});
}

TEST_CASE("the .rel's IncApps replace the .app's included applications and must be a subset") {
    std::vector<Application> apps{kernel(), stdlib(), app("top", {}, {"a", "b"}), app("a"),
                                  app("b")};
    Resolution r = resolve_boot(release({entry("kernel"), entry("stdlib"),
                                         entry_including("top", {"b"}), entry("a"), entry("b")}),
                                apps);
    REQUIRE(r.ok());
    CHECK(names(r) == Names{"kernel", "stdlib", "b", "top", "a"});
    CHECK(r.start == Names{"kernel", "stdlib", "top", "a"});
    Resolution bad = resolve_boot(release({entry("kernel"), entry("stdlib"),
                                           entry_including("top", {"c"}), entry("a"), entry("b")}),
                                  apps);
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].kind == appgraph::DiagnosticKind::override_include);
    CHECK(bad.errors[0].involved == Names{"c"});
}

TEST_CASE("a release listing an application twice gets systools' bogus circular error") {
    std::vector<Application> apps{kernel(), stdlib(), app("b", {"a"}), app("a")};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "b", "a", "a"}), apps);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::circular_dependencies);
    CHECK(r.errors[0].involved == Names{"b", "a"});
}

TEST_CASE("circular and undefined together are both reported, circular first") {
    // The sort's own Missing list comes from "uses and includes the same app" (c and d).
    std::vector<Application> apps{
        kernel(), stdlib(), app("a", {"b"}), app("b", {"a"}), app("c", {"d"}, {"d"}), app("d")};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "a", "b", "c", "d"}), apps);
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::circular_dependencies);
    CHECK(r.errors[0].involved == Names{"b", "a"});
    CHECK(r.errors[1].kind == appgraph::DiagnosticKind::undefined_applications);
    CHECK(r.errors[1].involved == Names{"d"});
}

TEST_CASE("an application whose .app is missing is not_found; include cycles are reported") {
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "ghost"}), {kernel(), stdlib()});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::not_found);
    CHECK(r.errors[0].involved == Names{"ghost"});
    std::vector<Application> apps{kernel(), stdlib(), app("a", {}, {"b"}), app("b", {}, {"a"})};
    Resolution cyc = resolve_boot(release_of({"kernel", "stdlib", "a", "b"}), apps);
    REQUIRE(cyc.errors.size() == 1);
    CHECK(cyc.errors[0].kind == appgraph::DiagnosticKind::include_cycle);
}

TEST_CASE("a use listed twice, of an app later in the .rel, is undefined (systools quirk)") {
    // find_all pulls the first occurrence out of the list; the second then finds it neither in
    // the list nor visited. Confirmed with systools on OTP 25 (a 1,500-app release did this).
    std::vector<Application> apps{kernel(), stdlib(), app("a", {"b", "b"}), app("b")};
    Resolution r = resolve_boot(release_of({"kernel", "stdlib", "a", "b"}), apps);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::undefined_applications);
    CHECK(r.errors[0].involved == Names{"b"});
    CHECK(resolve_boot(release_of({"kernel", "stdlib", "b", "a"}), apps).ok());
}
