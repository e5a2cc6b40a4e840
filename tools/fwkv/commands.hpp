#pragma once
// The subcommands of fwkv. Each returns the exit code; failures from libkv propagate as kv::Error
// and are turned into "fwkv: error: ..." and an exit code in main.cpp, the one place that prints
// errors.

#include <string>

#include "common/reporter.hpp"
#include "libkv/location.hpp"
#include "options.hpp"
#include "render.hpp"

namespace fwkv {

struct Context {
    const Options& options;
    Output& out;
    const toolcommon::Reporter& diag;
};

// The location the options describe, and how many leading operands it consumed (the IMAGE, unless
// --config names the devices). Throws kv::Error(usage|parse|io).
struct ResolvedLocation {
    kv::Location location;
    std::size_t operands_used = 0;
    std::string name;  // how messages name it: the IMAGE path or the config file
};
ResolvedLocation resolve_location(const Options& options);
// The same options applied to another image path (diff's second image).
kv::Location location_for_image(const Options& options, const std::string& image);

int run_list(Context& ctx);
int run_get(Context& ctx);
int run_check(Context& ctx);
int run_info(Context& ctx);
int run_diff(Context& ctx);
int run_active(Context& ctx);
int run_put(Context& ctx);
int run_unset(Context& ctx);
int run_create(Context& ctx);

}  // namespace fwkv
