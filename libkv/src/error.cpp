// Error kinds and the small helpers that build messages: I/O errors carry the path, the action
// that failed and the system's reason; offsets and sizes are printed in hex like fw_env.config.

#include "libkv/error.hpp"

#include <cstdio>
#include <cstring>

namespace kv {

const char* to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
            return "usage";
        case ErrorKind::not_found:
            return "not_found";
        case ErrorKind::invalid_image:
            return "invalid_image";
        case ErrorKind::io:
            return "io";
        case ErrorKind::no_space:
            return "no_space";
        case ErrorKind::parse:
            return "parse";
    }
    return "unknown";
}

Error io_error(const std::string& path, const std::string& what, int errnum) {
    return Error(ErrorKind::io, path + ": " + what + ": " + std::strerror(errnum));
}

std::string hex(std::uint64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

}  // namespace kv
