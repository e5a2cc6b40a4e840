#pragma once
// UTF-8 for all of libappgraph (private header): the one strict decoder (the term reader's, which
// rejects what erl rejects: overlong forms, surrogates, truncated sequences), the encoder, and
// positions counted in characters, as the term reader counts columns and as editors show them.

#include <cstddef>
#include <string>
#include <string_view>

namespace appgraph::detail {

inline constexpr char32_t kInvalidUtf8 = 0x110001;  // above every code point

inline bool is_utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Decodes the sequence at `pos` (which must be inside `text`): its code point and, in `length`,
// its byte count; kInvalidUtf8 (length 1) for an invalid or truncated sequence.
inline char32_t decode_utf8(std::string_view text, std::size_t pos, std::size_t& length) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    const unsigned char b0 = byte(0);
    length = 1;
    if (b0 < 0x80) return b0;
    std::size_t n = 0;
    char32_t c = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        n = 2, c = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3, c = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4, c = b0 & 0x07, min = 0x10000;
    } else {
        return kInvalidUtf8;
    }
    if (pos + n > text.size()) return kInvalidUtf8;
    for (std::size_t i = 1; i < n; ++i) {
        if (!is_utf8_continuation(static_cast<char>(byte(i)))) return kInvalidUtf8;
        c = (c << 6) | (byte(i) & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return kInvalidUtf8;
    length = n;
    return c;
}

inline void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Calls f(code point) for each character of `text`; an invalid byte is passed as kInvalidUtf8.
template <typename F>
void for_each_code_point(std::string_view text, F&& f) {
    for (std::size_t i = 0, length = 1; i < text.size(); i += length)
        f(decode_utf8(text, i, length));
}

// The 1-based line and column (in characters) of byte `offset` of `text`.
struct TextPosition {
    int line = 1;
    int column = 1;
};
inline TextPosition position_of(std::string_view text, std::size_t offset) {
    TextPosition at;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++at.line;
            at.column = 1;
        } else if (!is_utf8_continuation(text[i])) {
            ++at.column;
        }
    }
    return at;
}

}  // namespace appgraph::detail
