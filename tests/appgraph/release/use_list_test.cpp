// The use list of the include rewriting against a plain vector doing the same operations the
// slow way, on seeded random operation sequences: short lists (scanned) and long ones, which
// switch to the index part-way, after removals.

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "release/use_list.hpp"

using appgraph::detail::UseList;

TEST_CASE("the use list does what a plain list does, short or long") {
    std::mt19937 rng(20261121);
    for (int round = 0; round < 400; ++round) {
        const int ids = 1 + static_cast<int>(rng() % 12);
        const int steps = static_cast<int>(rng() % (round % 2 == 0 ? 20 : 120));
        std::vector<int> initial;
        for (int i = static_cast<int>(rng() % 24); i > 0; --i)
            initial.push_back(static_cast<int>(rng() % static_cast<unsigned>(ids)));
        UseList list(initial);
        std::vector<int> model = initial;
        for (int step = 0; step < steps; ++step) {
            const int id = static_cast<int>(rng() % static_cast<unsigned>(ids));
            switch (rng() % 3) {
                case 0:
                    list.append(id);
                    model.push_back(id);
                    break;
                case 1: {
                    list.remove_first(id);
                    auto it = std::find(model.begin(), model.end(), id);
                    if (it != model.end()) model.erase(it);
                    break;
                }
                default:
                    CHECK(list.contains(id) ==
                          (std::find(model.begin(), model.end(), id) != model.end()));
            }
        }
        INFO("round " << round);
        CHECK(list.items() == model);
    }
}
