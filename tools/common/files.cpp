// Whole-input reads (read(2) until end of file, whatever the file is) and the temporary-file,
// fsync, rename, fsync-the-directory sequence for outputs.

#include "common/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace toolcommon {

namespace {

std::string read_all(int fd, const std::string& name, std::string text = {}) {
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) return text;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw FileError(name, "cannot read", errno);
        }
        text.append(buffer, static_cast<std::size_t>(n));
    }
}

void write_all(int fd, const std::string& name, std::string_view content) {
    while (!content.empty()) {
        const ssize_t n = ::write(fd, content.data(), content.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw FileError(name, "cannot write", errno);
        }
        content.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Creates a new temporary file beside `path`; its name in `temp`.
int create_beside(const std::filesystem::path& path, std::string& temp) {
    for (int attempt = 0;; ++attempt) {
        temp = (path.parent_path() / ("." + path.filename().string() + ".tmp" +
                                      std::to_string(::getpid()) + "_" + std::to_string(attempt)))
                   .string();
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST || attempt > 1000) return fd;
    }
}

}  // namespace

FileError::FileError(const std::string& path, const std::string& what, int errnum)
    : FileError(path, what, std::string(std::strerror(errnum))) {}

FileError::FileError(const std::string& path, const std::string& what, const std::string& reason)
    : std::runtime_error(path + ": " + what + ": " + reason), path_(path) {}

std::string input_name(const std::string& path) {
    return path == "-" ? "<stdin>" : path;
}

std::string read_input(const std::string& path) {
    if (path == "-") return read_all(STDIN_FILENO, input_name(path));
    // Opened without waiting for a FIFO's writer; reads then block as usual.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw FileError(path, "cannot read", errno);
    try {
        std::string first;
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
            // End of file before anything, while no writer holds it open: nobody will write.
            char byte;
            ssize_t n;
            while ((n = ::read(fd, &byte, 1)) < 0 && errno == EINTR) {
            }
            if (n == 0) throw FileError(path, "cannot read", "no process writes to this FIFO");
            if (n == 1) first.assign(1, byte);
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        std::string text = read_all(fd, path, std::move(first));
        ::close(fd);
        return text;
    } catch (...) {
        ::close(fd);
        throw;
    }
}

void write_file_atomically(const std::string& target, std::string_view content) {
    // The file a symbolic link names is replaced, not the link.
    std::error_code ec;
    std::filesystem::path path = std::filesystem::weakly_canonical(target, ec);
    if (ec) path = target;
    struct stat old {};
    const bool existed = ::stat(path.c_str(), &old) == 0 && S_ISREG(old.st_mode);
    std::string temp;
    int fd = create_beside(path, temp);
    if (fd < 0) throw FileError(target, "cannot write", errno);
    try {
        if (existed) {
            if (::fchmod(fd, old.st_mode & 07777) != 0)
                throw FileError(target, "cannot keep the mode", errno);
            // Keeping the owner needs privileges; without them the file is the writer's.
            [[maybe_unused]] int ignored = ::fchown(fd, old.st_uid, old.st_gid);
        }
        write_all(fd, target, content);
        if (::fsync(fd) != 0) throw FileError(target, "cannot write", errno);
        const int closed = ::close(fd);
        fd = -1;
        if (closed != 0) throw FileError(target, "cannot write", errno);
        if (::rename(temp.c_str(), path.c_str()) != 0)
            throw FileError(target, "cannot write", errno);
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    // The rename itself must reach the disk too.
    const int dir = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

}  // namespace toolcommon
