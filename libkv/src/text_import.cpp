// mkenvimage's reading of its input text, reproduced step by step so that `fwkv create` is
// byte-identical to it (checked by experiment against u-boot-tools 2023.01):
// - a '\n' ends an entry, except right after another '\n' or at the start (empty lines vanish)
//   and right after a '\\', which is replaced by the newline (a value continues on the next line);
// - a '#' at the start of a line skips the line, its newline included;
// - every other byte is copied verbatim (CR, blanks, NUL bytes, lines without '=');
// - the area ends with one '\0' after the last entry unless it already ends with one, then the
//   terminating '\0'. An input with no entry at all gives the empty environment "\0".
// The input does not fit when those bytes exceed the data area (mkenvimage: "The environment file
// is too large for the target environment storage").

#include "libkv/text_import.hpp"

#include "libkv/error.hpp"

namespace kv {

std::string data_from_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    for (std::size_t fp = 0; fp < text.size(); ++fp) {
        char c = text[fp];
        bool line_start = fp == 0 || text[fp - 1] == '\n';
        if (c == '\n') {
            if (line_start) continue;
            if (text[fp - 1] == '\\') {
                out.back() = '\n';
            } else {
                out += '\0';
            }
        } else if (line_start && c == '#') {
            while (++fp < text.size() && text[fp] != '\n') {
            }
        } else {
            out += c;
        }
    }
    // An input without entries gives the single terminator of the empty environment.
    if (!out.empty() && out.back() != '\0') out += '\0';
    out += '\0';
    return out;
}

std::string image_from_text(std::string_view text, std::size_t size, const BlockFormat& format,
                            std::uint8_t padding) {
    std::size_t header = header_size(format.redundant);
    if (size < header + 1)
        throw Error(ErrorKind::usage, "size " + std::to_string(size) +
                                          " is too small: the smallest block is " +
                                          std::to_string(header + 1) + " bytes");
    std::string data = data_from_text(text);
    if (data.size() > size - header)
        throw Error(ErrorKind::no_space, "the text needs " + std::to_string(data.size()) +
                                             " bytes, the data area holds " +
                                             std::to_string(size - header) +
                                             " (mkenvimage: the environment file is too large)");
    return encode_block_data(data, size, format, 1, padding);
}

}  // namespace kv
