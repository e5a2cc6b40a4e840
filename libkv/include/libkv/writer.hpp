#pragma once
// Writing an environment back so that nothing is lost:
// - redundant layout: the NON-current copy is written with flags = current + 1 and fsynced; the
//   previous copy stays valid until the new one is complete;
// - a single copy that is a whole regular file: a temporary file in the same directory, fsynced,
//   renamed over the original, with the original's mode, owner, ACLs and extended attributes;
// - a single copy inside a larger image or on a block device: written in place and fsynced. Only
//   the redundant layout protects that case against power loss. A whole-file image with more than
//   one hard link, or whose owner this user cannot give to a new file, is written in place too
//   (as fw_setenv does): a rename would split the links or change the owner.
// Writers hold libubootenv's lock file and an exclusive flock on each file for the whole
// read-modify-write (see locked_copies.hpp), so concurrent updates never lose one another's
// changes, and fw_printenv/fw_setenv and fwkv readers never see a write half done. A block that
// does not fit fails before any byte is written. Temporary files that an interrupted writer left
// beside the image are removed by the next writer (while it holds the image's lock no other
// writer can be using one).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "libkv/env.hpp"
#include "libkv/image.hpp"
#include "libkv/location.hpp"

namespace kv {

// Loads the environment under an exclusive lock, lets `change` modify it, and writes it back.
// Returns the image as written. Throws Error(io|invalid_image|no_space|usage); on error the image
// is untouched.
Image update_image(const Location& location, const std::function<void(Env&)>& change);

// Where and how `create_image` writes.
struct CreateRequest {
    // true: the location's only copy is the whole file IMAGE (no offset given): a regular file is
    // replaced (or made), a block device written in place from its start. false: each copy is a
    // block inside an existing file or device, which must be large enough.
    bool whole_file = true;
    // Replace an environment that is already valid there (without it: Error(usage)).
    bool force = false;
};

// Writes `block` at every copy of `location`. Never replaces a non-regular file: block devices are
// written in place (as mkenvimage does), directories, FIFOs, character devices and sockets are
// refused. Throws Error(io|usage|no_space).
void create_image(const Location& location, const std::string& block, const CreateRequest& how);

// Temporary files that an interrupted write left beside `image_path` (the names fwkv gives them),
// for `check` to report. Read-only.
std::vector<std::string> stale_temporary_files(const std::string& image_path);

}  // namespace kv
