// Editing an environment (set in place, append, erase, duplicates collapse on rewrite, awkward
// entries survive) and the put --script parser with its line errors.

#include <doctest/doctest.h>

#include <algorithm>

#include "libkv/codec.hpp"
#include "libkv/error.hpp"
#include "libkv/nerves.hpp"
#include "libkv/script.hpp"
#include "test_support.hpp"

using kvtest::bytes;

namespace {
std::string encoded(const kv::Env& env) {
    std::string out;
    env.encode_into(out);
    return out;
}
}  // namespace

TEST_CASE("set keeps the position, new keys append, erase removes every copy") {
    kv::Env env = kv::decode_data(bytes("x=1\0dup=a\0junk\0dup=b\0y=2\0\0")).env;
    env.set("x", "10");
    env.set("z", "3");
    CHECK(encoded(env) == bytes("x=10\0junk\0dup=b\0y=2\0z=3\0\0"));
    CHECK(env.erase("dup"));
    CHECK_FALSE(env.erase("dup"));
    CHECK_FALSE(env.erase("junk"));  // not a variable: kept verbatim
    CHECK(encoded(env) == bytes("x=10\0junk\0y=2\0z=3\0\0"));
    env.set("dup", "c");
    CHECK(encoded(env) == bytes("x=10\0junk\0y=2\0z=3\0dup=c\0\0"));
    CHECK(env.problems().size() == 1);  // only "junk"; the erased duplicates are gone
}

TEST_CASE("keys and values that cannot be stored") {
    kv::Env env;
    CHECK(kvtest::error_of([&] { env.set("", "x"); }) == "usage: empty variable name");
    CHECK(kvtest::error_of([&] { env.set("a=b", "x"); }) ==
          "usage: variable name 'a=b' contains '='");
    CHECK(kvtest::error_of([&] { env.set("a", bytes("x\0y")); }) ==
          "usage: the value of 'a' contains a NUL byte");
    env.set("ok", "");
    CHECK(*env.find("ok") == "");
}

TEST_CASE("the Nerves active slot view") {
    kv::Env env;
    env.set("a.nerves_fw_version", "1.0");
    env.set("b.nerves_fw_version", "2.0");
    env.set("a.x", "ax");
    CHECK(kv::active_slot(env) == "a");
    auto a = kv::active_variables(env);
    REQUIRE(a.size() == 2);
    CHECK(a[0] == std::pair<std::string, std::string>("nerves_fw_version", "1.0"));
    env.set("nerves_fw_active", "b");
    CHECK(kv::active_key(env, "nerves_fw_version") == "b.nerves_fw_version");
    auto b = kv::active_variables(env);
    REQUIRE(b.size() == 1);
    CHECK(b[0].second == "2.0");
}

TEST_CASE("script lines in both syntaxes") {
    std::string long_value(100000, 'v');
    std::string text =
        "# comment\n\nkey=value\nkey2 value with spaces\nbare\n  indented=1\r\n"
        "eq=a b=c\nsp x=y\nempty=\nlong=" +
        long_value + "\ntrailing   \n";
    auto changes = kv::parse_script(text, "s.txt");
    REQUIRE(changes.size() == 9);
    CHECK(changes[0].key == "key");
    CHECK(*changes[0].value == "value");
    CHECK(changes[0].line == 3);
    CHECK(*changes[1].value == "value with spaces");
    CHECK_FALSE(changes[2].value.has_value());  // bare key deletes
    CHECK(changes[3].key == "indented");
    CHECK(*changes[3].value == "1");  // CR dropped
    CHECK(*changes[4].value == "a b=c");
    CHECK(changes[5].key == "sp");
    CHECK(*changes[5].value == "x=y");
    CHECK_FALSE(changes[6].value.has_value());  // "empty=" deletes, as fw_setenv -s
    CHECK(changes[7].value->size() == 100000);
    CHECK_FALSE(changes[8].value.has_value());
    CHECK(changes[8].line == 11);
}

TEST_CASE("malformed script lines name the file and line") {
    CHECK(kvtest::error_of([] { kv::parse_script("a=1\n=2\n", "s.txt"); }) ==
          "parse: s.txt:2: empty variable name before '='");
    CHECK(kvtest::error_of([] { kv::parse_script(bytes("a=1\nb=\0\n"), "s.txt"); }) ==
          "parse: s.txt:2: NUL byte in the line");
    CHECK(kvtest::error_of([] { kv::parse_assignment("novalue"); }) ==
          "usage: 'novalue' is not KEY=VALUE (use 'unset' to delete a variable)");
    CHECK(kvtest::error_of([] { kv::parse_assignment("=x"); }) == "usage: empty variable name");
}

TEST_CASE("applying 10,000 changes stays linear and ordered") {
    std::string script;
    for (int i = 0; i < 10000; ++i)
        script += "k" + std::to_string(i % 5000) + "=" + std::to_string(i) + "\n";
    kv::Env env;
    kv::apply_changes(env, kv::parse_script(script, "s"));
    CHECK(env.variable_count() == 5000);
    CHECK(*env.find("k0") == "5000");
    CHECK(env.variables().front()->key == "k0");
}

TEST_CASE("the index against a plain reference: random appends, duplicates, sets and erases") {
    // The hash index is open addressing with backward-shift deletion; a std::map and a vector in
    // stored order are the reference. Few distinct keys, so that duplicates, erases of present
    // keys and runs of colliding probes all happen often.
    std::uint32_t state = 12345;
    auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 8) & 0xFFFF; };
    for (int round = 0; round < 40; ++round) {
        kv::Env env;
        std::vector<std::pair<std::string, std::string>> order;  // the reference, stored order
        for (int step = 0; step < 400; ++step) {
            std::string key = "k" + std::to_string(next() % (8 + round * 4));
            std::string value = std::to_string(step);
            auto it = std::find_if(order.begin(), order.end(),
                                   [&](const auto& p) { return p.first == key; });
            switch (next() % 4) {
                case 0: {  // read from an image: a duplicate wins at its new position
                    kv::Entry e;
                    e.key = key;
                    e.value = value;
                    e.offset = static_cast<std::size_t>(step);
                    env.append(std::move(e));
                    if (it != order.end()) order.erase(it);
                    order.emplace_back(key, value);
                    break;
                }
                case 1:
                case 2:  // set: in place, or appended
                    env.set(key, value);
                    if (it != order.end()) {
                        it->second = value;
                    } else {
                        order.emplace_back(key, value);
                    }
                    break;
                default:
                    CHECK(env.erase(key) == (it != order.end()));
                    if (it != order.end()) order.erase(it);
            }
        }
        std::vector<std::pair<std::string, std::string>> got;
        for (const kv::Entry* e : env.variables()) got.emplace_back(e->key, e->value);
        CHECK(got == order);
        CHECK(env.variable_count() == order.size());
        for (int k = 0; k < 8 + round * 4; ++k) {
            std::string key = "k" + std::to_string(k);
            auto it = std::find_if(order.begin(), order.end(),
                                   [&](const auto& p) { return p.first == key; });
            const std::string* value = env.find(key);
            CHECK((value == nullptr) == (it == order.end()));
            if (value != nullptr && it != order.end()) CHECK(*value == it->second);
        }
    }
}
