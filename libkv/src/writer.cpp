// Writing environments without losing anything. Every writer first takes an exclusive flock on
// each file it touches; because a whole-file rewrite renames a new inode over the path, a writer
// that waited on the old inode notices (the path no longer names the inode it locked) and starts
// again on the new one, so read-modify-write cycles from concurrent processes serialize cleanly.
// The new block is built completely before the first byte is written: a block that does not fit
// fails with the image untouched. Redundant pairs are written on the non-current copy only; a
// whole-file single copy goes through a temporary file, fsync and rename; a single copy inside a
// larger image is rewritten in place (only redundancy protects that case against power loss).

#include "libkv/writer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>

#include "file_io.hpp"
#include "libkv/error.hpp"

namespace kv {

namespace {

using detail::FileHandle;

struct LockedFile {
    FileHandle fd;
    struct stat st {};
};

// Opens and locks `path`, retrying until the locked inode is the one the path names.
LockedFile open_locked(const std::string& path, int flags) {
    for (;;) {
        LockedFile file{detail::open_file(path, flags)};
        int rc;
        do {
            rc = ::flock(file.fd.get(), LOCK_EX);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) throw io_error(path, "cannot lock", errno);
        struct stat now {};
        if (::fstat(file.fd.get(), &file.st) != 0) throw io_error(path, "cannot stat", errno);
        if (::stat(path.c_str(), &now) != 0) {
            if (errno == ENOENT) continue;  // renamed away while we waited
            throw io_error(path, "cannot stat", errno);
        }
        if (now.st_dev == file.st.st_dev && now.st_ino == file.st.st_ino) return file;
    }
}

std::string directory_of(const std::string& path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// The file a path finally names: a rename over a symbolic link would replace the link itself.
std::string resolve_links(const std::string& path) {
    char* real = ::realpath(path.c_str(), nullptr);
    if (real == nullptr) return path;
    std::string out = real;
    std::free(real);
    return out;
}

// Writes `bytes` to a new file beside `path` (beside the file a symbolic link names) and renames it
// over it. `like` (when given) supplies the mode and owner to keep.
void replace_file(const std::string& link_path, const std::string& bytes, const struct stat* like) {
    std::string path = resolve_links(link_path);
    std::string dir = directory_of(path);
    std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    FileHandle fd;
    std::string temp;
    for (int attempt = 0;; ++attempt) {
        temp =
            dir + "/." + base + ".tmp" + std::to_string(::getpid()) + "_" + std::to_string(attempt);
        int raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (raw >= 0) {
            fd = FileHandle(raw);
            break;
        }
        if (errno != EEXIST || attempt > 1000) throw io_error(temp, "cannot create", errno);
    }
    try {
        if (like != nullptr) {
            if (::fchmod(fd.get(), like->st_mode & 07777) != 0)
                throw io_error(temp, "cannot set the mode", errno);
            // Keeping the owner needs privileges; without them the file is the writer's.
            [[maybe_unused]] int ignored = ::fchown(fd.get(), like->st_uid, like->st_gid);
        }
        detail::write_at(fd.get(), temp, 0, bytes);
        detail::sync_file(fd.get(), temp);
        if (::rename(temp.c_str(), path.c_str()) != 0)
            throw io_error(path, "cannot rename " + temp + " to it", errno);
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    // The rename itself must reach the disk too.
    FileHandle dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
}

// Takes the shared lock file, if there is one; like libubootenv, a lock file that cannot be opened
// (no /var/lock, no permission) is not an error: the image's own lock still serializes fwkv.
FileHandle lock_shared_file(const Location& location) {
    if (!location.lock_file) return FileHandle();
    FileHandle fd(::open(location.lock_file->c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() >= 0) {
        while (::flock(fd.get(), LOCK_EX) != 0 && errno == EINTR) {
        }
    }
    return fd;
}

}  // namespace

Image update_image(const Location& location, const std::function<void(Env&)>& change) {
    FileHandle shared_lock = lock_shared_file(location);  // held until the write is complete
    std::map<std::string, LockedFile> files;              // locked in copy order; at most two paths
    std::vector<RawCopy> raw;
    std::vector<std::uint64_t> sizes_of_files;
    for (const CopyLocation& copy : location.copies) {
        auto it = files.find(copy.path);
        if (it == files.end()) it = files.emplace(copy.path, open_locked(copy.path, O_RDWR)).first;
        int fd = it->second.fd.get();
        std::uint64_t bytes = detail::file_size(fd, copy.path);
        detail::CopyGeometry g = detail::resolve_copy(copy, bytes, location.redundant());
        raw.push_back({copy.path, g.offset, detail::read_at(fd, copy.path, g.offset, g.size)});
        sizes_of_files.push_back(bytes);
    }
    Image image = decode_image(location, raw);
    change(image.env());
    if (image.data.unterminated_entry && image.env().encoded_size() > image.data_size())
        throw Error(ErrorKind::no_space,
                    raw[static_cast<std::size_t>(image.current)].path + ": environment needs " +
                        std::to_string(image.env().encoded_size()) +
                        " bytes, the data area holds " + std::to_string(image.data_size()) +
                        ": its last entry (data offset " +
                        std::to_string(*image.data.unterminated_entry) +
                        ") runs to the end of the area without a NUL (see fwkv check)");
    BlockFormat format = location.format();
    std::uint8_t padding = image.data.rewrite_padding;

    if (location.redundant()) {
        auto current = static_cast<std::size_t>(image.current);
        std::size_t target = 1 - current;
        std::uint8_t flags =
            next_flags(image.copies[current].state.flags.value_or(0), location.scheme);
        std::string block = encode_block(image.env(), image.block_size(), format, flags, padding);
        CopyInfo& out = image.copies[target];
        int fd = files.at(out.path).fd.get();
        detail::write_at(fd, out.path, out.offset, block);
        detail::sync_file(fd, out.path);
        if (location.scheme == FlagScheme::boolean) {
            // NOR scheme: only now that the new copy is complete, mark the old one obsolete.
            CopyInfo& old = image.copies[current];
            int old_fd = files.at(old.path).fd.get();
            detail::write_at(old_fd, old.path, old.offset + 4, std::string(1, '\0'));
            detail::sync_file(old_fd, old.path);
            old.state.flags = 0;
        }
        out.state = inspect_block(block, format);
        image.current = static_cast<int>(target);
        return image;
    }

    CopyInfo& only = image.copies[0];
    std::string block = encode_block(image.env(), image.block_size(), format, 0, padding);
    LockedFile& file = files.at(only.path);
    bool whole_file =
        only.offset == 0 && only.state.size == sizes_of_files[0] && S_ISREG(file.st.st_mode);
    if (whole_file) {
        replace_file(only.path, block, &file.st);
    } else {
        detail::write_at(file.fd.get(), only.path, only.offset, block);
        detail::sync_file(file.fd.get(), only.path);
    }
    only.state = inspect_block(block, format);
    return image;
}

void write_new_file(const std::string& path, const std::string& bytes) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        LockedFile file = open_locked(path, O_RDONLY);
        replace_file(path, bytes, &file.st);
        return;
    }
    replace_file(path, bytes, nullptr);
}

void write_blocks_in_place(const Location& location, const std::string& first_block,
                           const std::string& second_block) {
    FileHandle shared_lock = lock_shared_file(location);
    std::map<std::string, LockedFile> files;
    for (std::size_t i = 0; i < location.copies.size(); ++i) {
        const CopyLocation& copy = location.copies[i];
        auto it = files.find(copy.path);
        if (it == files.end())
            it = files.emplace(copy.path, open_locked(copy.path, O_RDWR | O_CREAT)).first;
        int fd = it->second.fd.get();
        std::uint64_t offset = static_cast<std::uint64_t>(copy.offset);
        if (copy.offset < 0) {
            std::uint64_t bytes = detail::file_size(fd, copy.path);
            offset = detail::resolve_copy(copy, bytes, location.redundant()).offset;
        }
        detail::write_at(fd, copy.path, offset, i == 0 ? first_block : second_block);
        detail::sync_file(fd, copy.path);
    }
}

}  // namespace kv
