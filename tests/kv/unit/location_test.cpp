// fw_env.config with libubootenv's number rules, fwup.conf sections, and command-line locations.

#include <doctest/doctest.h>

#include "libkv/error.hpp"
#include "libkv/location.hpp"
#include "test_support.hpp"

TEST_CASE("fw_env.config: offsets like %lli, sizes always hex") {
    struct Row {
        const char* line;
        std::int64_t offset;
        std::uint64_t size;
    };
    const Row rows[] = {
        {"/dev/mmcblk0 0x2000 0x2000 0x200 16", 0x2000, 0x2000},
        {"/dev/mmcblk0 8192 2000", 8192, 0x2000},          // size without 0x is hex
        {"/dev/mmcblk0 010 10", 8, 0x10},                  // leading 0: octal offset
        {"/dev/mmcblk0 -0x4000 0x2000", -0x4000, 0x2000},  // counts back from the end
        {"  /dev/mtd3\t0x0\t0x1000\t0x10000", 0, 0x1000},
        {"dev 12abc 0x2000", 12, 0xabc},  // sscanf stops mid-word, like libubootenv
    };
    for (const Row& r : rows) {
        CAPTURE(r.line);
        kv::Location loc = kv::parse_fw_env_config(r.line, "fw_env.config");
        REQUIRE(loc.copies.size() == 1);
        CHECK(loc.copies[0].offset == r.offset);
        CHECK(loc.copies[0].size == r.size);
    }
}

TEST_CASE("fw_env.config: comments, short lines, redundant pairs, errors") {
    kv::Location loc = kv::parse_fw_env_config(
        "# comment 0 0x10\n\n   \nonly two\nimg.bin 0x1000 0x2000\nimg.bin 0x4000 0x2000\n", "c");
    REQUIRE(loc.copies.size() == 2);
    CHECK(loc.redundant());
    CHECK(loc.copies[1].offset == 0x4000);
    CHECK(kvtest::error_of([] { kv::parse_fw_env_config("dev 0 0\n", "c.config"); }) ==
          "parse: c.config:1: environment size is 0");
    CHECK(
        kvtest::error_of([] { kv::parse_fw_env_config("a 0 0x10\nb 0x10 0x20\n", "c.config"); }) ==
        "parse: c.config:2: environment size 0x20 differs from 0x10 on line 1 (both copies must "
        "have the same size)");
    CHECK(
        kvtest::error_of([] { kv::parse_fw_env_config("a 0 10\na 1 10\na 2 10\n", "c.config"); }) ==
        "parse: c.config:3: a third environment device (at most two copies: the redundant layout)");
    CHECK(kvtest::error_of([] { kv::parse_fw_env_config("# nothing\n", "c.config"); }) ==
          "parse: c.config: no environment device (expected lines of 'DEVICE OFFSET SIZE "
          "[SECTOR_SIZE [SECTORS]]')");
}

TEST_CASE("fwup.conf uboot-environment sections") {
    const char* conf = R"(# a comment { }
define(X, 1)
uboot-environment other { block-offset = 1 block-count = 2 }
uboot-environment uboot-env {
    block-offset = 8
    block-offset-redund = 0x20
    block-count = 16
}
)";
    kv::Location loc = kv::parse_fwup_conf(conf, "fwup.conf", "uboot-env", "disk.img");
    REQUIRE(loc.copies.size() == 2);
    CHECK(loc.copies[0].path == "disk.img");
    CHECK(loc.copies[0].offset == 8 * 512);
    CHECK(loc.copies[1].offset == 32 * 512);
    CHECK(loc.copies[0].size == 16 * 512);
    kv::Location other = kv::parse_fwup_conf(conf, "fwup.conf", "other", "d");
    CHECK(other.copies.size() == 1);
    CHECK(other.copies[0].offset == 512);
    CHECK(kvtest::error_of([&] { kv::parse_fwup_conf(conf, "fwup.conf", "missing", "d"); }) ==
          "parse: fwup.conf: no 'uboot-environment missing { ... }' section");
    CHECK(kvtest::error_of([] {
              kv::parse_fwup_conf(
                  "uboot-environment e {\n block-offset = ${X}\n block-count = 1\n}\n", "f.conf",
                  "e", "d");
          }) == "parse: f.conf:2: 'X' is not defined");
    CHECK(kvtest::error_of([] {
              kv::parse_fwup_conf(
                  "uboot-environment e {\n block-offset = x12\n block-count = 1\n}\n", "f.conf",
                  "e", "d");
          }) == "parse: f.conf:2: block-offset = 'x12' is not a number (decimal or 0x hex)");
    CHECK(kvtest::error_of([] {
              kv::parse_fwup_conf("uboot-environment e {\n block-count = 1\n}\n", "f.conf", "e",
                                  "d");
          }) == "parse: f.conf:1: uboot-environment e needs block-offset and block-count");
}

TEST_CASE("command-line locations") {
    kv::Location loc = kv::make_location("img", 0x1000, 0x2000, 0x4000);
    CHECK(loc.redundant());
    CHECK(loc.copies[1].offset == 0x4000);
    CHECK(kvtest::error_of([] { kv::make_location("img", 0, std::nullopt, 0x4000); }) ==
          "usage: a redundant copy needs the block size (--size): the copies sit inside one image");
}

TEST_CASE("read_text_file: the whole text, or an I/O error naming the file") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("fw_env.config");
    std::string text = "# comment\n" + std::string(40000, 'x') + "\n/dev/mmcblk0 0x0 0x2000\n";
    kvtest::write_file(path, text);
    CHECK(kv::read_text_file(path) == text);
    CHECK(kvtest::error_of([&] { kv::read_text_file(dir.file("missing")); }) ==
          "io: " + dir.file("missing") + ": cannot open: No such file or directory");
    CHECK(kvtest::error_of([&] { kv::read_text_file(dir.path()); }) ==
          "io: " + dir.path() + ": cannot read: Is a directory");
}

TEST_CASE("fwup.conf: define, define!, define-eval and ${NAME}, as Nerves systems write them") {
    const char* conf = R"conf(# nerves_system_rpi4 style
define(UBOOT_ENV_OFFSET, 16)
define(UBOOT_ENV_COUNT, 16)  # 8 KB
define(UBOOT_ENV_OFFSET, 999)   # define keeps the first value
define!(UBOOT_ENV_COUNT, 32)    # define! overrides
define-eval(UBOOT_ENV_REDUND_OFFSET, "${UBOOT_ENV_OFFSET} + ${UBOOT_ENV_COUNT} * (2 - 1)")
uboot-environment uboot-env {
    block-offset = ${UBOOT_ENV_OFFSET}
    block-count = ${UBOOT_ENV_COUNT}
    block-offset-redund = ${UBOOT_ENV_REDUND_OFFSET}
}
)conf";
    kv::Location loc = kv::parse_fwup_conf(conf, "fwup.conf", "uboot-env", "sd.img");
    REQUIRE(loc.copies.size() == 2);
    CHECK(loc.copies[0].offset == 16 * 512);
    CHECK(loc.copies[0].size == 32 * 512);
    CHECK(loc.copies[1].offset == (16 + 32) * 512);
    CHECK(kvtest::error_of([] {
              kv::parse_fwup_conf("define-eval(A, \"1 / 0\")\n", "f.conf", "e", "d");
          }) == "parse: f.conf:1: cannot evaluate \"1 / 0\": division by zero");
}
