// OTP's version ordering (code_server's vsn_to_num), as the loader uses it to choose between two
// versions of one application found without a .rel.

#include <doctest/doctest.h>

#include "manifests/version_order.hpp"

using appgraph::detail::newer_version;
using appgraph::detail::numeric_version;

TEST_CASE("versions are lists of integers, compared element by element") {
    CHECK(newer_version("0.3.0", "0.2.0"));
    CHECK(newer_version("1.10.0", "1.9.0"));  // not text order
    CHECK(newer_version("1.2.0", "1.2"));     // a proper prefix is older
    CHECK(newer_version("2", "1.99.99"));
    CHECK_FALSE(newer_version("1.0", "1.0"));
    CHECK_FALSE(newer_version("1.0", "1..0"));  // empty parts are dropped, as split/2 drops them
    CHECK_FALSE(newer_version("1.9.0", "1.10.0"));
}

TEST_CASE("a version that is not all digits is not ordered, and loses to one that is") {
    CHECK(numeric_version("1.0-rc1") == std::nullopt);
    CHECK(numeric_version("") == std::nullopt);
    CHECK(numeric_version("1.2.3") == std::vector<unsigned long long>{1, 2, 3});
    CHECK(newer_version("0.1", "1.0-rc1"));
    CHECK_FALSE(newer_version("1.0-rc1", "0.1"));
    CHECK_FALSE(newer_version("1.0-rc2", "1.0-rc1"));
    CHECK_FALSE(newer_version("1.0-rc1", "1.0-rc2"));
}
