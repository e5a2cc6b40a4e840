#pragma once
// UTF-8 for the tools (libkv has no text to decode; libappgraph has its own decoder, private to
// it): the length of a valid sequence, which the JSON writer and the terminal-safe printer use to
// tell text from bytes.

#include <cstddef>
#include <string>
#include <string_view>

namespace toolcommon {

// The length of the valid UTF-8 sequence that starts at s[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (overlong forms, surrogates, code points past U+10FFFF, truncation).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

// `text` safe to show on a terminal: valid UTF-8 and the characters of `keep` (e.g. "\n\t") as
// they are, every other control character, DEL and every byte of invalid UTF-8 written \xNN.
std::string printable(std::string_view text, std::string_view keep);

}  // namespace toolcommon
