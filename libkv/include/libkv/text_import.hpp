#pragma once
// mkenvimage's text format: one "key=value" per line, empty lines skipped, '#' in column 0 starts
// a comment line, a backslash before a newline keeps the newline inside the value. The image made
// from a text is byte-identical to `mkenvimage -s SIZE [-r] [-b] [-p BYTE]` (the flags byte of a
// redundant image is 1).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "libkv/codec.hpp"

namespace kv {

// The data area mkenvimage lays out for `text` (entries and terminator, no padding).
std::string data_from_text(std::string_view text);

// A whole image of `size` bytes. Throws Error(no_space) when the text does not fit (mkenvimage
// fails there too), Error(usage) when `size` is smaller than a header plus one byte.
std::string image_from_text(std::string_view text, std::size_t size, const BlockFormat& format,
                            std::uint8_t padding);

}  // namespace kv
