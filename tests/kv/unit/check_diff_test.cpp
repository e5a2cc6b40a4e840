// The domain rules behind `fwkv check` and `fwkv diff`: each check rule gives its finding (and
// only where it applies), and the diff of two environments lists added, removed and changed
// variables in key order.

#include <doctest/doctest.h>

#include "libkv/check.hpp"
#include "libkv/env_diff.hpp"
#include "libkv/text_import.hpp"
#include "test_support.hpp"

namespace {

kv::CopyState copy_with_flags(std::uint8_t flags, bool crc_ok = true) {
    kv::CopyState s;
    s.size = 64;
    s.stored_crc = 7;
    s.computed_crc = crc_ok ? 7 : 8;
    s.flags = flags;
    return s;
}

std::vector<kv::FindingKind> kinds(const std::vector<kv::Finding>& findings) {
    std::vector<kv::FindingKind> out;
    for (const kv::Finding& f : findings) out.push_back(f.kind);
    return out;
}

// A redundant pair in a scratch file, both copies valid, with the given flags.
kv::Inspection pair_with_flags(const kvtest::ScratchDir& dir, std::uint8_t first,
                               std::uint8_t second) {
    std::string path = dir.file("pair.bin");
    kv::BlockFormat f{true, kv::Endian::little};
    std::string a = kv::image_from_text("v=1\n", 64, f, 0xFF);
    std::string b = a;
    a[4] = static_cast<char>(first);
    b[4] = static_cast<char>(second);
    kvtest::write_file(path, a + b);
    return kv::inspect_image(kv::make_location(path, 0, 64, 64));
}

}  // namespace

TEST_CASE("flags gap: more than one save apart, 255 and 0 being one save apart") {
    CHECK_FALSE(kv::flags_gap(copy_with_flags(1), copy_with_flags(2)));
    CHECK_FALSE(kv::flags_gap(copy_with_flags(7), copy_with_flags(7)));
    CHECK_FALSE(kv::flags_gap(copy_with_flags(255), copy_with_flags(0)));
    CHECK(kv::flags_gap(copy_with_flags(1), copy_with_flags(3)));
    CHECK(kv::flags_gap(copy_with_flags(0), copy_with_flags(200)));
    CHECK(kv::flags_gap(copy_with_flags(254), copy_with_flags(0)));
    CHECK_FALSE(kv::flags_gap(copy_with_flags(1), copy_with_flags(9, false)));  // one copy bad
}

TEST_CASE("check: the flags-gap rule reports a pair whose flags are far apart, and only that") {
    kvtest::ScratchDir dir;
    std::vector<kv::Finding> gap = kv::check_image(pair_with_flags(dir, 0, 200));
    REQUIRE(kinds(gap) == std::vector<kv::FindingKind>{kv::FindingKind::flags_gap});
    CHECK(gap[0].message ==
          "the copies' flags (0, 200) are more than one save apart: U-Boot and fwup may pick "
          "different copies");
    CHECK_FALSE(gap[0].error);
    CHECK(kv::check_image(pair_with_flags(dir, 4, 5)).empty());
    CHECK(kv::check_image(pair_with_flags(dir, 255, 0)).empty());
}

TEST_CASE("check: a bad copy beside a good one, no valid copy, awkward entries") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("pair.bin");
    kv::BlockFormat f{true, kv::Endian::little};
    std::string good = kv::image_from_text("v=1\nnoequals\n", 64, f, 0xFF);
    std::string bad = good;
    bad[10] ^= 1;
    kvtest::write_file(path, bad + good);
    kv::Location loc = kv::make_location(path, 0, 64, 64);
    std::vector<kv::Finding> one_bad = kv::check_image(kv::inspect_image(loc));
    CHECK(kinds(one_bad) ==
          std::vector<kv::FindingKind>{kv::FindingKind::bad_copy, kv::FindingKind::awkward_entry});
    kvtest::write_file(path, bad + bad);
    std::vector<kv::Finding> none = kv::check_image(kv::inspect_image(loc));
    REQUIRE(kinds(none) == std::vector<kv::FindingKind>{kv::FindingKind::no_valid_copy});
    CHECK(none[0].error);
}

TEST_CASE("check: temporary files left by an interrupted write") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("env.bin");
    kvtest::write_file(path, kv::image_from_text("a=1\n", 64, {}, 0xFF));
    kvtest::write_file(dir.file(".env.bin.tmp4242_0"), "partial");
    std::vector<kv::Finding> found =
        kv::check_image(kv::inspect_image(kv::make_location(path, 0, std::nullopt, std::nullopt)));
    REQUIRE(kinds(found) == std::vector<kv::FindingKind>{kv::FindingKind::stale_temporary_file});
    CHECK(found[0].message.find(".env.bin.tmp4242_0 is a temporary file") != std::string::npos);
}

TEST_CASE("diff: added, removed and changed variables, each in key order") {
    kv::Env a, b;
    for (auto [k, v] :
         {std::pair{"z", "1"}, {"same", "s"}, {"gone", "g"}, {"chg", "old"}, {"alsogone", "x"}})
        a.set(k, v);
    for (auto [k, v] :
         {std::pair{"new2", "2"}, {"chg", "new"}, {"same", "s"}, {"new1", "1"}, {"z", "9"}})
        b.set(k, v);
    kv::EnvDiff d = kv::diff_envs(a, b);
    using V = kv::EnvDiff::Variable;
    using C = kv::EnvDiff::Change;
    CHECK(d.added == std::vector<V>{{"new1", "1"}, {"new2", "2"}});
    CHECK(d.removed == std::vector<V>{{"alsogone", "x"}, {"gone", "g"}});
    CHECK(d.changed == std::vector<C>{{"chg", "old", "new"}, {"z", "1", "9"}});
    CHECK_FALSE(d.empty());
    CHECK(kv::diff_envs(a, a).empty());
}
