// The external term format decoder: fixed byte vectors (each checked once against erl's
// binary_to_term, which gives the value or badarg shown beside it), every refusal with its exact
// message, and the robustness properties (every truncation of a real boot file, a compressed
// term that lies about its size, counts larger than the input).

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "libappgraph/external_term.hpp"

#ifndef BOOT_DATA_DIR
#error "BOOT_DATA_DIR must name tests/appgraph/manifests/data/boot"
#endif

using appgraph::decode_external_term;
using appgraph::DiagnosticError;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

std::string shown(const std::string& data) {
    return decode_external_term(data, "t.bin").term.to_string();
}

std::string error_of(const std::string& data) {
    try {
        decode_external_term(data, "t.bin");
    } catch (const DiagnosticError& e) {
        CHECK(e.diagnostic().kind == appgraph::DiagnosticKind::bad_term);
        return e.what();
    }
    return "(no error)";
}

std::string read_file(const std::string& name) {
    std::ifstream in(std::string(BOOT_DATA_DIR) + "/" + name, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fixed vectors decode to the value binary_to_term gives") {
    struct Case {
        std::string data;
        const char* expected;
    };
    const Case cases[] = {
        {bytes({131, 106}), "[]"},
        {bytes({131, 97, 255}), "255"},
        {bytes({131, 98, 255, 255, 255, 255}), "-1"},
        {bytes({131, 98, 128, 0, 0, 0}), "-2147483648"},
        {bytes({131, 110, 1, 0, 5}), "5"},
        {bytes({131, 110, 2, 0, 5, 0}), "5"},  // a leading zero digit
        {bytes({131, 110, 0, 0}), "0"},
        {bytes({131, 110, 1, 1, 5}), "-5"},
        {bytes({131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 128}), "-9223372036854775808"},
        {bytes({131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 128}), "9223372036854775808"},
        {bytes({131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), "18446744073709551616"},
        {bytes({131, 70, 63, 248, 0, 0, 0, 0, 0, 0}), "1.5"},
        {bytes({131, 99}) + "1.50000000000000000000e+00" + std::string(5, '\0'), "1.5"},
        {bytes({131, 100, 0, 1, 233}), "'\xC3\xA9'"},         // ATOM_EXT is Latin-1
        {bytes({131, 118, 0, 2, 195, 169}), "'\xC3\xA9'"},    // ATOM_UTF8_EXT
        {bytes({131, 115, 0}), "''"},                         // SMALL_ATOM_EXT
        {bytes({131, 119, 2, 111, 107}), "ok"},               // SMALL_ATOM_UTF8_EXT
        {bytes({131, 107, 0, 2, 97, 233}), "\"a\xC3\xA9\""},  // STRING_EXT: bytes are characters
        {bytes({131, 108, 0, 0, 0, 1, 97, 1, 107, 0, 2, 97, 98}), "[1,97,98]"},  // tail "ab"
        {bytes({131, 108, 0, 0, 0, 1, 97, 1, 100, 0, 1, 98}), "[1|b]"},
        {bytes({131, 104, 2, 100, 0, 1, 97, 106}), "{a,[]}"},
        {bytes({131, 105, 0, 0, 0, 0}), "{}"},
        {bytes({131, 109, 0, 0, 0, 2, 1, 2}), "<<1,2>>"},
        {bytes({131, 77, 0, 0, 0, 1, 8, 5}), "<<5>>"},  // a bitstring of whole bytes
        {bytes({131, 77, 0, 0, 0, 0, 0}), "<<>>"},
        {bytes({131, 116, 0, 0, 0, 1, 97, 1, 97, 2}), "#{1 => 2}"},
    };
    for (const Case& c : cases) {
        INFO("bytes of " << c.expected);
        CHECK(shown(c.data) == c.expected);
    }
}

TEST_CASE("bytes after the term are counted, as binary_to_term ignores them") {
    auto decoded = decode_external_term(bytes({131, 106, 0, 1}), "t.bin");
    CHECK(decoded.term.to_string() == "[]");
    CHECK(decoded.trailing == 2);
}

TEST_CASE("refusals name the byte and the problem") {
    struct Case {
        std::string data;
        const char* expected;
    };
    const Case cases[] = {
        {"", "t.bin: at byte 0: the data ends inside a term (1 bytes needed, 0 left)"},
        {bytes({132, 106}),
         "t.bin: at byte 0: not the external term format (it starts with byte 131, this with "
         "132)"},
        {bytes({131}), "t.bin: at byte 1: the data ends inside a term (1 bytes needed, 0 left)"},
        {bytes({131, 108, 0, 0, 0, 9, 106}),
         "t.bin: at byte 1: a list of 9 elements in the 1 bytes left"},
        {bytes({131, 109, 0, 0, 1, 0, 1}),
         "t.bin: at byte 6: the data ends inside binary (256 bytes needed, 1 left)"},
        {bytes({131, 88, 100, 0, 1, 97, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}),
         "t.bin: at byte 1: a pid (tag 88) cannot be read from a file"},
        {bytes({131, 113, 100, 0, 1, 109, 100, 0, 1, 102, 97, 1}),
         "t.bin: at byte 1: a fun (tag 113) cannot be read from a file"},
        {bytes({131, 77, 0, 0, 0, 1, 3, 5}),
         "t.bin: at byte 1: a bitstring that is not a whole number of bytes (not supported)"},
        {bytes({131, 70, 127, 240, 0, 0, 0, 0, 0, 0}),
         "t.bin: at byte 1: a float that is not finite"},
        {bytes({131, 118, 0, 2, 195, 40}), "t.bin: at byte 1: an atom that is not valid UTF-8"},
        {bytes({131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3}),
         "t.bin: at byte 10: a map with the key 1 twice"},
        {bytes({131, 104, 2, 97, 1}),
         "t.bin: at byte 5: the data ends inside a term (1 bytes needed, 0 left)"},
        {bytes({131, 1}), "t.bin: at byte 1: unknown term tag 1"},
        {bytes({131, 80, 0, 0, 0, 2, 120, 156, 203, 2, 0, 0, 107, 0, 107}),
         "t.bin: at byte 6: the compressed term announces 2 bytes but inflates to 1"},
        {bytes({131, 80, 0, 0, 0, 1, 1, 2, 3}),
         "t.bin: at byte 6: the compressed term is not a valid zlib stream (incorrect header "
         "check)"},
        {bytes({131, 80, 255, 255, 255, 255}),
         "t.bin: at byte 2: the compressed term announces 4294967295 bytes (at most 67108864 are "
         "read)"},
        {bytes({131, 80, 0, 0, 0, 2, 120, 156, 203, 2, 0, 0, 107, 0, 107, 0}).substr(0, 11),
         "t.bin: at byte 6: the compressed term announces 2 bytes but inflates to 1 (the stream "
         "is cut short)"},
        {bytes({131, 111, 0, 0, 16, 1, 0}),
         "t.bin: at byte 1: an integer of 4097 bytes (at most 4096 are read)"},
    };
    for (const Case& c : cases) CHECK(error_of(c.data) == c.expected);
    std::string deep = bytes({131});
    for (int i = 0; i < 1200; ++i) deep += bytes({104, 1});
    deep += bytes({106});
    CHECK(error_of(deep) == "t.bin: at byte 2003: terms nested deeper than 1000 levels");
    std::string long_atom = bytes({131, 100, 1, 0}) + std::string(256, 'a');
    CHECK(error_of(long_atom) == "t.bin: at byte 1: an atom of 256 characters (at most 255)");
}

TEST_CASE("inside a compressed term, offsets count the inflated bytes") {
    // term_to_binary({lists:duplicate(40, a), self()}, [compressed]) on a node nonode@nohost.
    const std::string data =
        bytes({131, 80, 0,  0,   0,   197, 120, 156, 203, 96, 202, 97, 96, 96,  208, 72,  97,
               96,  76, 28, 204, 56,  43,  34,  133, 129, 55, 47,  63, 47, 63,  37,  213, 33,
               47,  63, 35, 191, 184, 4,   232, 106, 78,  6,  40,  0,  0,  167, 38,  38,  137});
    CHECK(error_of(data) ==
          "t.bin: at byte 168 of the inflated term: a pid (tag 88) cannot be read from a file");
}

TEST_CASE("a real boot file, plain and compressed, truncated at every length") {
    const std::string plain = read_file("small.boot");
    const std::string compressed = read_file("small_compressed.boot");
    const auto a = decode_external_term(plain, "small.boot");
    const auto b = decode_external_term(compressed, "small_compressed.boot");
    CHECK(a.term == b.term);
    CHECK(a.trailing == 0);
    CHECK(b.trailing == 0);
    CHECK(a.term.items.size() == 3);
    for (const std::string* data : {&plain, &compressed}) {
        for (std::size_t n = 0; n < data->size(); ++n) {
            INFO("length " << n);
            CHECK_THROWS_AS(decode_external_term(data->substr(0, n), "cut.boot"), DiagnosticError);
        }
    }
}
