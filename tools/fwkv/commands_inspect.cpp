// check and info: they look at every copy, valid or not, so they work on the images the other
// commands refuse. check prints a verdict and warns about what U-Boot or fw_printenv would read
// differently (a bad copy, a flags gap, awkward entries, a missing terminator); info prints the
// layout, sizes, used/free bytes, each copy's CRC and flags, and which copy is current.

#include <optional>

#include "commands.hpp"
#include "libkv/crc32.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"

namespace fwkv {

namespace {

struct Inspection {
    ResolvedLocation where;
    std::vector<kv::CopyInfo> copies;
    std::optional<kv::Image> image;  // when a copy is valid and decodes
    std::optional<kv::Error> error;  // why not
};

Inspection inspect(const Options& options) {
    Inspection r{resolve_location(options), {}, std::nullopt, std::nullopt};
    if (options.args.size() > r.where.operands_used)
        throw kv::Error(kv::ErrorKind::usage, options.command + " takes one IMAGE");
    std::vector<kv::RawCopy> raw = kv::read_blocks(r.where.location);
    kv::BlockFormat format = r.where.location.format();
    for (const kv::RawCopy& copy : raw) {
        if (copy.bytes.size() > kv::header_size(format.redundant))
            r.copies.push_back({copy.path, copy.offset, kv::inspect_block(copy.bytes, format)});
    }
    try {
        r.image = kv::decode_image(r.where.location, raw);
    } catch (const kv::Error& e) {
        if (e.kind() != kv::ErrorKind::invalid_image) throw;
        r.error = e;
    }
    return r;
}

std::string copy_label(const Inspection& r, std::size_t i) {
    return r.copies.size() == 1 ? "copy" : "copy " + std::to_string(i + 1);
}

// A pair's flags more than one generation apart: U-Boot and fwup may disagree on which is current.
bool flags_gap(const Inspection& r) {
    if (r.copies.size() != 2 || !r.copies[0].state.crc_ok() || !r.copies[1].state.crc_ok())
        return false;
    unsigned a = r.copies[0].state.flags.value_or(0), b = r.copies[1].state.flags.value_or(0);
    unsigned d = (a > b ? a - b : b - a);
    return d > 1 && d != 255;
}

}  // namespace

int run_check(Context& ctx) {
    Inspection r = inspect(ctx.options);
    const std::string& name = r.where.name;
    for (std::size_t i = 0; i < r.copies.size(); ++i) {
        const kv::CopyState& s = r.copies[i].state;
        if (!s.crc_ok() && r.copies.size() == 2 && r.image)
            ctx.diag.warning(name + ": " + copy_label(r, i) + " at offset " +
                             kv::hex(r.copies[i].offset) + ": bad CRC (stored " +
                             kv::hex(s.stored_crc) + ", computed " + kv::hex(s.computed_crc) +
                             "); the other copy is current");
    }
    if (!r.image) {
        ctx.diag.error(r.error->what());
        return exit_invalid;
    }
    if (flags_gap(r))
        ctx.diag.warning(
            name + ": the copies' flags (" + std::to_string(*r.copies[0].state.flags) + ", " +
            std::to_string(*r.copies[1].state.flags) +
            ") are more than one save apart: U-Boot and fwup may pick different copies");
    const kv::Image& image = *r.image;
    for (const kv::Problem& p : image.env().problems())
        ctx.diag.warning(name + ": " + kv::describe(p));
    if (image.data.unterminated_entry)
        ctx.diag.warning(name + ": the entry at data offset " +
                         std::to_string(*image.data.unterminated_entry) +
                         " runs to the end of the data area without a NUL (read up to the end, as "
                         "fw_printenv does; a rewrite needs more room than the block has)");
    else if (image.data.missing_terminator_at)
        ctx.diag.warning(name + ": no terminating empty entry before the padding at data offset " +
                         std::to_string(*image.data.missing_terminator_at) +
                         " (a rewrite adds it)");
    else if (!image.data.terminated)
        ctx.diag.warning(name + ": the data area ends without the terminating empty entry");
    std::string verdict =
        name + ": ok: " +
        (image.location.redundant() ? "redundant, current copy " + std::to_string(image.current + 1)
                                    : std::string("single copy")) +
        ", " + std::to_string(image.env().variable_count()) + " variables, " +
        std::to_string(image.data.used) + " of " + std::to_string(image.data_size()) +
        " bytes used\n";
    ctx.out.write(verdict);
    return exit_ok;
}

int run_info(Context& ctx) {
    Inspection r = inspect(ctx.options);
    const kv::Location& loc = r.where.location;
    std::size_t block = r.copies.empty() ? 0 : r.copies[0].state.size;
    std::size_t header = kv::header_size(loc.redundant());
    std::size_t data_size = block > header ? block - header : 0;
    std::string& out = ctx.out.buffer();
    if (ctx.options.json) {
        JsonObject o(out);
        o.string("layout", loc.redundant() ? "redundant" : "single");
        o.string("endian", loc.endian == kv::Endian::little ? "little" : "big");
        o.number("block_size", block);
        o.number("data_size", data_size);
        o.key("copies");
        out += '[';
        for (std::size_t i = 0; i < r.copies.size(); ++i) {
            const kv::CopyState& s = r.copies[i].state;
            if (i) out += ',';
            JsonObject c(out);
            c.string("path", r.copies[i].path);
            c.number("offset", r.copies[i].offset);
            c.number("stored_crc", s.stored_crc);
            c.number("computed_crc", s.computed_crc);
            c.boolean("crc_ok", s.crc_ok());
            if (s.flags) c.number("flags", *s.flags);
            c.boolean("current", r.image && r.image->current == static_cast<int>(i));
            c.close();
        }
        out += ']';
        if (r.image) {
            const kv::Image& image = *r.image;
            o.number("current", static_cast<unsigned>(image.current + 1));
            o.number("variables", image.env().variable_count());
            o.number("used", image.data.used);
            o.number("free", data_size - image.data.used);
            if (image.data.padding)
                o.number("padding", *image.data.padding);
            else
                o.raw("padding", "null");
            o.number("problems", image.env().problems().size());
        } else {
            o.raw("current", "null");
            o.string("error", r.error->what());
        }
        o.close();
        out += '\n';
        return r.image ? exit_ok : exit_invalid;
    }
    auto line = [&](const std::string& label, const std::string& value) {
        out.append(label)
            .append(std::string(label.size() < 12 ? 12 - label.size() : 1, ' '))
            .append(value)
            .append("\n");
    };
    line("image:", r.where.name);
    line("layout:", loc.redundant() ? "redundant (two copies: CRC, flags byte, data)"
                                    : "single copy (CRC, data)");
    line("byte order:", loc.endian == kv::Endian::little ? "little-endian CRC" : "big-endian CRC");
    line("block size:", std::to_string(block) + " (" + kv::hex(block) + ") bytes, data area " +
                            std::to_string(data_size));
    for (std::size_t i = 0; i < r.copies.size(); ++i) {
        const kv::CopyState& s = r.copies[i].state;
        std::string text = "offset " + kv::hex(r.copies[i].offset) + ", crc " +
                           kv::hex(s.stored_crc) +
                           (s.crc_ok() ? " ok" : " BAD (computed " + kv::hex(s.computed_crc) + ")");
        if (s.flags) text += ", flags " + std::to_string(*s.flags);
        if (r.image && r.image->current == static_cast<int>(i) && r.copies.size() == 2)
            text += " (current)";
        line(copy_label(r, i) + ":", text);
    }
    if (!r.image) {
        line("current:", "none: no valid copy");
        ctx.out.flush();
        ctx.diag.error(r.error->what());
        return exit_invalid;
    }
    const kv::Image& image = *r.image;
    line("variables:", std::to_string(image.env().variable_count()));
    line("used:", std::to_string(image.data.used) + " bytes");
    line("free:", std::to_string(data_size - image.data.used) + " bytes");
    line("padding:",
         image.data.padding
             ? kv::hex(*image.data.padding)
             : (image.data.padding_mixed ? "mixed (stale bytes after the end)" : "none (full)"));
    std::size_t problems = image.env().problems().size();
    if (problems) line("problems:", std::to_string(problems) + " awkward entries (see fwkv check)");
    return exit_ok;
}

}  // namespace fwkv
