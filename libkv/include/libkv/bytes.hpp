#pragma once
// Explicit little- and big-endian 32-bit integers over byte strings. Image bytes are kept in
// std::string; these helpers are the only way the code turns them into numbers and back.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kv {

inline std::uint32_t byte_at(std::string_view bytes, std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]));
}

inline std::uint32_t load_le32(std::string_view bytes, std::size_t at) {
    return byte_at(bytes, at) | byte_at(bytes, at + 1) << 8 | byte_at(bytes, at + 2) << 16 |
           byte_at(bytes, at + 3) << 24;
}

inline std::uint32_t load_be32(std::string_view bytes, std::size_t at) {
    return byte_at(bytes, at) << 24 | byte_at(bytes, at + 1) << 16 | byte_at(bytes, at + 2) << 8 |
           byte_at(bytes, at + 3);
}

inline void store_le32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i)
        bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

inline void store_be32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i)
        bytes[at + i] = static_cast<char>((value >> (8 * (3 - i))) & 0xFF);
}

}  // namespace kv
