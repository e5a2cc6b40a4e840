// ensure_all_started order, and how a release forms without a .rel.

#include <doctest/doctest.h>

#include "libappgraph/resolve.hpp"
#include "resolve_test_support.hpp"

using namespace appgraph;
using namespace appgraph::testing;
using Names = std::vector<std::string>;

TEST_CASE("ensure mode starts dependencies depth first in .app order, skipping what runs") {
    std::vector<Application> apps{
        app("kernel"),      app("stdlib", {"kernel"}), app("web", {"kernel", "db", "log"}),
        app("db", {"log"}), app("log", {"stdlib"}),    app("other", {"log"})};
    Resolution r = resolve_ensure({"web", "other"}, apps);
    REQUIRE(r.ok());
    CHECK(r.start == Names{"log", "db", "web", "other"});
}

TEST_CASE("ensure mode ignores included applications and skips absent optional ones") {
    std::vector<Application> apps{app("top", {"opt", "dep"}, {"inc"}, {"opt"}), app("dep"),
                                  app("inc")};
    Resolution r = resolve_ensure({"top"}, apps);
    REQUIRE(r.ok());
    CHECK(r.start == Names{"dep", "top"});
    Resolution missing = resolve_ensure({"top"}, {app("top", {"gone"})});
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].kind == appgraph::DiagnosticKind::not_found);
    CHECK(missing.errors[0].involved == Names{"gone"});
}

TEST_CASE("ensure mode reports a cycle as a path instead of recursing forever") {
    std::vector<Application> apps{app("a", {"b"}), app("b", {"c"}), app("c", {"a"})};
    Resolution r = resolve_ensure({"a"}, apps);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == appgraph::DiagnosticKind::circular_dependencies);
    CHECK(r.errors[0].involved == Names{"a", "b", "c"});
    CHECK(format_cycle(r.errors[0].cycle) == "a -> b -> c -> a (a uses b; b uses c; c uses a)");
}

TEST_CASE("without a .rel: kernel, stdlib, then each root's closure, dependencies first") {
    std::vector<Application> apps{app("kernel"),
                                  app("stdlib", {"kernel"}),
                                  app("proj", {"stdlib", "web", "db"}, {"worker"}),
                                  app("web", {"db"}),
                                  app("db"),
                                  app("worker"),
                                  app("tool", {"db"})};
    CHECK(default_roots(apps) == Names{"proj", "tool"});
    Release rel = release_from_apps(apps, {});
    Names order;
    for (const auto& e : rel.entries) order.push_back(e.name);
    CHECK(order == Names{"kernel", "stdlib", "db", "web", "worker", "proj", "tool"});
    Release only_tool = release_from_apps(apps, {"tool"});
    Names tool_order;
    for (const auto& e : only_tool.entries) tool_order.push_back(e.name);
    CHECK(tool_order == Names{"kernel", "stdlib", "db", "tool"});
    Resolution r = resolve_boot(rel, apps);
    REQUIRE(r.ok());
    CHECK(r.start == Names{"kernel", "stdlib", "db", "web", "proj", "tool"});
}

TEST_CASE("bare kernel and stdlib are supplied when the inputs lack them") {
    std::vector<Application> apps = with_base_applications({app("p", {"kernel", "stdlib"})});
    REQUIRE(apps.size() == 3);
    Resolution r = resolve_boot(release_from_apps(apps, {}), apps);
    REQUIRE(r.ok());
    CHECK(r.start == Names{"kernel", "stdlib", "p"});
}
