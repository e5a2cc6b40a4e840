#pragma once
// Loading an environment from where it lives: read each copy, check CRCs, pick the current copy
// with U-Boot's rule, decode it. Errors name the file, the offset and the reason. Readers hold
// libubootenv's lock file and each image's flock shared while they read, and read into private
// memory: a successful load is exactly one environment that some write produced.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libkv/codec.hpp"
#include "libkv/env.hpp"
#include "libkv/location.hpp"

namespace kv {

struct CopyInfo {
    std::string path;
    std::uint64_t offset = 0;  // resolved (never negative)
    CopyState state;
};

struct Image {
    Location location;
    std::vector<CopyInfo> copies;  // one or two, in location order
    int current = 0;               // index of the copy the environment was read from
    DecodedData data;              // the current copy's data area, decoded

    const Env& env() const { return data.env; }
    Env& env() { return data.env; }
    std::size_t block_size() const { return copies.at(0).state.size; }
    std::size_t data_size() const { return block_size() - header_size(location.redundant()); }
};

// The bytes of one copy as read, with where they came from.
struct RawCopy {
    std::string path;
    std::uint64_t offset = 0;
    std::string bytes;
};

// Decodes blocks already read (one per copy, in location order). Pure; used by load_image and
// tests. Throws Error(invalid_image) naming the file and offset of each bad copy.
Image decode_image(const Location& location, const std::vector<RawCopy>& blocks);

// Reads and decodes, under the shared locks; reads again while the image keeps changing under a
// writer that takes no lock (cp, mkenvimage -o). Throws Error(io), Error(invalid_image), or
// Error(usage) for copies that overlap.
Image load_image(const Location& location);

// Reads the raw blocks of a location (one per copy), under the shared locks. Throws Error(io),
// Error(invalid_image) when the file is too short for the block, Error(usage) for copies that
// overlap.
std::vector<RawCopy> read_blocks(const Location& location);

// The raw blocks of `location` cut from `file_bytes`, the whole content of the one file its
// copies name, already read by the caller (an image on standard input or in a pipe, which can be
// neither seeked nor mapped). Offsets and sizes are resolved as read_blocks resolves them against
// a file's size; Error(invalid_image) for a block that does not lie inside the bytes.
std::vector<RawCopy> blocks_in(const Location& location, std::string_view file_bytes);

// The variable names of the environment at `location`, in stored order: a cheap read-only query
// for shell completion. Throws like load_image.
std::vector<std::string> list_keys(const Location& location);

}  // namespace kv
