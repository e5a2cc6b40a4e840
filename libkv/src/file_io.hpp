#pragma once
// Thin POSIX file helpers for the library's sources (not public): an owning descriptor, reads and
// writes that retry on short transfers, and the geometry of a copy once its file is open.

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "libkv/location.hpp"

namespace kv::detail {

class FileHandle {
public:
    FileHandle() = default;
    explicit FileHandle(int fd) : fd_(fd) {}
    FileHandle(FileHandle&& other) noexcept : fd_(other.release()) {}
    FileHandle& operator=(FileHandle&& other) noexcept;
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    ~FileHandle();

    int get() const { return fd_; }
    int release() {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_ = -1;
};

// open(2); throws Error(io) "PATH: cannot open: REASON".
FileHandle open_file(const std::string& path, int flags, unsigned mode = 0666);

// The size of a regular file or a block device.
std::uint64_t file_size(int fd, const std::string& path);

// Reads exactly `size` bytes at `offset`. Throws Error(io).
std::string read_at(int fd, const std::string& path, std::uint64_t offset, std::uint64_t size);

// Writes all of `bytes` at `offset`. Throws Error(io).
void write_at(int fd, const std::string& path, std::uint64_t offset, const std::string& bytes);

void sync_file(int fd, const std::string& path);

struct CopyGeometry {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
};

// Resolves a negative offset and a missing size against the file's size, and checks that the
// block lies inside the file. Throws Error(invalid_image) naming the file and offset.
CopyGeometry resolve_copy(const CopyLocation& copy, std::uint64_t file_bytes, bool redundant);

}  // namespace kv::detail
