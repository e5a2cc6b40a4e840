// The real images in tests/fixtures/uboot_env (written by mkenvimage, fw_setenv and fwup), read
// through their own configs. Run with the fixtures directory as working directory: the device
// paths in the fixture configs are relative, as libubootenv resolves them.

#include <doctest/doctest.h>

#include "libkv/image.hpp"
#include "libkv/location.hpp"

namespace {

kv::Image load_config(const char* config) {
    return kv::load_image(kv::parse_fw_env_config(kv::read_text_file(config), config));
}

void check_contents(const kv::Image& image, const char* serial) {
    auto vars = image.env().variables();
    REQUIRE(vars.size() == 2);
    CHECK(vars[0]->key() == "a.nerves_fw_application_part0_devpath");
    CHECK(vars[0]->value() == "/dev/mmcblk0p4");
    CHECK(vars[1]->key() == "nerves_serial_number");
    CHECK(vars[1]->value() == serial);
    CHECK(image.env().problems().empty());
}

}  // namespace

TEST_SUITE("fixtures") {
    TEST_CASE("fixture_uboot.bin (mkenvimage, single copy at 0x1000)") {
        kv::Image image = load_config("fixture_fw_env.config");
        CHECK_FALSE(image.location.redundant());
        CHECK(image.copies[0].offset == 0x1000);
        CHECK(image.block_size() == 0x2000);
        check_contents(image, "12345");
        CHECK(image.data.padding == 0xFF);
    }

    TEST_CASE("fixture_redundant_uboot.bin (mkenvimage -r, then fw_setenv x3)") {
        kv::Image image = load_config("fixture_redundant_env.config");
        REQUIRE(image.location.redundant());
        CHECK(image.copies[0].state.flags == 3);
        CHECK(image.copies[1].state.flags == 4);
        CHECK(image.current == 1);
        check_contents(image, "12345");
    }

    TEST_CASE("fixture_fwup.bin (fwup, block-offset 8, block-count 16)") {
        kv::Location loc =
            kv::parse_fwup_conf(kv::read_text_file("fixture_env_fwup.conf"),
                                "fixture_env_fwup.conf", "uboot-env", "fixture_fwup.bin");
        kv::Image image = kv::load_image(loc);
        CHECK(image.copies[0].offset == 0x1000);
        check_contents(image, "112233");
    }

    TEST_CASE("fixture_redundant_fwup.bin (fwup, copies at 0x1000 and 0x4000, flags 3 / 2)") {
        kv::Location loc = kv::parse_fwup_conf(
            kv::read_text_file("fixture_redundant_env_fwup.conf"),
            "fixture_redundant_env_fwup.conf", "uboot-env", "fixture_redundant_fwup.bin");
        kv::Image image = kv::load_image(loc);
        REQUIRE(image.location.redundant());
        CHECK(image.copies[0].state.flags == 3);
        CHECK(image.copies[1].state.flags == 2);
        CHECK(image.current == 0);
        check_contents(image, "112233");
    }

    TEST_CASE("the hand-written configs") {
        kv::Location a =
            kv::parse_fw_env_config(kv::read_text_file("fw_env.config"), "fw_env.config");
        REQUIRE(a.copies.size() == 1);
        CHECK(a.copies[0].path == "/dev/mmcblk0");
        CHECK(a.copies[0].offset == 0x100000);
        CHECK(a.copies[0].size == 0x2000);
        kv::Location b = kv::parse_fw_env_config(kv::read_text_file("spaces_fw_env.config"),
                                                 "spaces_fw_env.config");
        REQUIRE(b.copies.size() == 1);
        CHECK(b.copies[0].path == "/dev/mtd3");
        CHECK(b.copies[0].offset == 0);
        CHECK(b.copies[0].size == 0x1000);
    }

    TEST_CASE("list_keys: the cheap query for completion") {
        kv::Location loc =
            kv::parse_fw_env_config(kv::read_text_file("fixture_fw_env.config"), "c");
        CHECK(kv::list_keys(loc) ==
              std::vector<std::string>{"a.nerves_fw_application_part0_devpath",
                                       "nerves_serial_number"});
    }
}
