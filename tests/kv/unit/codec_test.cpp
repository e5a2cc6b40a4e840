// The block codec: the public CRC vectors, round trips in both layouts and byte orders, padding
// detection and preservation, U-Boot's current-copy rule, and images truncated or corrupted in
// every way we could think of, each with its exact message.

#include <doctest/doctest.h>

#include "libkv/bytes.hpp"
#include "libkv/codec.hpp"
#include "libkv/crc32.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"
#include "test_support.hpp"

using kvtest::bytes;

namespace {

kv::Env env_of(std::initializer_list<std::pair<const char*, const char*>> vars) {
    kv::Env env;
    for (auto [k, v] : vars) env.set(k, v);
    return env;
}

kv::Location whole(bool redundant = false) {
    kv::Location loc;
    loc.copies.push_back({"img", 0, std::nullopt});
    if (redundant) loc.copies.push_back({"img", 0x400, std::nullopt});
    return loc;
}

}  // namespace

TEST_CASE("the public CRC vectors (uboot_env io_test.exs)") {
    std::string single =
        kv::encode_block_data("testing", 1024, {false, kv::Endian::little}, 0, 0xFF);
    CHECK(single.size() == 1024);
    CHECK(kv::load_le32(single, 0) == 0x65B13693u);
    CHECK(single.substr(0, 4) == bytes("\x93\x36\xB1\x65"));
    std::string redundant =
        kv::encode_block_data("testing", 1024, {true, kv::Endian::little}, 5, 0xFF);
    CHECK(kv::load_le32(redundant, 0) == 0x0E852581u);
    CHECK(static_cast<unsigned char>(redundant[4]) == 5);
    std::string big = kv::encode_block_data("testing", 1024, {false, kv::Endian::big}, 0, 0xFF);
    CHECK(big.substr(0, 4) == bytes("\x65\xB1\x36\x93"));
    CHECK(kv::crc32("123456789") == 0xCBF43926u);  // the CRC-32 check value
}

TEST_CASE("little- and big-endian helpers") {
    std::string b(4, '\0');
    kv::store_le32(b, 0, 0x01020304u);
    CHECK(b == bytes("\x04\x03\x02\x01"));
    CHECK(kv::load_le32(b, 0) == 0x01020304u);
    kv::store_be32(b, 0, 0x01020304u);
    CHECK(b == bytes("\x01\x02\x03\x04"));
    CHECK(kv::load_be32(b, 0) == 0x01020304u);
    CHECK(kv::load_be32(bytes("\xff\x00\x00\x01"), 0) == 0xFF000001u);
}

TEST_CASE("round trip: single and redundant, both byte orders, padding preserved") {
    kv::Env env = env_of({{"bootcmd", "run x"}, {"empty", ""}, {"multi", "line1\nline2"}});
    for (bool redundant : {false, true}) {
        for (kv::Endian endian : {kv::Endian::little, kv::Endian::big}) {
            for (int pad : {0x00, 0xFF, 0x5A}) {
                CAPTURE(redundant);
                CAPTURE(pad);
                kv::BlockFormat format{redundant, endian};
                std::string block =
                    kv::encode_block(env, 256, format, 7, static_cast<std::uint8_t>(pad));
                kv::Location loc;
                loc.endian = endian;
                loc.copies.push_back({"img", 0, std::nullopt});
                if (redundant) loc.copies.push_back({"img", 256, std::nullopt});
                std::vector<kv::RawCopy> raw{{"img", 0, block}};
                if (redundant) raw.push_back({"img", 256, std::string(256, '\xFF')});
                kv::Image image = kv::decode_image(loc, raw);
                CHECK(image.current == 0);
                REQUIRE(image.env().variables().size() == 3);
                CHECK(*image.env().find("multi") == "line1\nline2");
                CHECK(*image.env().find("empty") == "");
                CHECK(image.data.used ==
                      bytes("bootcmd=run x\0empty=\0multi=line1\nline2\0\0").size());
                CHECK(image.data.padding == static_cast<std::uint8_t>(pad));
                CHECK(image.data.rewrite_padding == pad);
                if (redundant) CHECK(image.copies[0].state.flags == 7);
                // Re-encoding what was read gives the same bytes back.
                CHECK(kv::encode_block(image.env(), 256, format, 7, image.data.rewrite_padding) ==
                      block);
            }
        }
    }
}

