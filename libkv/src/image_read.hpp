#pragma once
// Reading the blocks of an image so that decoding copies nothing (not public). load_image and
// update_image read each copy into memory of its own (block_memory); the environment decoded from
// the current copy keeps that memory and its entries view it (see env.hpp), so the block read is
// the only copy of the text a reader makes.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libkv/image.hpp"
#include "libkv/location.hpp"
#include "locked_copies.hpp"

namespace kv::detail {

// One copy's block as read.
struct BlockRead {
    std::string path;
    std::uint64_t offset = 0;
    std::shared_ptr<const char[]> memory;  // holds `bytes`; null: `bytes` belong to the caller
    std::string_view bytes;
};

// The block of every copy of `files` (placed), each in memory of its own.
std::vector<BlockRead> read_copies(const LockedCopies& files);

// decode_image over blocks read so: the environment keeps the current copy's memory (or copies the
// data area when the block has none).
Image decode_copies(const Location& location, const std::vector<BlockRead>& blocks);

}  // namespace kv::detail
