#pragma once
// Encoding and decoding of one environment block, as U-Boot, mkenvimage, libubootenv and fwup lay
// it out:
//   single copy:    [crc32: u32][data: size-4 bytes]
//   redundant copy: [crc32: u32][flags: u8][data: size-5 bytes]   (the CRC does not cover flags)
// The data area holds "key=value\0" entries, then an empty entry; the rest is padding, which is
// inside the CRC. Pure functions over byte strings: no files here.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "libkv/env.hpp"

namespace kv {

enum class Endian { little, big };

// How the flags byte of a redundant pair evolves. Incremental (files, MMC, NAND, UBI): each save
// writes the other copy with flags = current + 1. Boolean (NOR): active = 1, obsolete = 0.
enum class FlagScheme { incremental, boolean };

struct BlockFormat {
    bool redundant = false;
    Endian endian = Endian::little;
};

inline std::size_t header_size(bool redundant) {
    return redundant ? 5 : 4;
}

// What one copy holds, before choosing which copy is current.
struct CopyState {
    std::size_t size = 0;  // the whole block, header included
    std::uint32_t stored_crc = 0;
    std::uint32_t computed_crc = 0;
    std::optional<std::uint8_t> flags;  // redundant layout only
    bool crc_ok() const { return stored_crc == computed_crc; }
};

// Reads the header of `block` and computes the CRC of its data area. The block must be at least
// header_size() + 1 bytes long (the caller reports shorter ones with their location).
CopyState inspect_block(std::string_view block, const BlockFormat& format);

// The entries of a data area, read in one pass.
struct DecodedData {
    Env env;
    std::size_t used = 0;    // bytes up to and including the terminating empty entry
    bool terminated = true;  // false when the area ends with no empty entry
    // The data offset of a last entry that runs to the end of the area without its NUL (read, as
    // fw_printenv does, up to the end of the area; a rewrite then needs more room than there is).
    std::optional<std::size_t> unterminated_entry;
    // Where the padding starts when the terminating empty entry is missing and the area ends with
    // one byte repeated (read as padding, not as an entry).
    std::optional<std::size_t> missing_terminator_at;
    std::optional<std::uint8_t> padding;  // the byte filling the area after `used`, when uniform
    bool padding_mixed = false;  // stale bytes after the terminator (old fw_setenv leaves them)
    std::uint8_t rewrite_padding = 0xFF;  // the byte a rewrite fills with: preserves the padding
};

// Parses a data area, never failing: whatever bytes it holds are entries, as fw_printenv reads
// them (a last entry without NUL ends at the end of the area). The oddities are reported in the
// result for `check`. The environment's entries view a copy of `data` that it owns.
DecodedData decode_data(std::string_view data);
// The same without the copy: the entries view `data` itself, which the environment keeps alive
// through `owner` (the memory a block was read into). Nothing may write `data` afterwards.
DecodedData decode_data(std::shared_ptr<const void> owner, std::string_view data);

// U-Boot's rule for a redundant pair: a copy with a bad CRC is never current; with both good,
// flags 255 vs 0 -> the 0 copy, otherwise the larger flags, equal -> copy 0.
// Returns 0 or 1, or nullopt when neither copy is valid.
std::optional<int> choose_current(const CopyState& first, const CopyState& second);

// The flags the next save writes: current + 1 (mod 256), or 1 for the boolean scheme.
std::uint8_t next_flags(std::uint8_t current, FlagScheme scheme);

// A whole block of `block_size` bytes holding `env`, the data area filled with `padding` after the
// terminator, the CRC in the format's byte order and `flags` after it in the redundant layout.
// Throws Error(no_space) "environment needs N bytes, the data area holds M" when it does not fit.
std::string encode_block(const Env& env, std::size_t block_size, const BlockFormat& format,
                         std::uint8_t flags, std::uint8_t padding);

// Same, from a data area already laid out (entries and terminator, no padding).
std::string encode_block_data(std::string_view data, std::size_t block_size,
                              const BlockFormat& format, std::uint8_t flags, std::uint8_t padding);

}  // namespace kv
