// The rules of `fwkv check` (see check.hpp): each rule looks at the inspection and adds a finding
// with its own message; the tool only prints them.

#include "libkv/check.hpp"

#include "libkv/writer.hpp"

namespace kv {

Inspection inspect_image(const Location& location) {
    return inspect_blocks(location, read_blocks(location));
}

Inspection inspect_blocks(const Location& location, const std::vector<RawCopy>& raw) {
    Inspection r{location, {}, std::nullopt, std::nullopt};
    BlockFormat format = location.format();
    for (const RawCopy& copy : raw) {
        if (copy.bytes.size() > header_size(format.redundant))
            r.copies.push_back({copy.path, copy.offset, inspect_block(copy.bytes, format)});
    }
    try {
        r.image = decode_image(location, raw);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::invalid_image) throw;
        r.error = e;
    }
    return r;
}

const char* to_string(FindingKind kind) {
    switch (kind) {
        case FindingKind::bad_copy:
            return "bad_copy";
        case FindingKind::no_valid_copy:
            return "no_valid_copy";
        case FindingKind::flags_gap:
            return "flags_gap";
        case FindingKind::stale_temporary_file:
            return "stale_temporary_file";
        case FindingKind::awkward_entry:
            return "awkward_entry";
        case FindingKind::unterminated_entry:
            return "unterminated_entry";
        case FindingKind::missing_terminator:
            return "missing_terminator";
        case FindingKind::unterminated_area:
            return "unterminated_area";
    }
    return "unknown";
}

bool flags_gap(const CopyState& first, const CopyState& second) {
    if (!first.crc_ok() || !second.crc_ok()) return false;
    unsigned a = first.flags.value_or(0), b = second.flags.value_or(0);
    unsigned d = a > b ? a - b : b - a;
    return d > 1 && d != 255;
}

std::vector<Finding> check_image(const Inspection& r) {
    std::vector<Finding> out;
    auto warn = [&](FindingKind kind, std::string message) {
        out.push_back({kind, false, std::move(message)});
    };
    bool pair = r.copies.size() == 2;
    for (std::size_t i = 0; i < r.copies.size(); ++i) {
        const CopyState& s = r.copies[i].state;
        if (!s.crc_ok() && pair && r.image)
            warn(FindingKind::bad_copy, "copy " + std::to_string(i + 1) + " at offset " +
                                            hex(r.copies[i].offset) + ": bad CRC (stored " +
                                            hex(s.stored_crc) + ", computed " +
                                            hex(s.computed_crc) + "); the other copy is current");
    }
    if (!r.image) {
        out.push_back({FindingKind::no_valid_copy, true, r.error ? r.error->what() : "no copy"});
        return out;
    }
    if (pair && flags_gap(r.copies[0].state, r.copies[1].state))
        warn(FindingKind::flags_gap,
             "the copies' flags (" + std::to_string(*r.copies[0].state.flags) + ", " +
                 std::to_string(*r.copies[1].state.flags) +
                 ") are more than one save apart: U-Boot and fwup may pick different copies");
    for (const std::string& temp : stale_temporary_files(r.location.copies.at(0).path))
        warn(FindingKind::stale_temporary_file,
             temp + " is a temporary file left by an interrupted write (the next put removes it)");
    const Image& image = *r.image;
    for (const Problem& p : image.env().problems()) warn(FindingKind::awkward_entry, describe(p));
    if (image.data.unterminated_entry)
        warn(FindingKind::unterminated_entry,
             "the entry at data offset " + std::to_string(*image.data.unterminated_entry) +
                 " runs to the end of the data area without a NUL (read up to the end, as "
                 "fw_printenv does; a rewrite needs more room than the block has)");
    else if (image.data.missing_terminator_at)
        warn(FindingKind::missing_terminator,
             "no terminating empty entry before the padding at data offset " +
                 std::to_string(*image.data.missing_terminator_at) + " (a rewrite adds it)");
    else if (!image.data.terminated)
        warn(FindingKind::unterminated_area,
             "the data area ends without the terminating empty entry");
    return out;
}

}  // namespace kv
