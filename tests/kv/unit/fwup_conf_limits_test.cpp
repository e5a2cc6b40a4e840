// Hostile fwup.conf arithmetic: every define-eval operation is checked, nesting and expanded text
// are bounded, and block numbers times 512 never wrap. Each is an Error(parse) naming the line,
// never a trap, a crash or a wrapped offset.

#include <doctest/doctest.h>

#include "libkv/location.hpp"
#include "test_support.hpp"

namespace {

std::string eval_error(const std::string& expression) {
    std::string conf = "define-eval(X, \"" + expression +
                       "\")\nuboot-environment e { block-offset = 0 block-count = 16 }\n";
    return kvtest::error_of([&] { kv::parse_fwup_conf(conf, "f.conf", "e", "disk.img"); });
}

}  // namespace

TEST_CASE("define-eval: overflow in every operation is an error naming the line") {
    CHECK(eval_error("(-9223372036854775807 - 1) / -1") ==
          "parse: f.conf:1: cannot evaluate \"(-9223372036854775807 - 1) / -1\": the result of "
          "-9223372036854775808 / -1 does not fit in 64 bits");
    CHECK(eval_error("(-9223372036854775807 - 1) % -1").find("does not fit in 64 bits") !=
          std::string::npos);
    CHECK(eval_error("9223372036854775807 + 1").find("does not fit in 64 bits") !=
          std::string::npos);
    CHECK(eval_error("4294967296 * 4294967296").find("does not fit in 64 bits") !=
          std::string::npos);
    CHECK(eval_error("-(-9223372036854775807 - 1)").find("does not fit in 64 bits") !=
          std::string::npos);
    CHECK(eval_error("0 - 9223372036854775807 - 2").find("does not fit in 64 bits") !=
          std::string::npos);
    CHECK(eval_error("0x8000000000000000 / -1") ==
          "parse: f.conf:1: cannot evaluate \"0x8000000000000000 / -1\": 0x8000000000000000 does "
          "not fit in a signed 64-bit number");
    CHECK(eval_error("1 / 0").find("division by zero") != std::string::npos);
    CHECK(eval_error("6 * 7 - (2 + 3) % 4") == "no error");
}

TEST_CASE("define-eval: nesting is bounded (parentheses and unary minus)") {
    std::string deep(60000, '(');
    CHECK(eval_error(deep + "1").find("nested more than 200 levels deep") != std::string::npos);
    CHECK(eval_error(std::string(60000, '-') + "1").find("nested more than 200 levels deep") !=
          std::string::npos);
    CHECK(eval_error(std::string(50, '(') + "1" + std::string(50, ')')) == "no error");
}

TEST_CASE("a 200,000-level expression is refused by the size limit, not by a crash") {
    CHECK(eval_error(std::string(200000, '(') + "1").find("exceeds 65536 bytes") !=
          std::string::npos);
}

TEST_CASE("expanded text is bounded: a doubling define! chain stops at 64 KiB") {
    std::string conf = "define(X, \"ab\")\n";
    for (int i = 0; i < 40; ++i) conf += "define!(X, \"${X}${X}\")\n";
    conf += "uboot-environment e { block-offset = 0 block-count = 16 }\n";
    std::string error =
        kvtest::error_of([&] { kv::parse_fwup_conf(conf, "f.conf", "e", "disk.img"); });
    CHECK(error.rfind("parse: f.conf:17: the expansion of '${X}${X}' exceeds 65536 bytes", 0) == 0);
}

TEST_CASE("block numbers times 512 never wrap; overlapping copies and huge blocks are errors") {
    auto section = [](const std::string& body) {
        return kvtest::error_of([&] {
            kv::parse_fwup_conf("uboot-environment e {\n" + body + "}\n", "f.conf", "e", "d.img");
        });
    };
    CHECK(section("block-offset = 36028797018963968\nblock-count = 16\n") ==
          "parse: f.conf:1: block-offset = 36028797018963968 blocks of 512 bytes is past the "
          "largest offset a file can have");
    CHECK(section("block-offset = 0\nblock-count = 18014398509481984\n").find("block-count") !=
          std::string::npos);
    CHECK(section("block-offset = 0\nblock-count = 4194304\n") ==
          "parse: f.conf:1: block-count = 4194304 makes a block of 0x80000000 bytes, larger than "
          "the largest environment fwkv handles (0x40000000, 1 GiB)");
    CHECK(section("block-offset = 16\nblock-count = 16\nblock-offset-redund = 24\n") ==
          "parse: f.conf:1: the two copies overlap: bytes 0x2000-0x3fff and 0x3000-0x4fff");
    CHECK(section("block-offset = 16\nblock-count = 16\nblock-offset-redund = 32\n") == "no error");
}
