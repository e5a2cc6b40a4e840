// CRC-32 through zlib, fed in chunks because zlib's length type is 32-bit.

#include "libkv/crc32.hpp"

#include <zlib.h>

#include <algorithm>

namespace kv {

std::uint32_t crc32(std::string_view data) {
    uLong crc = ::crc32(0L, Z_NULL, 0);
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        std::size_t chunk = std::min<std::size_t>(left, 1u << 30);
        // zlib takes unsigned bytes; this is the only place image bytes change pointer type.
        crc = ::crc32(crc, reinterpret_cast<const Bytef*>(p), static_cast<uInt>(chunk));
        p += chunk;
        left -= chunk;
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace kv
