#pragma once
// A key-value store over an environment image, following Nerves.Runtime.KV: nothing is read when
// it is created, the first access loads, reload() marks the cache invalid, and a change made to
// the image by another process is noticed on the next access (file identity, size, mtime and the
// stored CRC/flags of each copy are compared). A failed load is an error; only an explicit opt-in
// falls back to an empty in-memory store whose writes are not persisted.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "libkv/image.hpp"
#include "libkv/location.hpp"

namespace kv {

class Store {
public:
    struct Options {
        bool in_memory_fallback = false;
    };

    explicit Store(Location location) : Store(std::move(location), Options{}) {}
    Store(Location location, Options options);

    std::optional<std::string> get(std::string_view key);
    std::vector<std::pair<std::string, std::string>> get_all();
    std::optional<std::string> get_active(std::string_view key);
    std::vector<std::pair<std::string, std::string>> get_all_active();

    void put(std::string_view key, std::string_view value);
    void put(const std::vector<std::pair<std::string, std::string>>& changes);  // one write
    void put_active(std::string_view key, std::string_view value);

    void reload() { valid_ = false; }
    bool loaded() const { return valid_; }
    bool in_memory() const { return in_memory_; }  // the fallback is in use

private:
    struct Fingerprint {
        std::uint64_t device = 0, inode = 0, size = 0;
        std::int64_t mtime_ns = 0;
        std::string header;  // the stored CRC and flags bytes of the copy
        bool operator==(const Fingerprint&) const = default;
    };

    const Env& env();
    void refresh_if_needed();
    std::vector<Fingerprint> fingerprint() const;

    Location location_;
    Options options_;
    bool valid_ = false;
    bool in_memory_ = false;
    Env env_;
    std::vector<Fingerprint> seen_;
};

}  // namespace kv
