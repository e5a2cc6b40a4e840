// POSIX I/O with the error model of the library: every failure becomes an Error naming the file,
// the action and the system's reason. Reads and writes loop over short transfers and EINTR.

#include "file_io.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "libkv/codec.hpp"
#include "libkv/error.hpp"

namespace kv::detail {

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.release();
    }
    return *this;
}

FileHandle::~FileHandle() {
    if (fd_ >= 0) ::close(fd_);
}

FileHandle open_file(const std::string& path, int flags, unsigned mode) {
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) throw io_error(path, "cannot open", errno);
    return FileHandle(fd);
}

std::uint64_t file_size(int fd, const std::string& path) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw io_error(path, "cannot stat", errno);
    return file_size(fd, path, st);
}

std::uint64_t file_size(int fd, const std::string& path, const struct stat& st) {
    if (S_ISBLK(st.st_mode)) {
        off_t end = ::lseek(fd, 0, SEEK_END);
        if (end < 0) throw io_error(path, "cannot find the device size", errno);
        return static_cast<std::uint64_t>(end);
    }
    return static_cast<std::uint64_t>(st.st_size);
}

void read_into(int fd, const std::string& path, std::uint64_t offset, std::uint64_t size,
               char* out) {
    std::uint64_t done = 0;
    while (done < size) {
        ssize_t n = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw io_error(path, "cannot read at offset " + hex(offset + done), errno);
        if (n == 0)
            throw Error(ErrorKind::io,
                        path + ": unexpected end of file at offset " + hex(offset + done));
        done += static_cast<std::uint64_t>(n);
    }
}

std::string read_at(int fd, const std::string& path, std::uint64_t offset, std::uint64_t size) {
    std::string bytes(size, '\0');
    read_into(fd, path, offset, size, bytes.data());
    return bytes;
}

BlockBuffer::BlockBuffer(std::size_t size) : size_(size) {
    constexpr std::size_t kMapFrom = 64 * 1024;
    if (size >= kMapFrom) {
        void* map = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (map != MAP_FAILED) {
            data_ = static_cast<char*>(map);
            mapped_ = true;
            return;
        }
    }
    fallback_.resize(size);
    data_ = fallback_.data();
}

BlockBuffer::BlockBuffer(BlockBuffer&& other) noexcept
    : size_(other.size_), mapped_(other.mapped_), fallback_(std::move(other.fallback_)) {
    data_ = mapped_ ? other.data_ : fallback_.data();
    other.data_ = nullptr;
    other.size_ = 0;
    other.mapped_ = false;
}

BlockBuffer::~BlockBuffer() {
    if (mapped_) ::munmap(data_, size_);
}

const char* file_kind(unsigned mode) {
    switch (mode & S_IFMT) {
        case S_IFREG:
            return "a regular file";
        case S_IFBLK:
            return "a block device";
        case S_IFDIR:
            return "a directory";
        case S_IFIFO:
            return "a FIFO";
        case S_IFCHR:
            return "a character device";
        case S_IFSOCK:
            return "a socket";
    }
    return "not a regular file";
}

FileHandle open_image(const std::string& path, int flags, struct stat& st) {
    int fd;
    do {
        fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NONBLOCK);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0 && errno == EISDIR)
        throw Error(ErrorKind::io, path + ": is a directory, not an environment image");
    if (fd < 0) throw io_error(path, "cannot open", errno);
    FileHandle handle(fd);
    if (::fstat(fd, &st) != 0) throw io_error(path, "cannot stat", errno);
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
        throw Error(ErrorKind::io, path + ": is " + file_kind(st.st_mode) +
                                       ", not an environment image (a regular file or a block "
                                       "device)");
    // O_NONBLOCK stays: it changes nothing for regular files and block devices.
    return handle;
}

void write_at(int fd, const std::string& path, std::uint64_t offset, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                             static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw io_error(path, "cannot write at offset " + hex(offset + done), errno);
        done += static_cast<std::size_t>(n);
    }
}

void sync_file(int fd, const std::string& path) {
    if (::fsync(fd) != 0) throw io_error(path, "cannot sync", errno);
}

CopyGeometry locate_copy(int fd, const CopyLocation& copy, bool redundant) {
    return resolve_copy(copy, file_size(fd, copy.path), redundant);
}

CopyGeometry resolve_copy(const CopyLocation& copy, std::uint64_t file_bytes, bool redundant) {
    CopyGeometry g;
    if (copy.offset < 0) {
        std::uint64_t back = static_cast<std::uint64_t>(-(copy.offset + 1)) + 1;
        if (back > file_bytes)
            throw Error(ErrorKind::invalid_image, copy.path + ": offset " +
                                                      std::to_string(copy.offset) +
                                                      " counts back past the start of the file (" +
                                                      std::to_string(file_bytes) + " bytes)");
        g.offset = file_bytes - back;
    } else {
        g.offset = static_cast<std::uint64_t>(copy.offset);
    }
    std::size_t minimum = header_size(redundant) + 1;
    if (copy.size) {
        g.size = *copy.size;
        if (g.size < minimum)
            throw Error(ErrorKind::usage, copy.path + ": block size " + std::to_string(g.size) +
                                              " is too small (an environment needs at least " +
                                              std::to_string(minimum) + " bytes)");
        if (g.offset > file_bytes || file_bytes - g.offset < g.size)
            throw Error(ErrorKind::invalid_image,
                        copy.path + ": file is " + std::to_string(file_bytes) +
                            " bytes, the block at offset " + hex(g.offset) + " needs " +
                            hex(g.size) + " bytes (truncated image, or wrong offset/size?)");
    } else {
        if (g.offset > file_bytes)
            throw Error(ErrorKind::invalid_image, copy.path + ": offset " + hex(g.offset) +
                                                      " is past the end of the file (" +
                                                      std::to_string(file_bytes) + " bytes)");
        g.size = file_bytes - g.offset;
        if (g.size < minimum)
            throw Error(ErrorKind::invalid_image, copy.path + ": " + std::to_string(g.size) +
                                                      " bytes at offset " + hex(g.offset) +
                                                      " are too few for an environment (at least " +
                                                      std::to_string(minimum) + ")");
    }
    return g;
}

}  // namespace kv::detail
