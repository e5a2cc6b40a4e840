// Fuzz target for the configuration texts that say where an environment lives: a fwup.conf (with
// define, define!, define-eval arithmetic and ${NAME} expansion) and an fw_env.config. Any bytes
// may be rejected with kv::Error, never with a crash, a trap, undefined behaviour, a hang or
// unbounded memory; what is accepted must describe blocks that fit the limits (at most two
// copies of one size, at most kMaxBlockSize bytes, copies of one file that do not overlap).

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "libkv/error.hpp"
#include "libkv/location.hpp"

namespace {

void check_accepted(const kv::Location& location) {
    if (location.copies.empty() || location.copies.size() > 2) std::abort();
    for (const kv::CopyLocation& copy : location.copies) {
        if (!copy.size || *copy.size == 0 || *copy.size > kv::kMaxBlockSize) std::abort();
    }
    if (location.copies.size() == 2 && *location.copies[0].size != *location.copies[1].size)
        std::abort();
}

void check_fwup_copies(const kv::Location& location) {
    check_accepted(location);
    for (const kv::CopyLocation& copy : location.copies) {
        if (copy.offset < 0) std::abort();  // blocks times 512 never wrap to a negative offset
    }
    if (location.copies.size() == 2) {
        auto a = static_cast<std::uint64_t>(location.copies[0].offset);
        auto b = static_cast<std::uint64_t>(location.copies[1].offset);
        std::uint64_t n = *location.copies[0].size;
        if (a < b + n && b < a + n) std::abort();  // overlapping copies are refused
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    for (const char* name : {"uboot-env", "e"}) {
        try {
            check_fwup_copies(kv::parse_fwup_conf(input, "fuzz.conf", name, "disk.img"));
        } catch (const kv::Error& e) {
            if (e.kind() != kv::ErrorKind::parse) std::abort();
        }
    }
    try {
        check_accepted(kv::parse_fw_env_config(input, "fuzz.config"));
    } catch (const kv::Error& e) {
        if (e.kind() != kv::ErrorKind::parse) std::abort();
    }
    return 0;
}