TEST_CASE("decode_data: stored order, awkward entries kept, offsets") {
    kv::DecodedData d = kv::decode_data(bytes("b=2\0noeq\0=x\0a=1\0b=3\0\0\xff\xff"));
    CHECK(d.used == 21);
    CHECK(d.terminated);
    CHECK(d.padding == 0xFF);
    const auto& entries = d.env.entries();
    REQUIRE(entries.size() == 5);
    CHECK(entries[1].key() == "noeq");
    CHECK(entries[1].text() == "noeq");
    CHECK_FALSE(entries[1].has_equals());
    CHECK(entries[2].key() == "");
    CHECK(entries[2].value() == "x");
    CHECK(d.env.data_offset(entries[2]) == 9);
    CHECK(d.env.data_offset(entries[4]) == 16);
    CHECK(*d.env.find("b") == "3");  // last wins, as U-Boot
    auto vars = d.env.variables();
    REQUIRE(vars.size() == 2);
    CHECK(vars[0]->key() == "a");  // the shadowed b=2 is not a variable
    CHECK(vars[1]->text() == "b=3");
    auto problems = d.env.problems();
    REQUIRE(problems.size() == 3);
    CHECK(kv::describe(problems[0]) ==
          "entry at data offset 0: 'b' is stored again at data offset 16, which wins (a rewrite "
          "keeps only that one)");
    CHECK(kv::describe(problems[1]) ==
          "entry at data offset 4 has no '=': \"noeq\" (kept verbatim)");
    CHECK(kv::describe(problems[2]) == "entry at data offset 9 has an empty name (kept verbatim)");
    // A rewrite keeps the awkward entries verbatim and one copy of b, where the winner was.
    std::string out;
    d.env.encode_into(out);
    CHECK(out == bytes("noeq\0=x\0a=1\0b=3\0\0"));
    CHECK(d.env.encoded_size() == out.size());
}

TEST_CASE("decode_data: the empty environment, a full area, stale bytes") {
    kv::DecodedData empty = kv::decode_data(bytes("\0\xff\xff"));
    CHECK(empty.used == 1);
    CHECK(empty.env.entries().empty());
    kv::DecodedData full = kv::decode_data(bytes("a=1\0"));
    CHECK_FALSE(full.terminated);
    CHECK(full.used == 4);
    CHECK_FALSE(full.padding.has_value());
    kv::DecodedData stale = kv::decode_data(bytes("a=1\0\0old=x\0\0\x00"));
    CHECK(stale.padding_mixed);
    CHECK_FALSE(stale.padding.has_value());
    CHECK(stale.rewrite_padding == 0);
    CHECK(stale.env.variables().size() == 1);
}

TEST_CASE("a last entry without NUL runs to the end of the area, as fw_printenv reads it") {
    kv::DecodedData d = kv::decode_data(bytes("a=1\0b=2\xff\xff"));
    CHECK_FALSE(d.terminated);
    CHECK(d.unterminated_entry == 4);
    CHECK(*d.env.find("b") == bytes("2\xff\xff"));
    CHECK(d.used == 9);
    // The public vector's data: "testing" and padding, no NUL at all: one entry without '='.
    kv::DecodedData t = kv::decode_data("testing\xff\xff\xff");
    CHECK(t.env.variables().empty());
    REQUIRE(t.env.entries().size() == 1);
    CHECK_FALSE(t.env.entries()[0].has_equals());
    // Terminated entries but no empty entry before the padding: the repeated byte is padding.
    kv::DecodedData p = kv::decode_data(bytes("a=1\0b=2\0\xff\xff\xff"));
    CHECK(p.env.entries().size() == 2);
    CHECK_FALSE(p.unterminated_entry.has_value());
    CHECK(p.missing_terminator_at == 8);
    CHECK(p.used == 8);
    CHECK(p.padding == 0xFF);
    CHECK(p.rewrite_padding == 0xFF);
    std::string rewritten;
    p.env.encode_into(rewritten);
    CHECK(rewritten == bytes("a=1\0b=2\0\0"));  // the terminator is back, in fewer bytes
    // Mixed trailing bytes stay an entry (kept verbatim): they may be data.
    kv::DecodedData m = kv::decode_data(bytes("a=1\0xy"));
    CHECK(m.unterminated_entry == 4);
    CHECK(m.env.entries().size() == 2);
}

