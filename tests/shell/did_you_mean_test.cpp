// "Did you mean": a misspelt subcommand is matched to the closest real one, typos of every kind
// (a letter dropped, added, changed, two letters swapped), and a word too far from every name gets
// no suggestion.

#include <doctest/doctest.h>

#include "common/did_you_mean.hpp"

using toolcommon::closest_name;

TEST_CASE("closest_name finds the subcommand a typo was meant to be") {
    const std::vector<std::string> names{"list", "get",  "put",    "unset", "create", "check",
                                         "info", "diff", "active", "run",   "order",  "tolerate"};
    CHECK(closest_name("lst", names) == "list");    // dropped
    CHECK(closest_name("liste", names) == "list");  // added
    CHECK(closest_name("lisr", names) == "list");   // changed
    CHECK(closest_name("lsit", names) == "list");   // swapped
    CHECK(closest_name("rnu", names) == "run");     // swapped, short word
    CHECK(closest_name("chekc", names) == "check");
    CHECK(closest_name("tolerat", names) == "tolerate");
    CHECK_FALSE(closest_name("frobnicate", names).has_value());
    CHECK_FALSE(closest_name("xyz", names).has_value());
}
