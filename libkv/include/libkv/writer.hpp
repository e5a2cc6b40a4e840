#pragma once
// Writing an environment back so that nothing is lost:
// - redundant layout: the NON-current copy is written with flags = current + 1 and fsynced; the
//   previous copy stays valid until the new one is complete;
// - a single copy that is a whole regular file: a temporary file in the same directory, fsynced,
//   renamed over the original (its mode kept);
// - a single copy inside a larger image: written in place and fsynced. Only the redundant layout
//   protects that case against power loss.
// Writers hold an exclusive flock on the image for the whole read-modify-write, so concurrent
// updates never lose one another's changes. A block that does not fit fails before any byte is
// written.

#include <cstdint>
#include <functional>
#include <string>

#include "libkv/env.hpp"
#include "libkv/image.hpp"
#include "libkv/location.hpp"

namespace kv {

// Loads the environment under an exclusive lock, lets `change` modify it, and writes it back.
// Returns the image as written. Throws Error(io|invalid_image|no_space|usage); on error the image
// is untouched.
Image update_image(const Location& location, const std::function<void(Env&)>& change);

// Writes a complete new image file (temporary file + rename; mode 0666 minus umask for a new
// file, the old mode for an existing one). Throws Error(io).
void write_new_file(const std::string& path, const std::string& bytes);

// Writes `block` at every copy of `location` (for `create` into a larger image), in place,
// fsynced. Throws Error(io).
void write_blocks_in_place(const Location& location, const std::string& first_block,
                           const std::string& second_block);

}  // namespace kv
