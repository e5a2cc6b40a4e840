// Whole-file replacement through a temporary file and rename, keeping what the old file carried:
// owner and group (fchown, then fchmod, which chown may have changed), the mode bits, and every
// extended attribute, which includes the POSIX ACLs (system.posix_acl_access): without them a
// user given access by an ACL would lose it on the first write. See replace_file.hpp.

#include "replace_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "file_io.hpp"
#include "libkv/error.hpp"

namespace kv::detail {

namespace {

std::string directory_of(const std::string& path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// ".BASE.tmp": the part of every temporary name that does not vary. Room is left for the largest
// "PID_N" (ten and four digits), so that the whole name stays within NAME_MAX.
std::string temporary_prefix(const std::string& path) {
    constexpr std::size_t kVarying = 10 + 1 + 4;
    constexpr std::size_t kFixed = 1 + 4;  // "." and ".tmp"
    std::string base = base_of(path);
    if (base.size() > NAME_MAX - kFixed - kVarying) base.resize(NAME_MAX - kFixed - kVarying);
    return "." + base + ".tmp";
}

// Whether `name` is "PREFIX" followed by "DIGITS_DIGITS".
bool is_temporary_name(const std::string& name, const std::string& prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
    std::size_t i = prefix.size(), digits = 0;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i, ++digits;
    if (digits == 0 || i >= name.size() || name[i] != '_') return false;
    std::size_t after = ++i;
    while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i;
    return i == name.size() && i > after;
}

void sync_directory(const std::string& dir) {
    FileHandle fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) ::fsync(fd.get());
}

// Copies every extended attribute of `from` to `to`. The security and trusted namespaces may be
// set only with privileges: there a refusal leaves the new file with the system's defaults;
// anything else that cannot be copied (user attributes, ACLs) is an error, never a silent loss.
void copy_extended_attributes(int from, int to, const std::string& temp) {
    ssize_t size = ::flistxattr(from, nullptr, 0);
    if (size < 0) {
        if (errno == ENOTSUP) return;
        throw io_error(temp, "cannot list the extended attributes to keep", errno);
    }
    std::string names(static_cast<std::size_t>(size), '\0');
    size = ::flistxattr(from, names.data(), names.size());
    if (size < 0) throw io_error(temp, "cannot list the extended attributes to keep", errno);
    names.resize(static_cast<std::size_t>(size));
    for (std::size_t pos = 0; pos < names.size();) {
        std::string name(names.c_str() + pos);
        pos += name.size() + 1;
        if (name.empty()) continue;
        ssize_t length = ::fgetxattr(from, name.c_str(), nullptr, 0);
        if (length < 0) throw io_error(temp, "cannot read the extended attribute " + name, errno);
        std::string value(static_cast<std::size_t>(length), '\0');
        length = ::fgetxattr(from, name.c_str(), value.data(), value.size());
        if (length < 0) throw io_error(temp, "cannot read the extended attribute " + name, errno);
        value.resize(static_cast<std::size_t>(length));
        if (::fsetxattr(to, name.c_str(), value.data(), value.size(), 0) == 0) continue;
        bool privileged = name.rfind("security.", 0) == 0 || name.rfind("trusted.", 0) == 0;
        if (privileged && (errno == EPERM || errno == EACCES || errno == ENOTSUP)) continue;
        throw io_error(temp, "cannot keep the extended attribute " + name, errno);
    }
}

// Gives the new file the old one's owner, group, mode and extended attributes. Returns false when
// the owner cannot be kept.
bool copy_metadata(int fd, const struct stat& like, int like_fd, const std::string& temp) {
    if (::fchown(fd, like.st_uid, like.st_gid) != 0) {
        if (errno != EPERM) throw io_error(temp, "cannot set the owner", errno);
        struct stat mine {};
        if (::fstat(fd, &mine) != 0) throw io_error(temp, "cannot stat", errno);
        if (mine.st_uid != like.st_uid) return false;
        // Our own file in a group we are not in: the group cannot be kept either.
        if (mine.st_gid != like.st_gid && ::fchown(fd, static_cast<uid_t>(-1), like.st_gid) != 0)
            return false;
    }
    if (::fchmod(fd, like.st_mode & 07777) != 0) throw io_error(temp, "cannot set the mode", errno);
    if (like_fd >= 0) copy_extended_attributes(like_fd, fd, temp);
    return true;
}

}  // namespace

std::string resolve_links(const std::string& path) {
    char* real = ::realpath(path.c_str(), nullptr);
    if (real == nullptr) return path;
    std::string out = real;
    std::free(real);
    return out;
}

Replaced replace_file(const std::string& link_path, const std::string& bytes,
                      const struct stat* like, int like_fd) {
    std::string path = resolve_links(link_path);
    std::string dir = directory_of(path);
    std::string prefix = dir + "/" + temporary_prefix(path);
    FileHandle fd;
    std::string temp;
    for (int attempt = 0;; ++attempt) {
        temp = prefix + std::to_string(::getpid()) + "_" + std::to_string(attempt);
        // A replacement stays private until it has the old file's mode (never readable by more
        // users than the old one); a new file gets 0666 less the umask, as mkenvimage's does.
        int raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                         like != nullptr ? 0600 : 0666);
        if (raw >= 0) {
            fd = FileHandle(raw);
            break;
        }
        if (errno != EEXIST || attempt >= 9999) throw io_error(temp, "cannot create", errno);
    }
    try {
        if (like != nullptr && !copy_metadata(fd.get(), *like, like_fd, temp)) {
            ::unlink(temp.c_str());
            return Replaced::owner_not_kept;
        }
        write_at(fd.get(), temp, 0, bytes);
        sync_file(fd.get(), temp);
        if (::rename(temp.c_str(), path.c_str()) != 0)
            throw io_error(path, "cannot rename " + temp + " to it", errno);
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    // The rename itself must reach the disk too.
    sync_directory(dir);
    return Replaced::yes;
}

std::vector<std::string> temporary_files_of(const std::string& image_path) {
    std::string path = resolve_links(image_path);
    std::string dir = directory_of(path);
    std::string prefix = temporary_prefix(path);
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return out;
    while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (is_temporary_name(name, prefix)) out.push_back(dir + "/" + name);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

void remove_temporary_files_of(const std::string& image_path) {
    std::vector<std::string> stale = temporary_files_of(image_path);
    for (const std::string& file : stale) ::unlink(file.c_str());
    if (!stale.empty()) sync_directory(directory_of(resolve_links(image_path)));
}

}  // namespace kv::detail
