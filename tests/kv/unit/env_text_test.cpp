// Who owns an environment's text (env.hpp): entries decoded from a block view that block, which
// the Env keeps; text from anywhere else is copied once; no view the Env hands out dangles while
// the Env or a copy of it lives, whatever is set or erased. Run under AddressSanitizer, a view
// that outlived its text fails here as a use after free, not only as a wrong value.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "libkv/codec.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"
#include "libkv/text_import.hpp"
#include "test_support.hpp"

using kvtest::bytes;

namespace {

// A data area in memory of its own, with a flag that says when that memory is released.
struct TrackedBlock {
    std::shared_ptr<const char[]> memory;
    std::string_view bytes;
};

TrackedBlock tracked_block(const std::string& data, bool& released) {
    char* copy = new char[data.size()];
    std::memcpy(copy, data.data(), data.size());
    std::shared_ptr<const char[]> memory(copy, [&released](const char* p) {
        released = true;
        delete[] p;
    });
    return {memory, std::string_view(copy, data.size())};
}

bool inside(std::string_view part, std::string_view whole) {
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace

TEST_CASE("an Entry is the stored text and where its key ends") {
    kv::Entry e("bootcmd=run a=b");
    CHECK(e.key() == "bootcmd");
    CHECK(e.value() == "run a=b");  // the key ends at the first '='
    CHECK(e.has_equals());
    CHECK(e.text() == "bootcmd=run a=b");
    kv::Entry empty_value("k=");
    CHECK(empty_value.has_equals());
    CHECK(empty_value.value().empty());
    kv::Entry bare("junk");
    CHECK_FALSE(bare.has_equals());
    CHECK(bare.key() == "junk");
    CHECK(bare.value().empty());
    kv::Entry no_key("=v");
    CHECK(no_key.key().empty());
    CHECK(no_key.value() == "v");
}

TEST_CASE("decoding a block views it: no entry is copied, and the Env keeps the block") {
    bool released = false;
    {
        TrackedBlock block = tracked_block(bytes("a=1\0junk\0b=2\0\0\xff\xff"), released);
        kv::DecodedData d = kv::decode_data(block.memory, block.bytes);
        block.memory.reset();  // the Env holds the only reference now
        CHECK_FALSE(released);
        const auto& entries = d.env.entries();
        REQUIRE(entries.size() == 3);
        for (const kv::Entry& e : entries) CHECK(inside(e.text(), block.bytes));
        CHECK(entries[0].text().data() == block.bytes.data());
        CHECK(entries[2].text().data() == block.bytes.data() + 9);
        CHECK(d.env.data_offset(entries[2]) == 9);
        kv::Env copy = d.env;  // shares the block
        d = kv::DecodedData();
        CHECK_FALSE(released);
        CHECK(copy.find("b") == "2");
    }
    CHECK(released);  // the last copy went: the block went with it
}

TEST_CASE("decoding the caller's bytes copies them: the environment outlives the string") {
    auto data = std::make_unique<std::string>(bytes("a=1\0b=2\0\0"));
    kv::DecodedData d = kv::decode_data(*data);
    for (const kv::Entry& e : d.env.entries()) CHECK_FALSE(inside(e.text(), *data));
    data.reset();
    CHECK(d.env.find("a") == "1");
    CHECK(d.env.find("b") == "2");
}

TEST_CASE("appended and set text is copied; the caller's memory may go at once") {
    kv::Env env;
    {
        std::string text = "k=from the caller";
        env.append(kv::Entry(text));
        text.assign(text.size(), 'X');
    }
    CHECK(env.find("k") == "from the caller");
    {
        std::string key = "n", value = "v";
        env.set(key, value);
    }
    CHECK(env.find("n") == "v");
    CHECK_FALSE(env.data_offset(env.entries()[0]).has_value());  // not read from a block
    CHECK(kvtest::error_of([&] { env.append(kv::Entry("")); }) ==
          "usage: an empty entry cannot be stored (it ends the environment)");
}

TEST_CASE("views stay valid across set and erase, the replaced value's included") {
    kv::DecodedData d = kv::decode_data(bytes("a=old\0b=2\0\0"));
    kv::Env& env = d.env;
    std::string_view old_a = *env.find("a");
    std::string_view b = *env.find("b");
    const kv::Entry* first = env.variables()[0];
    std::string_view first_text = first->text();
    for (int i = 0; i < 1000; ++i) env.set("k" + std::to_string(i), std::string(50, 'v'));
    env.set("a", "new");
    CHECK(env.erase("b"));
    CHECK(old_a == "old");  // the replaced value's text is still there
    CHECK(b == "2");        // so is an erased one's
    CHECK(first_text == "a=old");
    CHECK(env.find("a") == "new");
    CHECK_FALSE(env.find("b").has_value());
}

TEST_CASE("a copy shares the text and edits on its own; a move keeps every view") {
    kv::Env original = kv::decode_data(bytes("a=1\0b=2\0\0")).env;
    std::string_view a = *original.find("a");
    kv::Env copy = original;
    copy.set("a", "changed");
    copy.set("c", "3");
    CHECK(original.find("a") == "1");
    CHECK_FALSE(original.find("c").has_value());
    CHECK(copy.find("a") == "changed");
    CHECK(copy.find("b")->data() == original.find("b")->data());  // shared, not copied
    kv::Env moved = std::move(original);
    CHECK(a == "1");
    CHECK(moved.find("a")->data() == a.data());
}

TEST_CASE("an image read from a file is viewed in the block it was read into") {
    kvtest::ScratchDir dir;
    std::string path = dir.file("env.bin");
    kvtest::write_file(path, kv::image_from_text("first=1\nsecond=22\nthird=333\n", 4096, {}, 0));
    kv::Image image = kv::load_image(kv::make_location(path, 0, std::nullopt, std::nullopt));
    std::vector<const kv::Entry*> vars = image.env().variables();
    REQUIRE(vars.size() == 3);
    // One block, no copies: each entry starts right after the previous one's NUL.
    for (std::size_t i = 1; i < vars.size(); ++i)
        CHECK(vars[i]->text().data() ==
              vars[i - 1]->text().data() + vars[i - 1]->text().size() + 1);
    CHECK(image.env().data_offset(*vars[1]) == 8);
}

TEST_CASE("an environment built from a whole block against a plain reference") {
    // decode_data builds the index in one pass that looks a few entries ahead; the reference is
    // U-Boot's rule written out: the last entry of a key wins, at its own position. Few distinct
    // keys, so that duplicates (near and far apart) and awkward entries are common.
    std::uint32_t state = 777;
    auto next = [&] { return state = state * 1103515245u + 12345u, (state >> 8) & 0xFFFF; };
    for (int round = 0; round < 60; ++round) {
        std::string data;
        std::vector<std::pair<std::string, std::string>> order;  // variables, in stored order
        int entries = static_cast<int>(next() % 200);
        for (int i = 0; i < entries; ++i) {
            std::string key = "k" + std::to_string(next() % (4 + round * 3));
            std::string value = std::to_string(i);
            switch (next() % 10) {
                case 0:
                    data += "junk" + value;  // no '=': kept verbatim, not a variable
                    break;
                case 1:
                    data += "=" + value;  // an empty key
                    break;
                default: {
                    data += key + "=" + value;
                    auto it = std::find_if(order.begin(), order.end(),
                                           [&](const auto& p) { return p.first == key; });
                    if (it != order.end()) order.erase(it);
                    order.emplace_back(key, value);
                }
            }
            data += '\0';
        }
        data += '\0';
        kv::DecodedData d = kv::decode_data(data);
        std::vector<std::pair<std::string, std::string>> got;
        for (const kv::Entry* e : d.env.variables()) got.emplace_back(e->key(), e->value());
        CHECK(got == order);
        CHECK(d.env.variable_count() == order.size());
        for (const auto& [key, value] : order) CHECK(d.env.find(key) == value);
        // A rewrite keeps the awkward entries and drops the shadowed duplicates.
        std::vector<kv::Problem> problems = d.env.problems();
        auto awkward = std::count_if(problems.begin(), problems.end(), [](const kv::Problem& p) {
            return p.kind != kv::ProblemKind::duplicate;
        });
        std::string rewritten;
        d.env.encode_into(rewritten);
        CHECK(kv::decode_data(rewritten).env.problems().size() ==
              static_cast<std::size_t>(awkward));
    }
}
