// Turns the location options shared by every command into a kv::Location: an fw_env.config
// (-c, which replaces IMAGE), a fwup.conf section (--fwup-conf/--env, offsets inside IMAGE),
// IMAGE with optional --offset/--size/--redundant-offset, or, with none of these, the devices of
// /etc/fw_env.config, as fw_printenv reads them. Conflicting combinations are usage errors rather
// than silently preferring one.

#include <sys/stat.h>
#include <unistd.h>

#include "commands.hpp"
#include "common/files.hpp"
#include "common/numbers.hpp"
#include "common/tool.hpp"
#include "libkv/check.hpp"
#include "libkv/error.hpp"
#include "libkv/image.hpp"

namespace fwkv {

namespace {

std::optional<std::uint64_t> number(const std::optional<std::string>& text, const char* option) {
    if (!text) return std::nullopt;
    auto value = toolcommon::parse_unsigned(*text);
    if (!value)
        throw kv::Error(kv::ErrorKind::usage,
                        std::string(option) + ": '" + *text +
                            "' is not a number (decimal, or hexadecimal with 0x)");
    return value;
}

std::int64_t signed_offset(std::uint64_t value, const char* option) {
    if (value > static_cast<std::uint64_t>(INT64_MAX))
        throw kv::Error(kv::ErrorKind::usage, std::string(option) + " is too large");
    return static_cast<std::int64_t>(value);
}

// fw_printenv's default: with no IMAGE and no location option, the devices come from here.
constexpr const char* kDefaultConfig = "/etc/fw_env.config";

// The commands whose operands after IMAGE are keys or assignments: for them a first operand may
// be a key, and the IMAGE then comes from kDefaultConfig.
bool takes_keys(const std::string& command) {
    return command == "get" || command == "put" || command == "unset" || command == "active";
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// Whether the first operand of such a command names the image: an existing file, or a path with a
// '/'. An assignment (put's KEY=VALUE) never does; one that is also the name of an existing file
// is refused (which was meant cannot be told, and either reading writes somewhere).
bool names_image(const std::string& operand, const std::string& command) {
    if (operand == "-") return true;  // standard input
    if (command == "put" && operand.find('=') != std::string::npos) {
        if (operand.find('/') == std::string::npos && exists(operand))
            throw kv::Error(kv::ErrorKind::usage,
                            "'" + operand + "' is both an existing file and KEY=VALUE: write ./" +
                                operand + " for the image, or give -c " + kDefaultConfig +
                                " to set the variable");
        return false;
    }
    return operand.find('/') != std::string::npos || exists(operand);
}

ResolvedLocation from_config(const std::string& path, const LocationOptions& loc) {
    ResolvedLocation r;
    r.location =
        kv::parse_fw_env_config(toolcommon::read_input(path), toolcommon::input_name(path));
    r.location.lock_file = kv::kLibubootenvLockFile;
    r.location.endian = loc.big_endian ? kv::Endian::big : kv::Endian::little;
    r.name = toolcommon::input_name(path);
    return r;
}

}  // namespace

kv::Location location_for_image(const Options& options, const std::string& image) {
    const LocationOptions& loc = options.location;
    kv::Location location;
    if (loc.fwup_conf) {
        if (!loc.env_name)
            throw kv::Error(kv::ErrorKind::usage,
                            "--fwup-conf needs --env NAME (the uboot-environment section)");
        location =
            kv::parse_fwup_conf(toolcommon::read_input(*loc.fwup_conf),
                                toolcommon::input_name(*loc.fwup_conf), *loc.env_name, image);
    } else {
        std::optional<std::int64_t> redundant;
        if (auto r = number(loc.redundant_offset, "--redundant-offset"))
            redundant = signed_offset(*r, "--redundant-offset");
        location = kv::make_location(
            image, signed_offset(number(loc.offset, "--offset").value_or(0), "--offset"),
            number(loc.size, "--size"), redundant);
    }
    location.endian = loc.big_endian ? kv::Endian::big : kv::Endian::little;
    // Writers also take libubootenv's lock file, as fw_setenv does whatever the device: a script
    // calling fwkv and a service calling fw_setenv on the same image must exclude each other.
    location.lock_file = kv::kLibubootenvLockFile;
    return location;
}

kv::Error image_or_key_error(const std::string& operand, const std::string& why,
                             const std::string& hint) {
    return kv::Error(kv::ErrorKind::usage,
                     operand + ": no such image file, and " + why + "; " + hint);
}

ResolvedLocation resolve_location(const Options& options) {
    const LocationOptions& loc = options.location;
    bool explicit_geometry = loc.offset || loc.size || loc.redundant_offset;
    if (loc.env_name && !loc.fwup_conf)
        throw kv::Error(kv::ErrorKind::usage, "--env names a section of --fwup-conf FILE");
    if (loc.config) {
        if (explicit_geometry || loc.fwup_conf)
            throw kv::Error(kv::ErrorKind::usage,
                            "-c/--config describes the block itself: it cannot be combined with "
                            "--offset, --size, --redundant-offset or --fwup-conf");
        return from_config(*loc.config, loc);
    }
    if (loc.fwup_conf && explicit_geometry)
        throw kv::Error(kv::ErrorKind::usage,
                        "--fwup-conf describes the block itself: it cannot be combined with "
                        "--offset, --size or --redundant-offset");
    bool image_given = !options.args.empty() && (!takes_keys(options.command) ||
                                                 names_image(options.args[0], options.command));
    if (!image_given) {
        if (explicit_geometry || loc.fwup_conf)
            throw kv::Error(kv::ErrorKind::usage, options.command + ": missing IMAGE");
        if (::access(kDefaultConfig, F_OK) != 0)
            throw kv::Error(
                kv::ErrorKind::usage,
                options.command + ": no IMAGE" +
                    (options.args.empty() ? std::string()
                                          : " ('" + options.args[0] + "' is not a file)") +
                    ", and " + kDefaultConfig +
                    ", which is read when neither IMAGE nor -c FILE is given (as "
                    "fw_printenv does), does not exist");
        // put's operands are all KEY=VALUE: a first one that is not was meant as the IMAGE.
        if (options.command == "put" && !options.args.empty() &&
            options.args[0].find('=') == std::string::npos)
            throw image_or_key_error(options.args[0], "not KEY=VALUE",
                                     "put writes to the devices of " + std::string(kDefaultConfig) +
                                         " when no IMAGE is given");
        ResolvedLocation r = from_config(kDefaultConfig, loc);
        r.default_config = true;
        return r;
    }
    ResolvedLocation r;
    r.location = location_for_image(options, options.args[0]);
    r.operands_used = 1;
    r.name = toolcommon::input_name(options.args[0]);
    return r;
}

namespace {

// An image that can only be read as a stream: standard input, a pipe, a FIFO. It is read whole
// into memory and decoded there (libkv's blocks_in), and cannot be written back.
bool is_stream(const std::string& path) {
    if (path == "-") return true;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

// The location's blocks cut from the stream its one file is, the copies named as messages name
// standard input.
std::optional<std::vector<kv::RawCopy>> stream_blocks(kv::Location& location) {
    if (location.copies.empty() || !is_stream(location.copies[0].path)) return std::nullopt;
    const std::string path = location.copies[0].path;
    for (const kv::CopyLocation& copy : location.copies)
        if (copy.path != path)
            throw toolcommon::UsageError("an image read from a stream must hold both copies");
    const std::string bytes = toolcommon::read_input(path);
    for (kv::CopyLocation& copy : location.copies) copy.path = toolcommon::input_name(path);
    return kv::blocks_in(location, bytes);
}

}  // namespace

kv::Image load(kv::Location location) {
    if (auto blocks = stream_blocks(location)) return kv::decode_image(location, *blocks);
    return kv::load_image(location);
}

kv::Inspection inspect(kv::Location location) {
    if (auto blocks = stream_blocks(location)) return kv::inspect_blocks(location, *blocks);
    return kv::inspect_image(location);
}

void require_file(const ResolvedLocation& where) {
    for (const kv::CopyLocation& copy : where.location.copies)
        if (copy.path == "-")
            throw toolcommon::UsageError("standard input cannot be written: give the image file");
}

}  // namespace fwkv
