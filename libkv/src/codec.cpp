// One environment block: header (CRC, and flags in the redundant layout), data area, padding.
// Decoding runs memchr over the data area twice (to count the entries, then to read them), and
// the entries view the area's bytes, which the environment keeps (see env.hpp). The CRC covers
// the whole data area, padding included, and never the flags byte. Encoding computes the needed
// size first, so a block that does not fit is refused before anything is built or written.

#include "libkv/codec.hpp"

#include <cstring>

#include "libkv/bytes.hpp"
#include "libkv/crc32.hpp"
#include "libkv/error.hpp"

namespace kv {

CopyState inspect_block(std::string_view block, const BlockFormat& format) {
    CopyState state;
    state.size = block.size();
    std::size_t header = header_size(format.redundant);
    state.stored_crc = format.endian == Endian::little ? load_le32(block, 0) : load_be32(block, 0);
    if (format.redundant) state.flags = static_cast<std::uint8_t>(byte_at(block, 4));
    state.computed_crc = crc32(block.substr(header));
    return state;
}

namespace {

// The number of entries before the end of the environment: one memchr per entry, so that the
// entries can be held in one allocation (64,000 entries otherwise move a dozen times).
std::size_t count_entries(std::string_view data) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < data.size() && data[pos] != '\0'; ++count) {
        const void* nul = std::memchr(data.data() + pos, '\0', data.size() - pos);
        if (nul == nullptr) return count + 1;
        pos = static_cast<std::size_t>(static_cast<const char*>(nul) - data.data()) + 1;
    }
    return count;
}

}  // namespace

DecodedData decode_data(std::string_view data) {
    std::shared_ptr<char[]> copy = std::make_shared_for_overwrite<char[]>(data.size());
    if (!data.empty()) std::memcpy(copy.get(), data.data(), data.size());
    std::string_view text(copy.get(), data.size());
    return decode_data(std::move(copy), text);
}

DecodedData decode_data(std::shared_ptr<const void> owner, std::string_view data) {
    DecodedData out;
    std::vector<Entry> entries;
    entries.reserve(count_entries(data));
    const char* base = data.data();
    std::size_t pos = 0;
    bool ended = false;
    while (pos < data.size()) {
        if (data[pos] == '\0') {  // the empty entry: end of the environment
            out.used = pos + 1;
            ended = true;
            break;
        }
        const void* nul = std::memchr(base + pos, '\0', data.size() - pos);
        // A last entry without its NUL runs to the end of the area, as fw_printenv reads it...
        std::size_t end = nul == nullptr
                              ? data.size()
                              : static_cast<std::size_t>(static_cast<const char*>(nul) - base);
        std::string_view text = data.substr(pos, end - pos);
        if (nul == nullptr) {
            // ...unless it is one byte repeated (no '='): that is the padding of an area whose
            // writer forgot the terminator. fw_printenv skips it (no '='); so do we, and a
            // rewrite puts the terminator back instead of keeping a block-sized non-entry.
            bool padding = text[0] != '=' && text.substr(1) == text.substr(0, text.size() - 1);
            if (padding) {
                out.missing_terminator_at = pos;
                break;
            }
            out.unterminated_entry = pos;
        }
        entries.emplace_back(text);
        pos = end + 1;
    }
    out.env = Env(std::move(owner), data, std::move(entries));
    if (!ended) {
        out.used = out.missing_terminator_at.value_or(data.size());
        out.terminated = false;
    }
    std::string_view tail = data.substr(out.used);
    if (!tail.empty()) {
        char first = tail[0];
        // Uniform when the tail equals itself shifted by one byte: one memcmp instead of a
        // byte-by-byte scan of what is usually most of the block.
        bool uniform = tail.substr(1) == tail.substr(0, tail.size() - 1);
        if (uniform) out.padding = static_cast<std::uint8_t>(first);
        out.padding_mixed = !uniform;
        // Stale bytes after the terminator: the fill is most likely what ends the area.
        out.rewrite_padding = static_cast<std::uint8_t>(uniform ? first : tail.back());
    }
    return out;
}

std::optional<int> choose_current(const CopyState& first, const CopyState& second) {
    bool ok1 = first.crc_ok(), ok2 = second.crc_ok();
    if (!ok1 && !ok2) return std::nullopt;
    if (ok1 != ok2) return ok1 ? 0 : 1;
    std::uint8_t f1 = first.flags.value_or(0), f2 = second.flags.value_or(0);
    if (f1 == 255 && f2 == 0) return 1;
    if (f2 == 255 && f1 == 0) return 0;
    return f2 > f1 ? 1 : 0;
}

std::uint8_t next_flags(std::uint8_t current, FlagScheme scheme) {
    if (scheme == FlagScheme::boolean) return 1;
    return static_cast<std::uint8_t>(current + 1);
}

std::string encode_block_data(std::string_view data, std::size_t block_size,
                              const BlockFormat& format, std::uint8_t flags, std::uint8_t padding) {
    std::size_t header = header_size(format.redundant);
    std::size_t room = block_size > header ? block_size - header : 0;
    if (data.size() > room)
        throw Error(ErrorKind::no_space, "environment needs " + std::to_string(data.size()) +
                                             " bytes, the data area holds " + std::to_string(room) +
                                             " (block of " + std::to_string(block_size) +
                                             " bytes)");
    std::string block(block_size, static_cast<char>(padding));
    block.replace(header, data.size(), data);
    std::uint32_t crc = crc32(std::string_view(block).substr(header));
    if (format.endian == Endian::little) {
        store_le32(block, 0, crc);
    } else {
        store_be32(block, 0, crc);
    }
    if (format.redundant) block[4] = static_cast<char>(flags);
    return block;
}

std::string encode_block(const Env& env, std::size_t block_size, const BlockFormat& format,
                         std::uint8_t flags, std::uint8_t padding) {
    std::size_t header = header_size(format.redundant);
    std::size_t room = block_size > header ? block_size - header : 0;
    std::size_t needed = env.encoded_size();
    if (needed > room)
        throw Error(ErrorKind::no_space, "environment needs " + std::to_string(needed) +
                                             " bytes, the data area holds " + std::to_string(room) +
                                             " (block of " + std::to_string(block_size) +
                                             " bytes)");
    std::string data;
    data.reserve(needed);
    env.encode_into(data);
    return encode_block_data(data, block_size, format, flags, padding);
}

}  // namespace kv
