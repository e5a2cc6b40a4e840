// Fuzz target for libkv's readers: any bytes as a data area, as a block header, as an
// fw_env.config and as a put script. Readers may reject input with kv::Error but must never crash,
// and a data area re-encoded from what was read must read back to the same variables and the same
// awkward entries (nothing understood is lost on rewrite).

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libkv/codec.hpp"
#include "libkv/error.hpp"
#include "libkv/location.hpp"
#include "libkv/script.hpp"

namespace {

// Entries without '=' and with an empty key are kept verbatim; a rewrite drops only the shadowed
// copies of a duplicated key.
std::size_t kept_awkward(const kv::Env& env) {
    std::size_t n = 0;
    for (const auto& problem : env.problems()) n += problem.kind != kv::ProblemKind::duplicate;
    return n;
}

bool same_entries(const kv::Env& a, const kv::Env& b) {
    auto va = a.variables();
    auto vb = b.variables();
    if (va.size() != vb.size()) return false;
    for (std::size_t i = 0; i < va.size(); ++i) {
        if (va[i]->text() != vb[i]->text()) return false;
    }
    return kept_awkward(a) == kept_awkward(b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);

    kv::DecodedData decoded = kv::decode_data(input);
    std::string rewritten;
    decoded.env.encode_into(rewritten);
    kv::DecodedData again = kv::decode_data(rewritten);
    if (!same_entries(decoded.env, again.env)) std::abort();

    for (bool redundant : {false, true}) {
        kv::BlockFormat format;
        format.redundant = redundant;
        if (size >= kv::header_size(redundant) + 1) (void)kv::inspect_block(input, format);
    }
    try {
        (void)kv::parse_fw_env_config(input, "fuzz.config");
    } catch (const kv::Error&) {
    }
    try {
        (void)kv::parse_script(input, "fuzz.script");
    } catch (const kv::Error&) {
    }
    return 0;
}
