// Locations of environment blocks, and fw_env.config, which describes them for libubootenv.
// fw_env.config is read the way libubootenv reads it: sscanf("%ms %lli %lx %lx %lx") per line, so
// the offset follows C's %lli (sign, 0x hex, leading-0 octal) and the sizes are hexadecimal even
// without 0x; scanning stops at the first field that does not convert, like sscanf. (fwup.conf is
// in fwup_conf.cpp.)

#include "libkv/location.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "file_io.hpp"
#include "libkv/error.hpp"

namespace kv {

namespace {

std::string byte_range(std::int64_t offset, std::uint64_t size) {
    return hex(static_cast<std::uint64_t>(offset)) + "-" +
           hex(static_cast<std::uint64_t>(offset) + size - 1);
}

}  // namespace

Location make_location(std::string path, std::int64_t offset, std::optional<std::uint64_t> size,
                       std::optional<std::int64_t> redundant_offset) {
    if (size && *size > kMaxBlockSize)
        throw Error(ErrorKind::usage, "block size " + hex(*size) + " is larger than the largest " +
                                          "environment fwkv handles (" + hex(kMaxBlockSize) +
                                          ", 1 GiB)");
    Location location;
    location.copies.push_back({path, offset, size});
    if (redundant_offset) {
        if (!size)
            throw Error(ErrorKind::usage,
                        "a redundant copy needs the block size (--size): the copies sit inside "
                        "one image");
        // Unsigned: offsets are at most INT64_MAX and sizes 1 GiB, so the sums cannot wrap.
        auto first = static_cast<std::uint64_t>(offset);
        auto second = static_cast<std::uint64_t>(*redundant_offset);
        if (offset >= 0 && *redundant_offset >= 0 && first < second + *size &&
            second < first + *size)
            throw Error(ErrorKind::usage, path + ": the two copies overlap: bytes " +
                                              byte_range(offset, *size) + " and " +
                                              byte_range(*redundant_offset, *size) +
                                              " (a redundant environment needs two separate "
                                              "blocks: each write of one copy would destroy the "
                                              "other)");
        location.copies.push_back({path, *redundant_offset, size});
    }
    return location;
}

std::string read_text_file(const std::string& path) {
    // read(2) rather than a stream: a directory or an unreadable device is an error with its
    // reason, not an empty text.
    detail::FileHandle file = detail::open_file(path, O_RDONLY | O_CLOEXEC);
    std::string text;
    char buffer[16384];
    for (;;) {
        ssize_t n = ::read(file.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw io_error(path, "cannot read", errno);
        if (n == 0) return text;
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// One line of fw_env.config scanned like sscanf("%ms %lli %lx %lx %lx"): returns the number of
// fields converted.
int scan_config_line(const std::string& line, std::string& device, long long& offset,
                     unsigned long& env_size) {
    const char* p = line.c_str();
    while (*p && is_blank(*p)) ++p;
    const char* start = p;
    while (*p && !is_blank(*p)) ++p;
    if (p == start) return 0;
    device.assign(start, p);
    char* end = nullptr;
    errno = 0;
    offset = std::strtoll(p, &end, 0);
    if (end == p) return 1;
    p = end;
    env_size = std::strtoul(p, &end, 16);
    if (end == p) return 2;
    return 3;
}

}  // namespace

Location parse_fw_env_config(std::string_view text, const std::string& file_name) {
    Location location;
    std::size_t line_number = 0;
    std::size_t first_line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string line(text.substr(pos, eol - pos));
        pos = eol + 1;
        ++line_number;
        if (!line.empty() && line[0] == '#') continue;
        std::string device;
        long long offset = 0;
        unsigned long env_size = 0;
        if (scan_config_line(line, device, offset, env_size) < 3) continue;
        std::string where = file_name + ":" + std::to_string(line_number) + ": ";
        if (env_size == 0) throw Error(ErrorKind::parse, where + "environment size is 0");
        if (env_size > kMaxBlockSize)
            throw Error(ErrorKind::parse, where + "environment size " + hex(env_size) +
                                              " is larger than the largest environment fwkv "
                                              "handles (" +
                                              hex(kMaxBlockSize) + ", 1 GiB)");
        if (location.copies.size() == 2)
            throw Error(ErrorKind::parse,
                        where +
                            "a third environment device (at most two copies: the redundant "
                            "layout)");
        if (!location.copies.empty() && *location.copies[0].size != env_size)
            throw Error(ErrorKind::parse, where + "environment size " + hex(env_size) +
                                              " differs from " + hex(*location.copies[0].size) +
                                              " on line " + std::to_string(first_line) +
                                              " (both copies must have the same size)");
        if (location.copies.empty()) first_line = line_number;
        location.copies.push_back({device, static_cast<std::int64_t>(offset), env_size});
    }
    if (location.copies.empty())
        throw Error(ErrorKind::parse, file_name +
                                          ": no environment device (expected lines of "
                                          "'DEVICE OFFSET SIZE [SECTOR_SIZE [SECTORS]]')");
    return location;
}

}  // namespace kv
