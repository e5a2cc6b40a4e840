// check and info: they look at every copy, valid or not (kv::inspect_image), so they work on the
// images the other commands refuse. check prints the findings of libkv's rules (kv::check_image)
// and a verdict; info prints the layout, sizes, used/free bytes, each copy's CRC and flags, and
// which copy is current.

#include <optional>

#include "commands.hpp"
#include "libkv/check.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"

namespace fwkv {

namespace {

struct Inspection {
    ResolvedLocation where;
    kv::Inspection result;
};

Inspection inspect(const Options& options) {
    ResolvedLocation where = resolve_location(options);
    if (options.args.size() > where.operands_used)
        throw kv::Error(kv::ErrorKind::usage, options.command + " takes one IMAGE");
    kv::Inspection result = fwkv::inspect(where.location);
    return {std::move(where), std::move(result)};
}

std::string copy_label(const kv::Inspection& r, std::size_t i) {
    return r.copies.size() == 1 ? "copy" : "copy " + std::to_string(i + 1);
}

}  // namespace

namespace {

// check --json: {"image", "ok", "errors": [{"kind", "message"}], "warnings": [...], then, when a
// copy is valid, "layout", "current", "variables", "used", "size"}.
std::string check_json(const std::string& name, const kv::Inspection& r,
                       const std::vector<kv::Finding>& findings) {
    std::string json;
    JsonObject o(json);
    o.string("image", name);
    bool ok = r.image.has_value();
    for (const kv::Finding& f : findings) ok = ok && !f.error;
    o.boolean("ok", ok);
    for (const bool errors : {true, false}) {
        o.key(errors ? "errors" : "warnings");
        json += '[';
        bool first = true;
        for (const kv::Finding& f : findings) {
            if (f.error != errors) continue;
            if (!first) json += ',';
            first = false;
            JsonObject item(json);
            item.string("kind", kv::to_string(f.kind));
            item.string("message", f.message);
            item.close();
        }
        json += ']';
    }
    if (r.image) {
        const kv::Image& image = *r.image;
        o.string("layout", image.location.redundant() ? "redundant" : "single");
        o.number("current", static_cast<unsigned>(image.current + 1));
        o.number("variables", image.env().variable_count());
        o.number("used", image.data.used);
        o.number("size", image.data_size());
    }
    o.close();
    return json;
}

}  // namespace

int run_check(Context& ctx) {
    Inspection inspected = inspect(ctx.options);
    const kv::Inspection& r = inspected.result;
    const std::string& name = inspected.where.name;
    const std::vector<kv::Finding> findings = kv::check_image(r);
    if (ctx.options.json)
        toolcommon::write_json(ctx.out, check_json(name, r, findings), ctx.options.json);
    for (const kv::Finding& finding : findings) {
        if (finding.kind == kv::FindingKind::no_valid_copy) {
            ctx.diag.error(finding.message);
            return toolcommon::exit_invalid_input;
        }
        if (finding.error) {
            ctx.diag.error(name + ": " + finding.message);
        } else {
            ctx.diag.warning(name + ": " + finding.message);
        }
    }
    if (ctx.options.json) return toolcommon::exit_ok;
    const kv::Image& image = *r.image;
    std::string verdict =
        name + ": ok: " +
        (image.location.redundant() ? "redundant, current copy " + std::to_string(image.current + 1)
                                    : std::string("single copy")) +
        ", " + std::to_string(image.env().variable_count()) + " variables, " +
        std::to_string(image.data.used) + " of " + std::to_string(image.data_size()) +
        " bytes used\n";
    ctx.out.write(verdict);
    return toolcommon::exit_ok;
}

int run_info(Context& ctx) {
    Inspection inspected = inspect(ctx.options);
    const kv::Inspection& r = inspected.result;
    const kv::Location& loc = r.location;
    std::size_t block = r.copies.empty() ? 0 : r.copies[0].state.size;
    std::size_t header = kv::header_size(loc.redundant());
    std::size_t data_size = block > header ? block - header : 0;
    std::string& out = ctx.out.buffer();
    if (ctx.options.json) {
        std::string json;
        JsonObject o(json);
        o.string("layout", loc.redundant() ? "redundant" : "single");
        o.string("endian", loc.endian == kv::Endian::little ? "little" : "big");
        o.number("block_size", block);
        o.number("data_size", data_size);
        o.key("copies");
        json += '[';
        for (std::size_t i = 0; i < r.copies.size(); ++i) {
            const kv::CopyState& s = r.copies[i].state;
            if (i) json += ',';
            JsonObject c(json);
            c.string("path", r.copies[i].path);
            c.number("offset", r.copies[i].offset);
            c.number("stored_crc", s.stored_crc);
            c.number("computed_crc", s.computed_crc);
            c.boolean("crc_ok", s.crc_ok());
            if (s.flags) c.number("flags", *s.flags);
            c.boolean("current", r.image && r.image->current == static_cast<int>(i));
            c.close();
        }
        json += ']';
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
        toolcommon::write_json(ctx.out, json, ctx.options.json);
        return r.image ? toolcommon::exit_ok : toolcommon::exit_invalid_input;
    }
    auto line = [&](const std::string& label, const std::string& value) {
        out.append(label)
            .append(std::string(label.size() < 12 ? 12 - label.size() : 1, ' '))
            .append(value)
            .append("\n");
    };
    line("image:", inspected.where.name);
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
        return toolcommon::exit_invalid_input;
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
    return toolcommon::exit_ok;
}

}  // namespace fwkv
