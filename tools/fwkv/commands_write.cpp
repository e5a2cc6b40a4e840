// The writing subcommands: put, unset and create. put and unset are one locked read-modify-write
// through kv::update_image (every change of one invocation lands in a single write, or none
// does); create lays out mkenvimage's image from key=value text and writes it through a temporary
// file (or in place at --offset inside a larger image).

#include <iterator>

#include "commands.hpp"
#include "common/files.hpp"
#include "common/numbers.hpp"
#include "libkv/error.hpp"
#include "libkv/script.hpp"
#include "libkv/text_import.hpp"
#include "libkv/writer.hpp"

namespace fwkv {

using toolcommon::read_input;

int run_put(Context& ctx) {
    ResolvedLocation where = resolve_location(ctx.options);
    require_file(where);
    std::vector<kv::Change> changes;
    for (std::size_t i = where.operands_used; i < ctx.options.args.size(); ++i)
        changes.push_back(kv::parse_assignment(ctx.options.args[i]));
    if (ctx.options.script) {
        const std::string& path = *ctx.options.script;
        std::vector<kv::Change> script =
            kv::parse_script(read_input(path), toolcommon::input_name(path));
        changes.insert(changes.end(), std::make_move_iterator(script.begin()),
                       std::make_move_iterator(script.end()));
    }
    // An empty script still writes (fw_setenv -s does too); no script and no argument is a slip.
    if (changes.empty() && !ctx.options.script)
        throw kv::Error(kv::ErrorKind::usage,
                        "put: nothing to set (give KEY=VALUE or --script FILE)");
    kv::KeyScope scope = ctx.options.active ? kv::KeyScope::active_slot : kv::KeyScope::plain;
    kv::update_image(where.location, [&](kv::Env& env) { kv::apply_changes(env, changes, scope); });
    return toolcommon::exit_ok;
}

int run_unset(Context& ctx) {
    ResolvedLocation where = resolve_location(ctx.options);
    require_file(where);
    std::vector<kv::Change> changes;
    for (std::size_t i = where.operands_used; i < ctx.options.args.size(); ++i) {
        kv::validate_key(ctx.options.args[i]);
        changes.push_back({ctx.options.args[i], std::nullopt, 0});
    }
    if (changes.empty()) throw kv::Error(kv::ErrorKind::usage, "unset: missing KEY");
    // Under the default config, `fwkv unset typo.img KEY` would delete KEY on the device: the
    // first of several keys must be a variable there (checked under the write lock, before
    // anything is written). A single key is deleted either way, so `fwkv unset KEY` stays
    // harmless when KEY is already gone, as with fw_setenv.
    bool first_must_exist = where.default_config && changes.size() > 1;
    kv::update_image(where.location, [&](kv::Env& env) {
        const std::string& first = changes.front().key;
        if (first_must_exist && !env.contains(first))
            throw image_or_key_error(
                first, "no variable of that name in the environment of " + where.name,
                "give -c " + where.name + " to delete variables that may not exist");
        kv::apply_changes(env, changes);
    });
    return toolcommon::exit_ok;
}

int run_create(Context& ctx) {
    const Options& o = ctx.options;
    ResolvedLocation where = resolve_location(o);
    require_file(where);
    if (o.args.size() > where.operands_used)
        throw kv::Error(kv::ErrorKind::usage,
                        "create takes one IMAGE (the text comes from --from)");
    std::uint8_t pad = 0xFF;
    if (o.pad) {
        auto value = toolcommon::parse_unsigned(*o.pad);
        if (!value || *value > 255)
            throw kv::Error(kv::ErrorKind::usage,
                            "--pad: '" + *o.pad + "' is not a byte (0 to 255, or 0x00 to 0xff)");
        pad = static_cast<std::uint8_t>(*value);
    }
    kv::Location& loc = where.location;
    const kv::CopyLocation& first = loc.copies.at(0);
    if (!first.size)
        throw kv::Error(kv::ErrorKind::usage, "create: missing --size N (the size of the block)");
    std::string text = o.from ? read_input(*o.from) : std::string();
    bool redundant = o.redundant || loc.redundant();
    kv::BlockFormat format{redundant, loc.endian};
    std::string block;
    try {
        block = kv::image_from_text(text, *first.size, format, pad);
    } catch (const kv::Error& e) {
        if (e.kind() != kv::ErrorKind::no_space) throw;
        throw kv::Error(e.kind(), first.path + ": " + e.what());  // which image it was meant for
    }
    // Any explicit location (even --offset 0) means "inside an existing image": never truncate it.
    kv::CreateRequest how;
    how.whole_file =
        !loc.redundant() && !o.location.offset && !o.location.config && !o.location.fwup_conf;
    how.force = o.force;
    kv::create_image(loc, block, how);
    return toolcommon::exit_ok;
}

}  // namespace fwkv
