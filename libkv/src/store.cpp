// The Nerves.Runtime.KV pattern over an image: lazy load, explicit reload, and change detection.
// Before each access the store compares a fingerprint of every copy (device, inode, size, mtime
// in nanoseconds, and the stored CRC and flags bytes, read with one small pread) with the one
// taken at load time; any difference reloads. The header bytes catch a rewrite in place within
// one mtime tick. Writes go through update_image (locked read-modify-write), so a put never
// overwrites a change it has not seen.

#include "libkv/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include "file_io.hpp"
#include "libkv/error.hpp"
#include "libkv/nerves.hpp"
#include "libkv/writer.hpp"

namespace kv {

Store::Store(Location location, Options options)
    : location_(std::move(location)), options_(options) {}

std::vector<Store::Fingerprint> Store::fingerprint() const {
    std::vector<Fingerprint> out;
    for (const CopyLocation& copy : location_.copies) {
        Fingerprint fp;
        struct stat st {};
        int fd = ::open(copy.path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            out.push_back(fp);
            continue;
        }
        detail::FileHandle handle(fd);
        if (::fstat(fd, &st) == 0) {
            fp.device = st.st_dev;
            fp.inode = st.st_ino;
            fp.size = static_cast<std::uint64_t>(st.st_size);
            fp.mtime_ns =
                static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        }
        try {
            detail::CopyGeometry g = detail::locate_copy(fd, copy, location_.redundant());
            fp.header =
                detail::read_at(fd, copy.path, g.offset, header_size(location_.redundant()));
        } catch (const Error&) {
            // A file too short to hold the block: the next load reports it.
        }
        out.push_back(fp);
    }
    return out;
}

void Store::refresh_if_needed() {
    if (valid_ && !in_memory_ && fingerprint() == seen_) return;
    if (valid_ && in_memory_) return;
    std::vector<Fingerprint> before = fingerprint();
    try {
        Image image = load_image(location_);
        env_ = std::move(image.env());
        in_memory_ = false;
    } catch (const Error&) {
        if (!options_.in_memory_fallback) throw;
        env_ = Env();
        in_memory_ = true;
    }
    seen_ = std::move(before);
    valid_ = true;
}

const Env& Store::env() {
    refresh_if_needed();
    return env_;
}

std::optional<std::string> Store::get(std::string_view key) {
    std::optional<std::string_view> value = env().find(key);
    if (!value) return std::nullopt;
    return std::string(*value);
}

std::vector<std::pair<std::string, std::string>> Store::get_all() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Entry* e : env().variables()) out.emplace_back(e->key(), e->value());
    return out;
}

std::optional<std::string> Store::get_active(std::string_view key) {
    return get(active_key(env(), key));
}

std::vector<std::pair<std::string, std::string>> Store::get_all_active() {
    return active_variables(env());
}

void Store::put(std::string_view key, std::string_view value) {
    put({{std::string(key), std::string(value)}});
}

void Store::put(const std::vector<std::pair<std::string, std::string>>& changes) {
    for (const auto& [key, value] : changes) validate_key(key);
    refresh_if_needed();
    if (in_memory_) {
        for (const auto& [key, value] : changes) env_.set(key, value);
        return;
    }
    Image written = update_image(location_, [&](Env& env) {
        for (const auto& [key, value] : changes) env.set(key, value);
    });
    env_ = std::move(written.env());
    seen_ = fingerprint();
    valid_ = true;
}

void Store::put_active(std::string_view key, std::string_view value) {
    put(active_key(env(), key), value);
}

}  // namespace kv
