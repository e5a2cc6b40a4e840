// The fast resolver against the literal transcription of systools' list algorithm, on seeded
// random release graphs with every feature mixed in (included apps, .rel overrides, optional and
// absent apps, cycles, all start types). The conformance tier compares with real systools; this
// keeps the two implementations in step without needing erl, and runs under the sanitizers.

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "libappgraph/resolve.hpp"
#include "release/resolve_reference.hpp"
#include "resolve_test_support.hpp"

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
    c.release = release(std::move(entries));
    return c;
}

void check_same(const Resolution& fast, const Resolution& ref) {
    REQUIRE(fast.errors.size() == ref.errors.size());
    for (std::size_t i = 0; i < fast.errors.size(); ++i) {
        CHECK(fast.errors[i].kind == ref.errors[i].kind);
        CHECK(fast.errors[i].involved == ref.errors[i].involved);
    }
    CHECK(names(fast) == names(ref));
    CHECK(fast.start == ref.start);
}

}  // namespace

TEST_CASE("the fast resolver agrees with the list transcription on 3000 random releases") {
    std::mt19937 rng(20261121);
    int errors = 0;
    for (int i = 0; i < 3000; ++i) {
        Case c = random_case(rng);
        Resolution fast = resolve_boot(c.release, c.apps);
        Resolution ref = resolve_boot_reference(c.release, c.apps);
        INFO("case " << i);
        check_same(fast, ref);
        if (!fast.ok()) ++errors;
    }
    // Both outcomes must be well represented, or the comparison proves little.
    CHECK(errors > 300);
    CHECK(errors < 2700);
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
