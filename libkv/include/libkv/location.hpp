#pragma once
// Where an environment block lives: a whole file, an offset and size inside a larger disk image,
// a second copy for the redundant layout, or the description of an fw_env.config (legacy syntax,
// libubootenv's number rules) or of a fwup.conf `uboot-environment` section.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libkv/codec.hpp"

namespace kv {

struct CopyLocation {
    std::string path;
    std::int64_t offset = 0;            // negative: counts back from the end of the file/device
    std::optional<std::uint64_t> size;  // nullopt: to the end of the file
};

struct Location {
    std::vector<CopyLocation> copies;  // one, or two for the redundant layout
    Endian endian = Endian::little;
    FlagScheme scheme = FlagScheme::incremental;
    // A lock file shared with other tools (libubootenv's fw_setenv locks
    // /var/lock/fw_printenv.lock): writers also hold it, when it can be opened.
    std::optional<std::string> lock_file;
    // "FILE:LINE" of the configuration text that gave the offsets and sizes (a fwup.conf
    // section): a block that then does not lie inside its file is that text's error.
    std::optional<std::string> geometry_source;

    bool redundant() const { return copies.size() == 2; }
    BlockFormat format() const { return BlockFormat{redundant(), endian}; }
};

// The largest block fwkv reads or writes: 1 GiB. Real environments are kilobytes to a few
// megabytes; a size beyond this is a mistake (a sector count read as bytes, a stray digit), and
// asking for it would only exhaust memory.
inline constexpr std::uint64_t kMaxBlockSize = std::uint64_t{1} << 30;

// The whole of `path` (or from `offset`, `size` bytes, with an optional second copy).
// Throws Error(usage) for a redundant offset without a size, a size above kMaxBlockSize, and two
// copies that overlap (naming both byte ranges).
Location make_location(std::string path, std::int64_t offset, std::optional<std::uint64_t> size,
                       std::optional<std::int64_t> redundant_offset);

// Parses an fw_env.config in the legacy syntax, as libubootenv reads it:
//   DEVICE OFFSET ENV_SIZE [SECTOR_SIZE [NUM_SECTORS]]
// OFFSET like C's %lli (decimal, 0x hex, leading 0 octal, may be negative); the sizes are always
// hexadecimal, with or without 0x. '#' in column 0 comments a line; lines with fewer than three
// fields are skipped. One line is a single copy, two lines a redundant pair. Device paths are
// kept as written (relative ones resolve against the working directory, as with libubootenv).
// Throws Error(parse) "FILE:LINE: ..." for a zero size, a size above kMaxBlockSize, differing
// sizes, more than two copies, and Error(parse) "FILE: no environment device" when no line
// describes one.
Location parse_fw_env_config(std::string_view text, const std::string& file_name);

// Parses the `uboot-environment NAME { block-offset = N  block-count = N
// [block-offset-redund = N] }` section of a fwup.conf (512-byte blocks) into a location in
// `image_path`. Throws Error(parse) "FILE:LINE: ..." on malformed text, a missing section, an
// arithmetic overflow (define-eval, blocks times 512), expressions nested more than 200 levels,
// expanded text over 64 KiB, a block over kMaxBlockSize, and copies that overlap. A block that
// then lies outside the image is reported when the image is opened, as Error(parse) naming the
// section (Location::geometry_source).
Location parse_fwup_conf(std::string_view text, const std::string& file_name,
                         std::string_view env_name, const std::string& image_path);

// The lock file libubootenv's fw_printenv/fw_setenv take before touching a device.
inline constexpr const char* kLibubootenvLockFile = "/var/lock/fw_printenv.lock";

// Reads the whole of a small text file (an fw_env.config, a fwup.conf, a put script) for the
// parsers above, which take text so that they need no disk. Anything read(2) can read will do,
// a pipe or /dev/stdin too. Throws Error(io) "PATH: cannot open: REASON" or "PATH: cannot read:
// REASON" (a directory, say), never returns a partial text.
std::string read_text_file(const std::string& path);

}  // namespace kv