TEST_CASE("U-Boot's current-copy rule") {
    auto copy = [](bool ok, int flags) {
        kv::CopyState s;
        s.stored_crc = 1;
        s.computed_crc = ok ? 1 : 2;
        s.flags = static_cast<std::uint8_t>(flags);
        return s;
    };
    struct Row {
        bool ok1;
        int f1;
        bool ok2;
        int f2;
        std::optional<int> current;
    };
    const Row rows[] = {
        {true, 255, true, 0, 1}, {true, 0, true, 255, 0}, {true, 3, true, 4, 1},
        {true, 4, true, 3, 0},   {true, 5, true, 5, 0},   {true, 0, true, 200, 1},
        {false, 9, true, 1, 1},  {true, 1, false, 9, 0},  {false, 1, false, 2, std::nullopt},
        {true, 1, true, 0, 0},   {true, 0, true, 1, 1},   {true, 254, true, 255, 1},
    };
    for (const Row& r : rows) {
        CAPTURE(r.f1);
        CAPTURE(r.f2);
        CHECK(kv::choose_current(copy(r.ok1, r.f1), copy(r.ok2, r.f2)) == r.current);
    }
    CHECK(kv::next_flags(255, kv::FlagScheme::incremental) == 0);
    CHECK(kv::next_flags(4, kv::FlagScheme::incremental) == 5);
    CHECK(kv::next_flags(1, kv::FlagScheme::boolean) == 1);
}

TEST_CASE("a block that does not fit is refused with the sizes") {
    kv::Env env = env_of({{"key", "0123456789"}});  // 15 bytes + terminator
    CHECK(kvtest::error_of([&] { kv::encode_block(env, 19, {}, 0, 0xFF); }) ==
          "no_space: environment needs 16 bytes, the data area holds 15 (block of 19 bytes)");
    CHECK(kv::encode_block(env, 20, {}, 0, 0xFF).size() == 20);
    CHECK(kvtest::error_of([&] {
              kv::encode_block(env, 20, {true, kv::Endian::little}, 0, 0xFF);
          }) == "no_space: environment needs 16 bytes, the data area holds 15 (block of 20 bytes)");
}

TEST_CASE("truncating a valid image at every length degrades cleanly") {
    kv::Env env = env_of({{"a.nerves_fw_version", "1.2.3"}, {"nerves_fw_active", "a"}});
    for (bool redundant : {false, true}) {
        std::string block = kv::encode_block(env, 128, {redundant, kv::Endian::little}, 1, 0xFF);
        kv::Location loc;
        loc.copies.push_back({"img", 0, std::nullopt});
        if (redundant) loc.copies.push_back({"img", 128, std::nullopt});
        for (std::size_t length = 0; length < block.size(); ++length) {
            CAPTURE(length);
            std::vector<kv::RawCopy> raw{{"img", 0, block.substr(0, length)}};
            if (redundant) raw.push_back({"img", 128, block.substr(0, length)});
            std::string msg = kvtest::error_of([&] { kv::decode_image(loc, raw); });
            CHECK(msg.rfind("invalid_image: ", 0) == 0);
        }
        std::vector<kv::RawCopy> raw{{"img", 0, block}};
        if (redundant) raw.push_back({"img", 128, block});
        CHECK(kv::decode_image(loc, raw).env().variables().size() == 2);
    }
}

