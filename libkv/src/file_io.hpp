#pragma once
// Thin POSIX file helpers for the library's sources (not public): an owning descriptor, reads and
// writes that retry on short transfers, and the geometry of a copy once its file is open. Blocks
// are always read into private memory (never mapped): a mapping changes under a concurrent writer
// and raises SIGBUS when another program truncates the file.

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <string_view>

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
// The same, from the file's status already at hand (a block device still asks the device).
std::uint64_t file_size(int fd, const std::string& path, const struct stat& st);

// Reads exactly `size` bytes at `offset`. Throws Error(io).
std::string read_at(int fd, const std::string& path, std::uint64_t offset, std::uint64_t size);
// The same into `out`, which holds `size` bytes.
void read_into(int fd, const std::string& path, std::uint64_t offset, std::uint64_t size,
               char* out);

// Private memory for one block as it is read, for the readers that decode it at once. A large
// block gets fresh pages mapped and populated in one system call (MAP_POPULATE) instead of a
// zero-filled string whose pages fault in one by one: on a 128 KiB block that is about thirty
// page faults, a noticeable part of a `fwkv get`. Move-only.
class BlockBuffer {
public:
    explicit BlockBuffer(std::size_t size);
    BlockBuffer(BlockBuffer&& other) noexcept;
    BlockBuffer& operator=(BlockBuffer&&) = delete;
    BlockBuffer(const BlockBuffer&) = delete;
    BlockBuffer& operator=(const BlockBuffer&) = delete;
    ~BlockBuffer();

    char* data() { return data_; }
    std::string_view view() const { return {data_, size_}; }

private:
    char* data_ = nullptr;
    std::size_t size_ = 0;
    bool mapped_ = false;
    std::string fallback_;  // small blocks, or where mapping fails
};

// Opens an environment image: a regular file or a block device, nothing else. A FIFO is opened
// without blocking (it would wait for a writer forever) and refused, as are directories, character
// devices and sockets, with an Error(io) that names the file and what it is. `st` receives the
// file's status.
FileHandle open_image(const std::string& path, int flags, struct stat& st);

// What kind of file `mode` describes, for messages: "a directory", "a FIFO", ...
const char* file_kind(unsigned mode);

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

// resolve_copy against the size of the open file `fd` (file_size).
CopyGeometry locate_copy(int fd, const CopyLocation& copy, bool redundant);

}  // namespace kv::detail
