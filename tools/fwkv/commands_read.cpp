// The reading subcommands: list, get, active, diff. Each loads the image once (one read of the
// block, one pass to decode) and renders text or JSON into the buffered output.

#include <algorithm>

#include "commands.hpp"
#include "libkv/env_diff.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"
#include "libkv/nerves.hpp"

namespace fwkv {

namespace {

using Pairs = std::vector<std::pair<std::string_view, std::string_view>>;

std::vector<std::string> operands(const Context& ctx, std::size_t used) {
    return {ctx.options.args.begin() + static_cast<std::ptrdiff_t>(used), ctx.options.args.end()};
}

void render_pairs(Context& ctx, const Pairs& pairs, bool nul) {
    std::string& out = ctx.out.buffer();
    char end = nul ? '\0' : '\n';
    for (const auto& [key, value] : pairs) {
        out.append(key);
        out += '=';
        out.append(value);
        out += end;
        ctx.out.flush_if_full();
    }
}

void render_json_object(std::string& out, const Pairs& pairs) {
    JsonObject object(out);
    for (const auto& [key, value] : pairs) object.string(key, value);
    object.close();
}

}  // namespace

int run_list(Context& ctx) {
    ResolvedLocation where = resolve_location(ctx.options);
    if (ctx.options.args.size() > where.operands_used)
        throw kv::Error(kv::ErrorKind::usage, "list takes no KEY (use get)");
    kv::Image image = load(where.location);
    if (!ctx.options.sort && !ctx.options.json) {
        // Straight from the environment to the output: no list of 64,000 pairs in between. A
        // variable's text as stored is exactly "key=value".
        std::string& out = ctx.out.buffer();
        char end = ctx.options.nul ? '\0' : '\n';
        image.env().for_each_variable([&](const kv::Entry& e) {
            out.append(e.text());
            out += end;
            ctx.out.flush_if_full();
        });
        return toolcommon::exit_ok;
    }
    Pairs pairs;
    std::vector<const kv::Entry*> vars = image.env().variables();
    pairs.reserve(vars.size());
    for (const kv::Entry* e : vars) pairs.emplace_back(e->key(), e->value());
    if (ctx.options.sort)
        std::stable_sort(pairs.begin(), pairs.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
    if (ctx.options.json) {
        std::string json;
        render_json_object(json, pairs);
        toolcommon::write_json(ctx.out, json, ctx.options.json);
    } else {
        render_pairs(ctx, pairs, ctx.options.nul);
    }
    return toolcommon::exit_ok;
}

int run_get(Context& ctx) {
    ResolvedLocation where = resolve_location(ctx.options);
    std::vector<std::string> keys = operands(ctx, where.operands_used);
    if (keys.empty()) throw kv::Error(kv::ErrorKind::usage, "get: missing KEY");
    kv::Image image = load(where.location);
    int code = toolcommon::exit_ok;
    Pairs found;  // for --json
    for (const std::string& key : keys) {
        std::optional<std::string_view> value = image.env().find(key);
        if (!value) {
            // A first key read as such only because no file has its name may be a mistyped IMAGE.
            bool maybe_image = where.default_config && &key == &keys.front();
            ctx.diag.error(where.name + ": no variable '" + key + "'" +
                           (maybe_image ? ", and no image file of that name" : ""));
            code = toolcommon::exit_negative;
            continue;
        }
        if (ctx.options.json) {
            found.emplace_back(key, *value);
            continue;
        }
        if (!ctx.options.values_only) {
            ctx.out.write(key);
            ctx.out.put('=');
        }
        ctx.out.write(*value);
        ctx.out.put('\n');
    }
    if (ctx.options.json) {
        std::string json;
        render_json_object(json, found);
        toolcommon::write_json(ctx.out, json, ctx.options.json);
    }
    return code;
}

int run_active(Context& ctx) {
    ResolvedLocation where = resolve_location(ctx.options);
    std::vector<std::string> keys = operands(ctx, where.operands_used);
    kv::Image image = load(where.location);
    const kv::Env& env = image.env();
    std::string slot = kv::active_slot(env);
    std::vector<std::pair<std::string, std::string>> all = kv::active_variables(env);
    Pairs pairs;
    int code = toolcommon::exit_ok;
    if (keys.empty()) {
        for (const auto& [k, v] : all) pairs.emplace_back(k, v);
    } else {
        for (const std::string& key : keys) {
            auto it =
                std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.first == key; });
            if (it == all.end()) {
                bool maybe_image = where.default_config && &key == &keys.front();
                ctx.diag.error(where.name + ": no variable '" + slot + "." + key +
                               "' (active slot '" + slot + "')" +
                               (maybe_image ? ", and no image file '" + key + "'" : ""));
                code = toolcommon::exit_negative;
                continue;
            }
            pairs.emplace_back(it->first, it->second);
        }
    }
    if (ctx.options.json) {
        std::string json;
        JsonObject object(json);
        object.string("slot", slot);
        object.key("variables");
        render_json_object(json, pairs);
        object.close();
        toolcommon::write_json(ctx.out, json, ctx.options.json);
    } else {
        render_pairs(ctx, pairs, false);
    }
    return code;
}

int run_diff(Context& ctx) {
    if (ctx.options.location.config)
        throw kv::Error(kv::ErrorKind::usage,
                        "diff compares two images: -c/--config does not apply");
    if (ctx.options.args.size() != 2)
        throw kv::Error(kv::ErrorKind::usage, "diff needs two images: IMAGE_A IMAGE_B");
    kv::Image a = load(location_for_image(ctx.options, ctx.options.args[0]));
    kv::Image b = load(location_for_image(ctx.options, ctx.options.args[1]));
    kv::EnvDiff diff = kv::diff_envs(a.env(), b.env());
    auto pairs_of = [](const std::vector<kv::EnvDiff::Variable>& vars) {
        Pairs pairs;
        for (const auto& v : vars) pairs.emplace_back(v.key, v.value);
        return pairs;
    };
    Pairs added = pairs_of(diff.added), removed = pairs_of(diff.removed);
    const std::vector<kv::EnvDiff::Change>& changed = diff.changed;
    std::string& out = ctx.out.buffer();
    if (ctx.options.json) {
        std::string json;
        JsonObject object(json);
        object.key("added");
        render_json_object(json, added);
        object.key("removed");
        render_json_object(json, removed);
        object.key("changed");
        JsonObject inner(json);
        for (const kv::EnvDiff::Change& c : changed) {
            inner.key(c.key);
            JsonObject pair(json);
            pair.string("from", c.from);
            pair.string("to", c.to);
            pair.close();
        }
        inner.close();
        object.close();
        toolcommon::write_json(ctx.out, json, ctx.options.json);
    } else {
        // Added ("+"), removed ("-"), then changed ("~ key=old -> new"), each group in key order.
        for (const auto& [k, v] : added)
            out.append("+ ").append(k).append("=").append(v).append("\n");
        for (const auto& [k, v] : removed)
            out.append("- ").append(k).append("=").append(v).append("\n");
        for (const kv::EnvDiff::Change& c : changed)
            out.append("~ ")
                .append(c.key)
                .append("=")
                .append(c.from)
                .append(" -> ")
                .append(c.to)
                .append("\n");
    }
    return diff.empty() ? toolcommon::exit_ok : toolcommon::exit_negative;
}

}  // namespace fwkv