TEST_CASE("malformed images and their exact messages") {
    auto with_crc = [](std::string data, std::size_t header) {
        std::string block = std::string(header, '\0') + data;
        kv::store_le32(block, 0, kv::crc32(std::string_view(block).substr(header)));
        return block;
    };
    std::string good = with_crc(bytes("a=1\0\0"), 4);  // CRC of "a=1\0\0" is 0x4598063b
    REQUIRE(kv::load_le32(good, 0) == 0x4598063bu);
    std::string bad_crc = good;
    bad_crc[6] = '2';  // "a=2\0\0": CRC 0x47deb862
    std::string big = good;
    std::swap(big[0], big[3]);
    std::swap(big[1], big[2]);
    std::string redundant_layout = with_crc(bytes("a=1\0\0"), 5);
    redundant_layout[4] = 1;  // the flags byte, outside the CRC
    struct Row {
        const char* name;
        std::string block;
        std::string expected;
    };
    const Row rows[] = {
        {"too short", bytes("\x01\x02\x03\x04"),
         "invalid_image: img: 4 bytes at offset 0x0 are too few for an environment (at least 5)"},
        {"bad crc", bad_crc,
         "invalid_image: img: block at offset 0x0: bad CRC (stored 0x4598063b, computed "
         "0x47deb862): not an environment, or wrong offset/size?"},
        {"all zero", std::string(16, '\0'),
         "invalid_image: img: block at offset 0x0: bad CRC (stored 0x0, computed 0x7bd5c66f): "
         "not an environment, or wrong offset/size?"},
        {"big-endian CRC read as little-endian", big,
         "invalid_image: img: block at offset 0x0: bad CRC (stored 0x3b069845, computed "
         "0x4598063b); the CRC matches as big-endian: try --big-endian"},
        {"redundant-layout block (mkenvimage -r) read as a single copy", redundant_layout,
         "invalid_image: img: block at offset 0x0: bad CRC (stored 0x4598063b, computed "
         "0xf9248320); the CRC matches the redundant layout (a flags byte after the CRC): give "
         "the other copy's --redundant-offset"},
    };
    for (const Row& r : rows) {
        CAPTURE(r.name);
        CHECK(kvtest::error_of([&] {
                  kv::decode_image(whole(), {{"img", 0, r.block}});
              }) == r.expected);
    }
    // Both copies of a pair bad: one message naming both.
    std::string pair_bad = with_crc(bytes("a=1\0\0"), 5);
    pair_bad[0] = static_cast<char>(pair_bad[0] ^ 1);
    CHECK(kvtest::error_of([&] {
              kv::decode_image(whole(true), {{"img", 0, pair_bad}, {"img", 0x400, pair_bad}});
          }) ==
          "invalid_image: no valid copy: img: block at offset 0x0: bad CRC (stored "
          "0x4598063a, computed 0x4598063b); img: block at offset 0x400: bad CRC (stored "
          "0x4598063a, computed 0x4598063b)");
    // Copies of different sizes cannot be a pair.
    std::string ok5 = with_crc(bytes("a=1\0\0"), 5);
    CHECK(kvtest::error_of([&] {
              kv::decode_image(whole(true), {{"img", 0, ok5}, {"img", 0x400, ok5 + "x"}});
          }) == "usage: the two copies differ in size (10 and 11 bytes)");
}

TEST_CASE("redundant pair: one bad copy, the other is read") {
    kv::Env old_env = env_of({{"v", "old"}});
    kv::Env new_env = env_of({{"v", "new"}});
    kv::BlockFormat f{true, kv::Endian::little};
    std::string first = kv::encode_block(old_env, 64, f, 3, 0xFF);
    std::string second = kv::encode_block(new_env, 64, f, 4, 0xFF);
    kv::Image both = kv::decode_image(whole(true), {{"img", 0, first}, {"img", 0x400, second}});
    CHECK(both.current == 1);
    CHECK(*both.env().find("v") == "new");
    second[10] = static_cast<char>(second[10] ^ 0x20);
    kv::Image one = kv::decode_image(whole(true), {{"img", 0, first}, {"img", 0x400, second}});
    CHECK(one.current == 0);
    CHECK(*one.env().find("v") == "old");
    CHECK_FALSE(one.copies[1].state.crc_ok());
}

TEST_CASE("random data areas with valid CRCs never crash the decoder (seeded)") {
    // Seeded so a failure replays; the seed is printed by CAPTURE.
    for (unsigned seed = 1; seed <= 300; ++seed) {
        CAPTURE(seed);
        unsigned state = seed;
        auto next = [&state] {
            state = state * 1103515245u + 12345u;
            return (state >> 16) & 0x7FFFu;
        };
        std::size_t size = 6 + next() % 120;
        std::string data(size - 4, '\0');
        const char alphabet[] = {'\0', '=', 'a', 'b', '\n', '\xff'};
        for (char& c : data) c = alphabet[next() % sizeof alphabet];
        std::string block = kv::encode_block_data(data, size, {}, 0, 0xFF);
        try {
            kv::Image image = kv::decode_image(whole(), {{"img", 0, block}});
            // Whatever decoded re-encodes within the block and decodes to the same variables,
            // except an area filled to the last byte without its terminator: the terminator a
            // rewrite adds does not fit (U-Boot could not save it either).
            if (!image.data.terminated && image.env().encoded_size() > size - 4) {
                CHECK_THROWS_AS(kv::encode_block(image.env(), size, {}, 0, 0xFF), kv::Error);
                continue;
            }
            std::string again =
                kv::encode_block(image.env(), size, {}, 0, image.data.rewrite_padding);
            kv::Image back = kv::decode_image(whole(), {{"img", 0, again}});
            CHECK(back.env().variables().size() == image.env().variables().size());
        } catch (const kv::Error& e) {
            FAIL("a block with a valid CRC must decode: " << e.what());
        }
    }
}
