// Completion values for fwkv. The location is resolved by the same code the commands use
// (resolve_location), so `fwkv get -c fw_env.config <TAB>` and `fwkv get disk.img --offset 0x1000
// --size 0x2000 <TAB>` read the block the command itself would read. Only reads: kv::list_keys and
// kv::load_image never write, and any error simply offers nothing.

#include "completion.hpp"

#include <algorithm>

#include "commands.hpp"
#include "libkv/image.hpp"
#include "libkv/nerves.hpp"

namespace fwkv {

namespace {

Options options_from(const toolcommon::CompletionContext& ctx) {
    Options o;
    o.command = ctx.subcommand();
    o.args = ctx.positionals;
    LocationOptions& loc = o.location;
    loc.offset = ctx.value_of("offset");
    loc.size = ctx.value_of("size");
    loc.redundant_offset = ctx.value_of("redundant-offset");
    loc.config = ctx.value_of("config");
    loc.fwup_conf = ctx.value_of("fwup-conf");
    loc.env_name = ctx.value_of("env");
    loc.big_endian = ctx.value_of("big-endian").has_value();
    return o;
}

// The keys not yet on the command line (a key named twice is pointless in get, unset and active).
std::vector<std::string> keys_not_typed(std::vector<std::string> keys,
                                        const std::vector<std::string>& typed) {
    keys.erase(std::remove_if(keys.begin(), keys.end(),
                              [&](const std::string& k) {
                                  return std::find(typed.begin(), typed.end(), k) != typed.end();
                              }),
               keys.end());
    return keys;
}

}  // namespace

std::optional<std::vector<std::string>> complete(const toolcommon::CompletionContext& ctx) {
    if (ctx.option != nullptr) {
        if (ctx.option_is("--script") || ctx.option_is("--from"))
            return std::vector<std::string>{std::string(toolcommon::kCompleteFiles)};
        return std::nullopt;  // FILE-typed options become files, numbers get nothing
    }
    const std::string& command = ctx.subcommand();
    const bool image_operand = !ctx.value_of("config").has_value();
    const std::vector<std::string> files{std::string(toolcommon::kCompleteFiles)};
    if (image_operand && ctx.positional_index == 0) return files;
    if (command == "diff") return files;  // IMAGE_A IMAGE_B
    if (command != "get" && command != "unset" && command != "put" && command != "active")
        return std::vector<std::string>{};

    Options options = options_from(ctx);
    ResolvedLocation resolved = resolve_location(options);
    const std::vector<std::string> typed(
        ctx.positionals.begin() + static_cast<std::ptrdiff_t>(resolved.operands_used),
        ctx.positionals.end());
    if (command == "active" || (command == "put" && ctx.value_of("active").has_value())) {
        kv::Image image = kv::load_image(resolved.location);
        std::vector<std::string> keys;
        for (const auto& [key, value] : kv::active_variables(image.env()))
            keys.push_back(command == "put" ? key + "=" : key);
        return keys_not_typed(std::move(keys), typed);
    }
    std::vector<std::string> keys = keys_not_typed(kv::list_keys(resolved.location), typed);
    if (command == "put") {
        for (std::string& key : keys) key += "=";
    }
    return keys;
}

}  // namespace fwkv
