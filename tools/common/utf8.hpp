#pragma once
// UTF-8 for the tools (libkv has no text to decode; libappgraph has its own decoder, private to
// it): the length of a valid sequence, which the JSON writer and the terminal-safe printer use to
// tell text from bytes.

#include <cstddef>
#include <string_view>

namespace toolcommon {

// The length of the valid UTF-8 sequence that starts at s[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (overlong forms, surrogates, code points past U+10FFFF, truncation).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace toolcommon
