// Opening and locking the files of a location once each, in one order, and placing the copies in
// them. See locked_copies.hpp for the protocol and why each step is there.

#include "locked_copies.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <numeric>

#include "libkv/error.hpp"

namespace kv::detail {

namespace {

int flock_operation(LockMode mode) {
    return mode == LockMode::shared ? LOCK_SH : LOCK_EX;
}

std::string byte_range(const CopyGeometry& g) {
    return hex(g.offset) + "-" + hex(g.offset + g.size - 1);
}

}  // namespace

FileHandle take_lock_file(const Location& location, LockMode mode) {
    if (!location.lock_file) return FileHandle();
    const char* path = location.lock_file->c_str();
    int fd = ::open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return FileHandle();
    while (::flock(fd, flock_operation(mode)) != 0 && errno == EINTR) {
    }
    return FileHandle(fd);
}

LockedCopies::LockedCopies(const Location& location, LockMode mode) : location_(location) {
    lock_file_ = take_lock_file(location, mode);
    while (!open_and_lock(mode)) {
        files_.clear();  // closing the descriptors releases their flocks
        copy_file_.clear();
    }
}

bool LockedCopies::open_and_lock(LockMode mode) {
    int flags = mode == LockMode::shared ? O_RDONLY : O_RDWR;
    for (const CopyLocation& copy : location_.copies) {
        struct stat st {};
        FileHandle fd = open_image(copy.path, flags, st);
        auto same = std::find_if(files_.begin(), files_.end(), [&](const File& f) {
            return f.st.st_dev == st.st_dev && f.st.st_ino == st.st_ino;
        });
        if (same != files_.end()) {
            copy_file_.push_back(static_cast<std::size_t>(same - files_.begin()));
            continue;
        }
        copy_file_.push_back(files_.size());
        files_.push_back({std::move(fd), st, 0});
    }
    std::vector<std::size_t> order(files_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const struct stat &x = files_[a].st, &y = files_[b].st;
        return x.st_dev != y.st_dev ? x.st_dev < y.st_dev : x.st_ino < y.st_ino;
    });
    for (std::size_t i : order) {
        int rc;
        do {
            rc = ::flock(files_[i].fd.get(), flock_operation(mode));
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) throw io_error(location_.copies[0].path, "cannot lock", errno);
    }
    // A writer that renamed a new file over a path while we waited: start again on the new one.
    for (std::size_t c = 0; c < copy_file_.size(); ++c) {
        struct stat now {};
        const File& f = files_[copy_file_[c]];
        if (::stat(path(c).c_str(), &now) != 0) {
            if (errno == ENOENT) return false;
            throw io_error(path(c), "cannot stat", errno);
        }
        if (now.st_dev != f.st.st_dev || now.st_ino != f.st.st_ino) return false;
    }
    // The size and link count as they are now that no writer can change them.
    for (std::size_t c = 0; c < copy_file_.size(); ++c) {
        if (c == 1 && copy_file_[1] == copy_file_[0]) break;  // one file, already done
        File& f = files_[copy_file_[c]];
        if (::fstat(f.fd.get(), &f.st) != 0) throw io_error(path(c), "cannot stat", errno);
        f.bytes = file_size(f.fd.get(), path(c), f.st);
    }
    return true;
}

void LockedCopies::check_overlap(const CopyGeometry& a, const CopyGeometry& b) const {
    if (a.offset < b.offset + b.size && b.offset < a.offset + a.size) {
        std::string second = path(1) == path(0) ? std::string() : " of " + path(1);
        throw Error(ErrorKind::usage,
                    path(0) + ": the two copies overlap: bytes " + byte_range(a) + " and " +
                        byte_range(b) + second +
                        " (a redundant environment needs two separate blocks: each write of one "
                        "copy would destroy the other)");
    }
}

void LockedCopies::place() {
    geometry_.clear();
    bool one_file = copies() == 2 && copy_file_[0] == copy_file_[1];
    const std::vector<CopyLocation>& c = location_.copies;
    // Overlap is a mistake in the description itself: say so before looking at the file's size.
    if (one_file && c[0].offset >= 0 && c[1].offset >= 0 && c[0].size && c[1].size)
        check_overlap({static_cast<std::uint64_t>(c[0].offset), *c[0].size},
                      {static_cast<std::uint64_t>(c[1].offset), *c[1].size});
    for (std::size_t i = 0; i < copies(); ++i) {
        try {
            geometry_.push_back(resolve_copy(c[i], file_bytes(i), location_.redundant()));
        } catch (const Error& e) {
            // Offsets and sizes that a configuration text gave: the text is wrong, not the image.
            if (!location_.geometry_source || e.kind() != ErrorKind::invalid_image) throw;
            throw Error(ErrorKind::parse, *location_.geometry_source + ": " + e.what());
        }
    }
    if (one_file) check_overlap(geometry_[0], geometry_[1]);
}

RawCopy LockedCopies::read(std::size_t copy) const {
    const CopyGeometry& g = geometry_.at(copy);
    return {path(copy), g.offset, read_at(fd(copy), path(copy), g.offset, g.size)};
}

std::vector<RawCopy> LockedCopies::read_all() const {
    std::vector<RawCopy> out;
    out.reserve(copies());
    for (std::size_t c = 0; c < copies(); ++c) out.push_back(read(c));
    return out;
}

std::vector<std::uint64_t> LockedCopies::identity() const {
    std::vector<std::uint64_t> out;
    for (const File& f : files_) {
        out.push_back(f.st.st_dev);
        out.push_back(f.st.st_ino);
        out.push_back(f.bytes);
    }
    return out;
}

}  // namespace kv::detail
