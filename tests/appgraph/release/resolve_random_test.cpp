// The resolver against systools_model.hpp, a transcription of systools_make that shares nothing
// with the library (not prepare(), not its name table), on seeded random release graphs with
// every feature mixed in (included apps, .rel overrides, optional and absent apps, registered
// names, an application listed twice, cycles, all start types). Both of the library's sorts are
// checked: the fast one and the list transcription it falls back to. The conformance tier
// compares with real systools; this runs without erl, and under the sanitizers.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "libappgraph/resolve.hpp"
#include "release/resolve_reference.hpp"
#include "resolve_test_support.hpp"
#include "systools_model.hpp"

using namespace appgraph;

namespace {
// PREFIX followed by a number. (Not `"x" + std::to_string(i)`: GCC 12 warns falsely about it.)
std::string numbered(const char* prefix, int i) {
    std::string s(prefix);
    s += std::to_string(i);
    return s;
}
}  // namespace
using namespace appgraph::testing;

namespace {

struct Case {
    Release release;
    std::vector<Application> apps;
};

Case random_case(std::mt19937& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const int n = 3 + pick(14);
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) names.push_back(numbered("a", i));
    Case c;
    c.apps.push_back(app("kernel"));
    c.apps.push_back(app("stdlib", {"kernel"}));
    std::vector<int> included_by(static_cast<std::size_t>(n), -1);
    for (int i = 0; i < n; ++i) {
        Application a = app(names[static_cast<std::size_t>(i)], {"kernel", "stdlib"});
        const int uses = pick(4);
        for (int k = 0; k < uses; ++k) {
            int target = pick(n + 2);
            if (target >= n) {
                a.applications.push_back(numbered("absent", target));
                a.optional_applications.push_back(numbered("absent", target));
            } else if (target != i) {
                a.applications.push_back(names[static_cast<std::size_t>(target)]);
            }
        }
        if (pick(40) == 0) a.registered.push_back("clash");
        if (pick(3) == 0) {
            int target = pick(n);
            if (target > i && included_by[static_cast<std::size_t>(target)] < 0) {
                included_by[static_cast<std::size_t>(target)] = i;
                a.included_applications.push_back(names[static_cast<std::size_t>(target)]);
            }
        }
        c.apps.push_back(std::move(a));
    }
    std::vector<std::string> order = names;
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<ReleaseEntry> entries{entry("kernel"), entry("stdlib")};
    const StartType types[] = {StartType::permanent, StartType::transient, StartType::temporary,
                               StartType::load, StartType::none};
    for (const auto& name : order) {
        ReleaseEntry e = entry(name, types[pick(5)]);
        if (pick(8) == 0) e.included_override = std::vector<std::string>{};
        e.type = pick(2) ? StartType::permanent : e.type;
        entries.push_back(std::move(e));
    }
    if (pick(30) == 0) entries.push_back(entries[2 + static_cast<std::size_t>(pick(n))]);
    c.release = release(std::move(entries));
    return c;
}

// The library's outcome in the model's terms.
SystoolsOutcome outcome_of(const Resolution& r) {
    SystoolsOutcome out;
    for (const Diagnostic& e : r.errors) out.errors.push_back({to_string(e.kind), e.involved});
    out.order = names(r);
    out.start = r.start;
    return out;
}

void check_same(const SystoolsOutcome& got, const SystoolsOutcome& want) {
    REQUIRE(got.errors.size() == want.errors.size());
    for (std::size_t i = 0; i < got.errors.size(); ++i) {
        CHECK(got.errors[i].kind == want.errors[i].kind);
        if (want.errors[i].kind != "include_cycle")
            CHECK(got.errors[i].apps == want.errors[i].apps);
    }
    CHECK(got.order == want.order);
    CHECK(got.start == want.start);
}

}  // namespace

TEST_CASE("both sorts agree with the independent systools model on 3000 random releases") {
    std::mt19937 rng(20261121);
    std::map<std::string, int> outcomes;
    for (int i = 0; i < 3000; ++i) {
        Case c = random_case(rng);
        const SystoolsOutcome want = systools_order(c.release, c.apps);
        INFO("case " << i);
        check_same(outcome_of(resolve_boot(c.release, c.apps)), want);
        check_same(outcome_of(resolve_boot_reference(c.release, c.apps)), want);
        ++outcomes[want.errors.empty() ? "ok" : want.errors.front().kind];
    }
    std::string summary;
    for (const auto& [kind, count] : outcomes) summary += " " + kind + " " + std::to_string(count);
    MESSAGE("outcomes:" << summary);
    // Every outcome must be well represented, or the comparison proves little.
    CHECK(outcomes["ok"] > 300);
    CHECK(outcomes["ok"] < 2700);
    CHECK(outcomes["circular_dependencies"] > 100);
    CHECK(outcomes["duplicate_register"] > 10);
}

TEST_CASE("a long chain resolves without deep recursion") {
    std::vector<Application> apps{app("kernel"), app("stdlib", {"kernel"})};
    std::vector<std::string> order{"kernel", "stdlib"};
    const int n = 50000;
    // c0 uses c1 uses c2 ...: listed in .rel order c0 first, every app is pulled in front.
    for (int i = 0; i < n; ++i) {
        std::vector<std::string> uses{"kernel"};
        if (i + 1 < n) uses.push_back(numbered("c", i + 1));
        apps.push_back(app(numbered("c", i), uses));
        order.push_back(numbered("c", i));
    }
    Resolution r = resolve_boot(release_of(order), apps);
    REQUIRE(r.ok());
    REQUIRE(r.start.size() == static_cast<std::size_t>(n + 2));
    CHECK(r.start[2] == numbered("c", n - 1));
    CHECK(r.start.back() == "c0");
}
