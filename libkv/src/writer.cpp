// Writing environments without losing anything. Every writer first takes libubootenv's lock file
// and an exclusive flock on each file it touches (locked_copies.hpp); because a whole-file
// rewrite renames a new inode over the path, a writer that waited on the old inode notices and
// starts again on the new one, so read-modify-write cycles from concurrent processes serialize
// cleanly. The new block is built completely before the first byte is written: a block that does
// not fit fails with the image untouched. Redundant pairs are written on the non-current copy
// only; a whole-file single copy goes through a temporary file, fsync and rename
// (replace_file.hpp); a single copy inside a larger image is rewritten in place (only
// redundancy protects that case against power loss).

#include "libkv/writer.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "file_io.hpp"
#include "image_read.hpp"
#include "libkv/error.hpp"
#include "locked_copies.hpp"
#include "replace_file.hpp"

namespace kv {

namespace {

using detail::LockedCopies;
using detail::LockMode;

// Writes a whole-file single copy: through a temporary file and rename where that keeps
// everything the file carries, in place where it would not (more than one hard link, an owner
// this user cannot give a new file).
void write_whole_file(const LockedCopies& files, const std::string& block) {
    const struct stat& st = files.file_stat(0);
    if (st.st_nlink == 1) {
        detail::remove_temporary_files_of(files.path(0));
        if (detail::replace_file(files.path(0), block, &st, files.fd(0)) == detail::Replaced::yes)
            return;
    }
    detail::write_at(files.fd(0), files.path(0), 0, block);
    if (files.file_bytes(0) > block.size() &&
        ::ftruncate(files.fd(0), static_cast<off_t>(block.size())) != 0)
        throw io_error(files.path(0), "cannot truncate", errno);
    detail::sync_file(files.fd(0), files.path(0));
}

void write_in_place(const LockedCopies& files, std::size_t copy, const std::string& block) {
    detail::write_at(files.fd(copy), files.path(copy), files.geometry(copy).offset, block);
    detail::sync_file(files.fd(copy), files.path(copy));
}

// The error of a block that does not fit, naming the file it was meant for.
Error no_space_in(const std::string& path, const Error& e) {
    return Error(ErrorKind::no_space, path + ": " + e.what());
}

// Whether these bytes are a valid environment block in some layout and byte order.
bool holds_environment(std::string_view bytes) {
    for (bool redundant : {false, true}) {
        for (Endian endian : {Endian::little, Endian::big}) {
            if (bytes.size() > header_size(redundant) &&
                inspect_block(bytes, {redundant, endian}).crc_ok())
                return true;
        }
    }
    return false;
}

}  // namespace

Image update_image(const Location& location, const std::function<void(Env&)>& change) {
    LockedCopies files(location, LockMode::exclusive);  // held until the write is complete
    files.place();
    Image image = detail::decode_copies(location, detail::read_copies(files));
    change(image.env());
    const std::string& current_path = files.path(static_cast<std::size_t>(image.current));
    if (image.data.unterminated_entry && image.env().encoded_size() > image.data_size())
        throw Error(
            ErrorKind::no_space,
            current_path + ": environment needs " + std::to_string(image.env().encoded_size()) +
                " bytes, the data area holds " + std::to_string(image.data_size()) +
                ": its last entry (data offset " + std::to_string(*image.data.unterminated_entry) +
                ") runs to the end of the area without a NUL (see fwkv check)");
    BlockFormat format = location.format();
    std::uint8_t padding = image.data.rewrite_padding;

    if (location.redundant()) {
        auto current = static_cast<std::size_t>(image.current);
        std::size_t target = 1 - current;
        std::uint8_t flags =
            next_flags(image.copies[current].state.flags.value_or(0), location.scheme);
        std::string block;
        try {
            block = encode_block(image.env(), image.block_size(), format, flags, padding);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::no_space) throw;
            throw no_space_in(files.path(target), e);
        }
        write_in_place(files, target, block);
        if (location.scheme == FlagScheme::boolean) {
            // NOR scheme: only now that the new copy is complete, mark the old one obsolete.
            detail::write_at(files.fd(current), files.path(current),
                             files.geometry(current).offset + 4, std::string(1, '\0'));
            detail::sync_file(files.fd(current), files.path(current));
            image.copies[current].state.flags = 0;
        }
        image.copies[target].state = inspect_block(block, format);
        image.current = static_cast<int>(target);
        return image;
    }

    std::string block;
    try {
        block = encode_block(image.env(), image.block_size(), format, 0, padding);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::no_space) throw;
        throw no_space_in(current_path, e);
    }
    bool whole_file = files.geometry(0).offset == 0 &&
                      files.geometry(0).size == files.file_bytes(0) &&
                      S_ISREG(files.file_stat(0).st_mode);
    if (whole_file) {
        write_whole_file(files, block);
    } else {
        write_in_place(files, 0, block);
    }
    image.copies[0].state = inspect_block(block, format);
    return image;
}

void create_image(const Location& location, const std::string& block, const CreateRequest& how) {
    const std::string& path = location.copies.at(0).path;
    Location target = location;
    bool regular_whole_file = false;
    if (how.whole_file) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            if (errno != ENOENT) throw io_error(path, "cannot stat", errno);
            struct stat link {};
            if (::lstat(path.c_str(), &link) == 0)
                throw Error(ErrorKind::io, path +
                                               ": is a symbolic link to a file that does not "
                                               "exist (create writes the file a link names only "
                                               "when that file exists)");
            detail::replace_file(path, block, nullptr, -1);
            return;
        }
        // An existing regular file is replaced whatever its size; a block device receives the
        // block at its start (anything else is refused when it is opened).
        regular_whole_file = S_ISREG(st.st_mode);
        if (regular_whole_file) {
            target.copies[0].size.reset();
        } else {
            target.copies[0].size = block.size();
        }
    }
    LockedCopies files(target, LockMode::exclusive);
    if (!S_ISREG(files.file_stat(0).st_mode)) regular_whole_file = false;
    if (!regular_whole_file) {
        try {
            files.place();
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::invalid_image) throw;
            throw Error(ErrorKind::no_space, std::string(e.what()) +
                                                 ": create writes inside an existing image when "
                                                 "a location is given, and does not extend it");
        }
    }
    if (!how.force) {
        for (std::size_t c = 0; c < files.copies(); ++c) {
            std::string existing;
            if (regular_whole_file) {
                if (files.file_bytes(0) <= kMaxBlockSize)
                    existing = detail::read_at(files.fd(0), path, 0, files.file_bytes(0));
            } else {
                existing = files.read(c).bytes;
            }
            if (holds_environment(existing))
                throw Error(ErrorKind::usage,
                            files.path(c) +
                                (regular_whole_file
                                     ? std::string()
                                     : ": block at offset " + hex(files.geometry(c).offset)) +
                                " already holds a valid environment; replacing it needs --force");
        }
    }
    if (regular_whole_file) {
        write_whole_file(files, block);
        return;
    }
    for (std::size_t c = 0; c < files.copies(); ++c) write_in_place(files, c, block);
}

std::vector<std::string> stale_temporary_files(const std::string& image_path) {
    return detail::temporary_files_of(image_path);
}

}  // namespace kv
