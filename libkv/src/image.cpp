// Loading an environment: read each copy's block (only those bytes, never the whole disk image),
// check each CRC, pick the current copy with U-Boot's rule, decode its data area. A failure names
// the file, the offset and what is wrong, and says when the other byte order would have matched.

#include "libkv/image.hpp"

#include <time.h>

#include "file_io.hpp"
#include "image_read.hpp"
#include "libkv/error.hpp"
#include "locked_copies.hpp"

namespace kv {

namespace {

std::uint32_t byte_swap(std::uint32_t v) {
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

bool matches_otherwise(const CopyState& state, const BlockFormat& format, std::string_view block);

// What is wrong with a copy's CRC, and which other reading of the same bytes would have matched:
// the other byte order, or the other layout (a flags byte after the CRC, or none), the two
// mistakes people make most when they describe a block by hand.
std::string crc_problem(const CopyState& state, const BlockFormat& format, std::string_view block) {
    std::string text =
        "bad CRC (stored " + hex(state.stored_crc) + ", computed " + hex(state.computed_crc) + ")";
    if (byte_swap(state.stored_crc) == state.computed_crc) {
        text += format.endian == Endian::little
                    ? "; the CRC matches as big-endian: try --big-endian"
                    : "; the CRC matches as little-endian: drop --big-endian";
        return text;
    }
    BlockFormat other = format;
    other.redundant = !format.redundant;
    if (block.size() > header_size(other.redundant) && inspect_block(block, other).crc_ok()) {
        text += format.redundant
                    ? "; the CRC matches the single-copy layout (no flags byte): this is not a "
                      "redundant environment"
                    : "; the CRC matches the redundant layout (a flags byte after the CRC): give "
                      "the other copy's --redundant-offset";
    }
    return text;
}

// Whether the bytes would be a valid block in the other byte order or the other layout.
bool matches_otherwise(const CopyState& state, const BlockFormat& format, std::string_view block) {
    BlockFormat other = format;
    other.redundant = !format.redundant;
    return byte_swap(state.stored_crc) == state.computed_crc ||
           (block.size() > header_size(other.redundant) && inspect_block(block, other).crc_ok());
}

std::string copy_name(const CopyInfo& copy) {
    return copy.path + ": block at offset " + hex(copy.offset);
}

}  // namespace

namespace detail {

Image decode_copies(const Location& location, const std::vector<BlockRead>& blocks) {
    Image image;
    image.location = location;
    BlockFormat format = location.format();
    std::size_t minimum = header_size(format.redundant) + 1;
    for (const BlockRead& raw : blocks) {
        if (raw.bytes.size() < minimum)
            throw Error(ErrorKind::invalid_image,
                        raw.path + ": " + std::to_string(raw.bytes.size()) + " bytes at offset " +
                            hex(raw.offset) + " are too few for an environment (at least " +
                            std::to_string(minimum) + ")");
        image.copies.push_back({raw.path, raw.offset, inspect_block(raw.bytes, format)});
    }
    if (image.copies.size() == 2 && image.copies[0].state.size != image.copies[1].state.size)
        throw Error(ErrorKind::usage, "the two copies differ in size (" +
                                          std::to_string(image.copies[0].state.size) + " and " +
                                          std::to_string(image.copies[1].state.size) + " bytes)");
    if (image.copies.size() == 1) {
        const CopyInfo& only = image.copies[0];
        if (!only.state.crc_ok())
            throw Error(ErrorKind::invalid_image,
                        copy_name(only) + ": " + crc_problem(only.state, format, blocks[0].bytes) +
                            (matches_otherwise(only.state, format, blocks[0].bytes)
                                 ? ""
                                 : ": not an environment, or wrong offset/size?"));
        image.current = 0;
    } else {
        std::optional<int> current = choose_current(image.copies[0].state, image.copies[1].state);
        if (!current)
            throw Error(ErrorKind::invalid_image,
                        "no valid copy: " + copy_name(image.copies[0]) + ": " +
                            crc_problem(image.copies[0].state, format, blocks[0].bytes) + "; " +
                            copy_name(image.copies[1]) + ": " +
                            crc_problem(image.copies[1].state, format, blocks[1].bytes));
        image.current = *current;
    }
    const CopyInfo& chosen = image.copies[static_cast<std::size_t>(image.current)];
    const BlockRead& block = blocks[static_cast<std::size_t>(image.current)];
    std::string_view data = block.bytes.substr(header_size(format.redundant));
    try {
        image.data = block.memory ? decode_data(block.memory, data) : decode_data(data);
    } catch (const Error& e) {
        throw Error(e.kind(), copy_name(chosen) + ": " + e.what());
    }
    return image;
}

std::vector<BlockRead> read_copies(const LockedCopies& files) {
    std::vector<BlockRead> blocks;
    blocks.reserve(files.copies());
    for (std::size_t c = 0; c < files.copies(); ++c) {
        const CopyGeometry& g = files.geometry(c);
        std::shared_ptr<char[]> memory = block_memory(static_cast<std::size_t>(g.size));
        read_into(files.fd(c), files.path(c), g.offset, g.size, memory.get());
        std::string_view bytes(memory.get(), static_cast<std::size_t>(g.size));
        blocks.push_back({files.path(c), g.offset, std::move(memory), bytes});
    }
    return blocks;
}

}  // namespace detail

namespace {

// What one attempt at reading saw: each file's identity and size, then the blocks read.
struct Observation {
    std::vector<std::uint64_t> files;
    std::vector<detail::BlockRead> blocks;
    bool operator==(const Observation& other) const {
        if (files != other.files || blocks.size() != other.blocks.size()) return false;
        for (std::size_t i = 0; i < blocks.size(); ++i)
            if (blocks[i].bytes != other.blocks[i].bytes) return false;
        return true;
    }
};

Image read_once(const Location& location, Observation& seen) {
    detail::LockedCopies files(location, detail::LockMode::shared);
    seen.files = files.identity();
    files.place();
    seen.blocks = detail::read_copies(files);
    return detail::decode_copies(location, seen.blocks);
}

constexpr int kReadAttempts = 10;

}  // namespace

Image decode_image(const Location& location, const std::vector<RawCopy>& blocks) {
    std::vector<detail::BlockRead> views;
    views.reserve(blocks.size());
    for (const RawCopy& raw : blocks) views.push_back({raw.path, raw.offset, nullptr, raw.bytes});
    return detail::decode_copies(location, views);
}

std::vector<RawCopy> read_blocks(const Location& location) {
    detail::LockedCopies files(location, detail::LockMode::shared);
    files.place();
    return files.read_all();
}

// Every writer that follows libubootenv's locking (fwkv, fw_setenv) is excluded while the shared
// locks are held, so the first attempt normally succeeds. A program that rewrites the image
// without them (cp, mkenvimage -o, dd) can still change it during the read; since the CRC is
// checked on the same private bytes that are decoded, that shows as a bad copy or a short file,
// never as a mixture of two environments. The read is then tried again while what it sees keeps
// changing; an image that reads the same twice and is still bad is reported as it is.
Image load_image(const Location& location) {
    Observation previous;
    for (int attempt = 0;; ++attempt) {
        Observation seen;
        try {
            return read_once(location, seen);
        } catch (const Error& e) {
            bool may_be_changing =
                e.kind() == ErrorKind::invalid_image || e.kind() == ErrorKind::io;
            if (!may_be_changing || attempt + 1 >= kReadAttempts ||
                (attempt > 0 && seen == previous))
                throw;
            previous = std::move(seen);
        }
        struct timespec pause {
            0, 1000000L * (attempt + 1)
        };
        ::nanosleep(&pause, nullptr);
    }
}

std::vector<std::string> list_keys(const Location& location) {
    Image image = load_image(location);
    std::vector<std::string> keys;
    for (const Entry* e : image.env().variables()) keys.emplace_back(e->key());
    return keys;
}

std::vector<RawCopy> blocks_in(const Location& location, std::string_view file_bytes) {
    std::vector<RawCopy> blocks;
    for (const CopyLocation& copy : location.copies) {
        const detail::CopyGeometry at =
            detail::resolve_copy(copy, file_bytes.size(), location.redundant());
        blocks.push_back(
            {copy.path, at.offset, std::string(file_bytes.substr(at.offset, at.size))});
    }
    return blocks;
}

}  // namespace kv
