#pragma once
// The files behind a location, opened and locked for one read or one read-modify-write (not
// public). Every reader and writer goes through here, so that they all follow one protocol:
// 1. libubootenv's lock file (/var/lock/fw_printenv.lock) first, shared to read, exclusive to
//    write. fw_printenv and fw_setenv (libubootenv 0.3.2) both take it exclusively around their
//    whole read or write, so a reader holding it never sees a fw_setenv write half done, and
//    fwkv readers still run side by side.
// 2. Each file once, by device and inode: "e.img", "./e.img" and a symbolic link to it are one
//    file, opened once and flocked once (flocking it twice through two descriptors would wait
//    forever on our own lock). Files are flocked in (device, inode) order, so two processes
//    locking the same two files cannot deadlock.
// 3. A whole-file rewrite renames a new inode over the path; a process that waited on the old
//    inode finds the path naming another one, lets everything go and starts again.
// Then each copy is placed in its file (a negative offset counts back from the end, a missing
// size runs to the end), and two copies of one file that overlap are refused: every write of
// one would destroy the other, and the redundant layout would protect nothing.

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "file_io.hpp"
#include "libkv/image.hpp"
#include "libkv/location.hpp"

namespace kv::detail {

enum class LockMode { shared, exclusive };

class LockedCopies {
public:
    // Opens (read-only for `shared`, read-write for `exclusive`) and locks every file of
    // `location`. Throws Error(io) for a file that cannot be opened or is not a regular file or
    // a block device.
    LockedCopies(const Location& location, LockMode mode);

    // Places every copy in its file. Throws Error(invalid_image) for a block that does not lie
    // inside its file, Error(usage) for copies that overlap.
    void place();

    std::size_t copies() const { return copy_file_.size(); }
    const std::string& path(std::size_t copy) const { return location_.copies[copy].path; }
    int fd(std::size_t copy) const { return files_[copy_file_[copy]].fd.get(); }
    const struct stat& file_stat(std::size_t copy) const { return files_[copy_file_[copy]].st; }
    std::uint64_t file_bytes(std::size_t copy) const { return files_[copy_file_[copy]].bytes; }
    const CopyGeometry& geometry(std::size_t copy) const { return geometry_.at(copy); }

    // The block of one copy, read into private memory (place() first).
    RawCopy read(std::size_t copy) const;
    std::vector<RawCopy> read_all() const;

    // Each file's identity and size, to tell a file that changed between two attempts.
    std::vector<std::uint64_t> identity() const;

private:
    struct File {
        FileHandle fd;
        struct stat st {};
        std::uint64_t bytes = 0;
    };
    bool open_and_lock(LockMode mode);
    void check_overlap(const CopyGeometry& a, const CopyGeometry& b) const;

    const Location& location_;
    FileHandle lock_file_;
    std::vector<File> files_;
    std::vector<std::size_t> copy_file_;  // copy index -> files_ index
    std::vector<CopyGeometry> geometry_;
};

// Takes libubootenv's lock file of `location` (when it names one) in `mode`. Like libubootenv, a
// lock file that cannot be opened (no /var/lock, no permission) is not an error: each image's
// own flock still orders fwkv's readers and writers. A lock file this user may not write is
// opened read-only (flock works on any descriptor).
FileHandle take_lock_file(const Location& location, LockMode mode);

}  // namespace kv::detail
