#pragma once
// Replacing a whole file by a new one (not public): the bytes go to a temporary file beside it,
// which gets the old file's owner, mode, ACLs and extended attributes, is fsynced and renamed
// over the old name; then the directory is fsynced. A reader sees the old file or the new one,
// never a mixture, and a power cut leaves one of them.
//
// Temporary names are ".BASE.tmpPID_N", with BASE cut so that the name stays within NAME_MAX
// (an image name of 250 characters still gets a temporary name). A writer killed between
// creating its temporary file and the rename leaves it behind; the next writer, while it holds
// the image's exclusive lock (so no other writer of that image can be using one), removes them.

#include <sys/stat.h>

#include <string>
#include <vector>

namespace kv::detail {

enum class Replaced { yes, owner_not_kept };

// Writes `bytes` to a new file and renames it over `path` (over the file a symbolic link names).
// With `like` (the old file, open as `like_fd`), the new file gets its owner, mode, ACLs and
// extended attributes; when this user cannot give the new file the old one's owner, nothing is
// changed and owner_not_kept is returned (the caller writes in place instead). Throws Error(io).
Replaced replace_file(const std::string& path, const std::string& bytes, const struct stat* like,
                      int like_fd);

// The file a path finally names (symbolic links resolved), or the path itself when it cannot be
// resolved.
std::string resolve_links(const std::string& path);

// The temporary files of `path`'s image that are in its directory. Read-only.
std::vector<std::string> temporary_files_of(const std::string& path);

// Removes them (call only while holding the image's exclusive lock).
void remove_temporary_files_of(const std::string& path);

}  // namespace kv::detail
