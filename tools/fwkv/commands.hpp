#pragma once
// The subcommands of fwkv. Each returns the exit code; failures from libkv propagate as kv::Error
// and are turned into "fwkv: error: ..." and an exit code in main.cpp, the one place that prints
// errors.

#include <string>

#include "common/exit_codes.hpp"
#include "common/output.hpp"
#include "common/reporter.hpp"
#include "libkv/check.hpp"
#include "libkv/image.hpp"
#include "libkv/location.hpp"
#include "options.hpp"
#include "render.hpp"

namespace fwkv {

struct Context {
    const Options& options;
    toolcommon::Output& out;
    const toolcommon::Reporter& diag;
};

// The location the options describe, and how many leading operands it consumed (the IMAGE, unless
// --config names the devices). Throws kv::Error(usage|parse|io).
struct ResolvedLocation {
    kv::Location location;
    std::size_t operands_used = 0;
    std::string name;  // how messages name it: the IMAGE path or the config file
    // The devices of /etc/fw_env.config, read because no IMAGE and no location option was given:
    // the first operand is then a key only because no file has its name (it may be a mistyped
    // IMAGE; see image_or_key_error).
    bool default_config = false;
};
ResolvedLocation resolve_location(const Options& options);
// The error for a first operand read as a key under the default config (default_config above)
// when that reading is not plainly meant: it names both readings. `why`: how the key reading fails
// ("no variable of that name in the environment of /etc/fw_env.config"); `hint`: what to give
// instead.
kv::Error image_or_key_error(const std::string& operand, const std::string& why,
                             const std::string& hint);
// The same options applied to another image path (diff's second image).
kv::Location location_for_image(const Options& options, const std::string& image);

// The image at `location`, read from its file(s) or, when IMAGE is standard input ("-") or a
// pipe, read whole from that stream first. Throws like kv::load_image / kv::inspect_image.
kv::Image load(kv::Location location);
kv::Inspection inspect(kv::Location location);
// Throws toolcommon::UsageError when the image is standard input: the writing commands need a
// file (libkv refuses a FIFO or a pipe itself, as an I/O error).
void require_file(const ResolvedLocation& where);

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
