#pragma once
// The one error type of libkv: a kind the tools map to exit codes, and a message that names the
// file, the position (offset or line) and the reason. The library never prints.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace kv {

enum class ErrorKind {
    usage,          // a request that makes no sense (bad key, impossible location)
    not_found,      // a requested variable does not exist
    invalid_image,  // no valid copy, malformed block
    io,             // the system refused (open, read, write, lock, rename)
    no_space,       // the environment does not fit in its block
    parse,          // a malformed input text (script, fw_env.config, fwup.conf)
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_;
};

// "usage", "not_found", ... (stable names, used in JSON output and tests).
const char* to_string(ErrorKind kind);

// An io error "PATH: WHAT: strerror(errnum)".
Error io_error(const std::string& path, const std::string& what, int errnum);

// "0x1a2b": offsets and sizes in messages are hexadecimal, as in fw_env.config.
std::string hex(std::uint64_t value);

}  // namespace kv
