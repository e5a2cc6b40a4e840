#pragma once
// CRC-32 (zlib / IEEE 802.3), the checksum of a U-Boot environment's data area.

#include <cstdint>
#include <string_view>

namespace kv {

// crc32(0, data, size) as zlib computes it.
std::uint32_t crc32(std::string_view data);

}  // namespace kv
