// check_release and top_level_applications: every problem of a release in one run, the warnings
// systools does not give, and the roots `order --mode ensure` and `why` start from.

#include <doctest/doctest.h>

#include "libappgraph/check.hpp"
#include "libappgraph/join.hpp"
#include "resolve_test_support.hpp"

using namespace appgraph;
using namespace appgraph::testing;

namespace {

std::vector<std::string> kinds(const Diagnostics& diagnostics) {
    std::vector<std::string> out;
    for (const Diagnostic& d : diagnostics.all())
        out.push_back(std::string(to_string(d.kind)) +
                      (d.severity == Severity::warning ? " (warning)" : ""));
    return out;
}

}  // namespace

TEST_CASE("check_release: every error at once, where systools stops at the first") {
    // web uses core and core uses web (a cycle), api uses a missing application, and the .rel
    // lists db under another version than its .app.
    Release rel = release_of({"kernel", "stdlib", "web", "core", "api", "db"});
    rel.entries[5].vsn = "2.0";
    std::vector<Application> apps{app("kernel"),
                                  app("stdlib", {"kernel"}),
                                  app("web", {"kernel", "core"}),
                                  app("core", {"kernel", "web"}),
                                  app("api", {"kernel", "nowhere"}),
                                  app("db", {"kernel"})};
    Diagnostics diagnostics(Diagnostics::Mode::collect_all);
    const Resolution r = check_release(rel, apps, /*validate_rel=*/true, diagnostics);
    CHECK_FALSE(r.ok());
    CHECK(kinds(diagnostics) == std::vector<std::string>{"vsn_mismatch", "undefined_applications",
                                                         "circular_dependencies"});
}

TEST_CASE("check_release: a use of a load-type application is a warning naming what follows") {
    // b uses a, whose type is load: a is never started, so b's start_boot fails, and c, which
    // uses b, fails after it.
    Release rel = release({entry("kernel"), entry("stdlib"), entry("a", StartType::load),
                           entry("b"), entry("c"), entry("d", StartType::none)});
    std::vector<Application> apps{app("kernel"),
                                  app("stdlib", {"kernel"}),
                                  app("a", {"kernel"}),
                                  app("b", {"kernel", "a"}),
                                  app("c", {"kernel", "b"}),
                                  app("d", {"kernel"})};
    Diagnostics diagnostics(Diagnostics::Mode::collect_all);
    const Resolution r = check_release(rel, apps, true, diagnostics);
    REQUIRE(r.ok());
    REQUIRE(diagnostics.all().size() == 1);
    const Diagnostic& d = diagnostics.all()[0];
    CHECK(d.kind == DiagnosticKind::unstarted_dependency);
    CHECK(d.severity == Severity::warning);
    CHECK(d.message ==
          "b is not started: it uses a, whose type is load: the boot script never starts a "
          "(start_boot returns {error,{not_started,a}}, which the boot ignores); so 1 "
          "applications that need it do not start either: c");
    CHECK(d.involved == std::vector<std::string>{"b", "a", "c"});
}

TEST_CASE("check_release: a direct use of an included application is a warning") {
    Release rel = release_of({"kernel", "stdlib", "inner", "top", "web"});
    std::vector<Application> apps{app("kernel"), app("stdlib", {"kernel"}),
                                  app("top", {"kernel"}, {"inner"}), app("inner", {"kernel"}),
                                  app("web", {"kernel", "inner"})};
    Diagnostics diagnostics(Diagnostics::Mode::collect_all);
    REQUIRE(check_release(rel, apps, false, diagnostics).ok());
    REQUIRE(diagnostics.all().size() == 1);
    CHECK(diagnostics.all()[0].kind == DiagnosticKind::included_use);
    CHECK(diagnostics.all()[0].message ==
          "web uses inner directly, but inner is included by top: systools makes web wait for "
          "top instead");
}

TEST_CASE("top_level_applications: what no entry uses, in .rel order; a cycle keeps a root") {
    std::vector<Application> apps{app("kernel"),
                                  app("stdlib", {"kernel"}),
                                  app("web", {"kernel", "stdlib", "core"}),
                                  app("core", {"kernel", "stdlib", "web"}),
                                  app("tool", {"kernel", "stdlib"}),
                                  app("outside", {"kernel", "tool"})};
    // `outside` is not in the release: its use of tool does not make tool a non-root.
    Release rel = release_of({"kernel", "stdlib", "tool", "web", "core"});
    const std::vector<std::string> roots = top_level_applications(rel, apps);
    INFO(join(roots));  // printed when the check fails
    CHECK(roots == std::vector<std::string>{"tool", "core"});
}
