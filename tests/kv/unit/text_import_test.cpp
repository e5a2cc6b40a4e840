// mkenvimage's text format. The expected data areas below were recorded from the real
// mkenvimage (u-boot-tools 2023.01) on the same inputs; the conformance tier compares whole images
// on random inputs.

#include <doctest/doctest.h>

#include "libkv/bytes.hpp"
#include "libkv/error.hpp"
#include "libkv/text_import.hpp"
#include "test_support.hpp"

using kvtest::bytes;

TEST_CASE("mkenvimage's reading of text, case by case") {
    struct Row {
        std::string text;
        std::string data;
    };
    const Row rows[] = {
        {"a=1\nb=2\n", bytes("a=1\0b=2\0\0")},
        {"a=1\nb=2", bytes("a=1\0b=2\0\0")},                      // no final newline
        {"\n\na=1\n\n\nb=2\n\n", bytes("a=1\0b=2\0\0")},          // empty lines vanish
        {"#c\na=1\n #x\nb\\\nc\n", bytes("a=1\0 #x\0b\nc\0\0")},  // comments only in column 0
        {"", bytes("\0")},                                        // empty env
        {"#only a comment\n", bytes("\0")},
        {"\n", bytes("\0")},
        {bytes("\0"), bytes("\0\0")},
        {bytes("a=1\0"), bytes("a=1\0\0")},
        {bytes("a=1\0\n"), bytes("a=1\0\0\0")},
        {"a=1\r\nnoeq\n=v\n", bytes("a=1\r\0noeq\0=v\0\0")},  // verbatim
        {"a=1\\\\\nb=2\n", bytes("a=1\\\nb=2\0\0")},          // the last backslash joins
        {"a\\", bytes("a\\\0\0")},
        {"\\\nx", bytes("\nx\0\0")},
        {"x\n#c\n#d\ny\n", bytes("x\0y\0\0")},
    };
    for (const Row& r : rows) {
        CAPTURE(r.text);
        CHECK(kv::data_from_text(r.text) == r.data);
    }
}

TEST_CASE("the whole image: header, flags 1, padding, and the size limit") {
    std::string image = kv::image_from_text("a=1\nb=2\n", 64, {}, 0xFF);
    CHECK(image.size() == 64);
    CHECK(image.substr(0, 4) == bytes("\x4b\x6a\xe7\x21"));  // as mkenvimage wrote it
    CHECK(image.substr(4, 9) == bytes("a=1\0b=2\0\0"));
    CHECK(image.substr(13) == std::string(51, '\xff'));
    std::string r = kv::image_from_text("", 64, {true, kv::Endian::little}, 0xFF);
    CHECK(r.substr(0, 6) == bytes("\x11\x95\xa8\x49\x01\x00"));
    std::string p = kv::image_from_text("a=1", 16, {false, kv::Endian::big}, 0x00);
    CHECK(p == bytes("\xac\xed\x09\x15"
                     "a=1\0\0\0\0\0\0\0\0\0"));  // mkenvimage -b -p 0
    // Data area of 8 bytes (size 12): "abcdef" fits exactly, one more byte does not.
    CHECK(kv::image_from_text("abcdef", 12, {}, 0xFF) == bytes("\x5a\x3e\x3a\xc7"
                                                               "abcdef\0\0"));
    CHECK_THROWS_AS(kv::image_from_text("abcdefg", 12, {}, 0xFF), kv::Error);
    CHECK_THROWS_AS(kv::image_from_text("abcdefg\n", 12, {}, 0xFF), kv::Error);
    CHECK_THROWS_AS(kv::image_from_text(bytes("abcdef\0\0"), 12, {}, 0xFF), kv::Error);
    CHECK(kv::image_from_text("abcdefgh\n\n\n\n\n", 16, {}, 0xFF).substr(0, 4) ==
          bytes("\xbb\x60\x3d\x89"));
    try {
        kv::image_from_text("abcdefg", 12, {}, 0xFF);
    } catch (const kv::Error& e) {
        CHECK(e.kind() == kv::ErrorKind::no_space);
        CHECK(std::string(e.what()) ==
              "the text needs 9 bytes, the data area holds 8 (mkenvimage: the environment file is "
              "too large)");
    }
    CHECK_THROWS_AS(kv::image_from_text("", 4, {}, 0xFF), kv::Error);
}
