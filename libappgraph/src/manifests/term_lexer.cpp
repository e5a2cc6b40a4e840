// The tokenizer of the term reader: the part of erl_scan that file:consult needs. It walks the
// text once, decoding UTF-8 (or Latin-1 when a `%% coding: latin-1` comment on one of the first two
// lines asks for it, as epp decides: see source_encoding.cpp), tracking line and column (in
// characters) for every token, and turns escapes, based and underscored integers and floats into
// values. Errors name the exact position of the offending character, which the parser turns into a
// caret snippet.

#include "term_lexer.hpp"

#include "../utf8.hpp"
#include "source_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace appgraph::detail {

namespace {

constexpr char32_t end_of_input = 0x110000;
constexpr char32_t invalid_utf8 = kInvalidUtf8;
constexpr std::size_t max_atom_length = 255;

bool is_whitespace(char32_t c) {
    return c <= 0x20 || (c >= 0x80 && c <= 0xA0);
}
bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}
bool is_latin1_lower(char32_t c) {
    return c >= 0xDF && c <= 0xFF && c != 0xF7;
}
bool is_latin1_upper(char32_t c) {
    return c >= 0xC0 && c <= 0xDE && c != 0xD7;
}
bool is_atom_start(char32_t c) {
    return (c >= 'a' && c <= 'z') || is_latin1_lower(c);
}
bool is_variable_start(char32_t c) {
    return (c >= 'A' && c <= 'Z') || c == '_' || is_latin1_upper(c);
}
bool is_name_char(char32_t c) {
    return is_atom_start(c) || is_variable_start(c) || is_digit(c) || c == '@';
}

bool is_ascii_name_byte(char b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' ||
           b == '@';
}
// A byte that stands for itself inside quotes: printable ASCII other than the quote and '\'.
bool is_plain_quoted_byte(char b, char32_t quote) {
    return b >= 0x20 && b < 0x7F && b != '\\' && static_cast<char32_t>(b) != quote;
}

int digit_value(char32_t c) {
    if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
    if (c >= 'a' && c <= 'z') return static_cast<int>(c - 'a') + 10;
    if (c >= 'A' && c <= 'Z') return static_cast<int>(c - 'A') + 10;
    return 99;
}

// Converts digits in `base` to decimal text (schoolbook, used only for integers beyond int64).
std::string to_decimal(const std::string& digits, unsigned base) {
    std::vector<std::uint32_t> limbs;  // little-endian, base 1e9
    for (char ch : digits) {
        std::uint64_t carry =
            static_cast<std::uint64_t>(digit_value(static_cast<unsigned char>(ch)));
        for (auto& limb : limbs) {
            std::uint64_t v = static_cast<std::uint64_t>(limb) * base + carry;
            limb = static_cast<std::uint32_t>(v % 1000000000u);
            carry = v / 1000000000u;
        }
        while (carry) {
            limbs.push_back(static_cast<std::uint32_t>(carry % 1000000000u));
            carry /= 1000000000u;
        }
    }
    if (limbs.empty()) return "0";
    std::string out = std::to_string(limbs.back());
    for (std::size_t i = limbs.size() - 1; i-- > 0;) {
        std::string part = std::to_string(limbs[i]);
        out += std::string(9 - part.size(), '0') + part;
    }
    return out;
}

}  // namespace

std::string describe(const Token& token) {
    switch (token.kind) {
        case TokenKind::atom:
            return "atom '" + token.text + "'";
        case TokenKind::variable:
            return "variable " + token.text;
        case TokenKind::string:
            return "a string";
        case TokenKind::character:
            return "a character";
        case TokenKind::integer:
            return "an integer";
        case TokenKind::floating:
            return "a float";
        case TokenKind::dot:
            return "'.'";
        case TokenKind::end:
            return "end of input";
        case TokenKind::other:
            // Non-ASCII characters (a byte order mark, a multiplication sign) by code point.
            if (token.text.size() > 1) {
                char32_t c = 0;
                for_each_code_point(token.text, [&](char32_t cp) { c = cp; });
                char buf[16];
                std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
                return "character " + std::string(buf) +
                       (c == 0xFEFF ? " (a byte order mark)" : "");
            }
            return "'" + token.text + "'";
        case TokenKind::lbrace:
            return "'{'";
        case TokenKind::rbrace:
            return "'}'";
        case TokenKind::lbracket:
            return "'['";
        case TokenKind::rbracket:
            return "']'";
        case TokenKind::lparen:
            return "'('";
        case TokenKind::rparen:
            return "')'";
        case TokenKind::comma:
            return "','";
        case TokenKind::bar:
            return "'|'";
        case TokenKind::hash:
            return "'#'";
        case TokenKind::minus:
            return "'-'";
        case TokenKind::plus:
            return "'+'";
        default:
            return "'" + token.text + "'";
    }
}

TermLexer::TermLexer(std::string_view text, const std::string& filename)
    : text_(text), filename_(filename), latin1_(declares_latin1(text)) {}

void TermLexer::fail(const std::string& message, int line, int column) const {
    throw DiagnosticError(DiagnosticKind::parse_error, SourceLocation{filename_, line, column, {}},
                          message, make_snippet(text_, line, column));
}

char32_t TermLexer::peek_char(std::size_t ahead) const {
    const std::size_t at = pos_ + ahead;
    if (at >= text_.size()) return end_of_input;
    const auto byte = static_cast<unsigned char>(text_[at]);
    if (byte < 0x80 || latin1_) return byte;
    std::size_t length = 0;
    return decode_utf8(text_, at, length);
}

char32_t TermLexer::take() {
    if (at_end()) return end_of_input;
    const auto byte = static_cast<unsigned char>(text_[pos_]);
    if (byte < 0x80 && byte != '\n') {  // the common case, kept short
        ++pos_;
        ++column_;
        return byte;
    }
    std::size_t length = 1;
    char32_t c =
        latin1_ ? static_cast<unsigned char>(text_[pos_]) : decode_utf8(text_, pos_, length);
    if (c == invalid_utf8)
        fail("invalid UTF-8 (add `%% coding: latin-1` on the first line if the file is Latin-1)",
             line_, column_);
    pos_ += length;
    if (c == '\n') {
        ++line_;
        column_ = 1;
    } else {
        ++column_;
    }
    return c;
}

void TermLexer::skip_whitespace_and_comments() {
    while (!at_end()) {
        const char b = text_[pos_];
        if (b == ' ' || b == '\t') {  // the common case, without decoding
            ++pos_;
            ++column_;
            continue;
        }
        char32_t c = peek_char();
        if (c == '%') {
            // Decoded like the rest: erl rejects a file with invalid UTF-8 even inside a comment.
            while (!at_end() && peek_char() != '\n') take();
        } else if (is_whitespace(c) && c != invalid_utf8) {
            take();
        } else {
            return;
        }
    }
}

void TermLexer::next(Token& token) {
    skip_whitespace_and_comments();
    token.kind = TokenKind::end;
    token.line = line_;
    token.column = column_;
    token.text.clear();
    token.integer = 0;
    token.big = false;
    token.floating = 0.0;
    token.quoted = false;
    if (at_end()) return;
    const char32_t c = peek_char();
    if (c == invalid_utf8) take();  // reports the error
    if (is_digit(c)) {
        lex_number(token);
        return;
    }
    if (is_atom_start(c) || is_variable_start(c)) {
        token.kind = is_atom_start(c) ? TokenKind::atom : TokenKind::variable;
        // A run of ASCII name characters in one piece (names in manifests are nearly always
        // ASCII), then character by character for the rest.
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_ascii_name_byte(text_[pos_])) ++pos_;
        std::size_t count = pos_ - start;
        column_ += static_cast<int>(count);
        token.text.assign(text_.data() + start, count);
        while (is_name_char(peek_char())) {
            append_utf8(token.text, take());
            ++count;
        }
        if (token.kind == TokenKind::atom && count > max_atom_length)
            fail("atom longer than 255 characters", token.line, token.column);
        return;
    }
    if (c == '\'' || c == '"') {
        lex_quoted(token, take());
        return;
    }
    take();
    switch (c) {
        case '$': {
            token.kind = TokenKind::character;
            char32_t ch = peek_char();
            if (ch == end_of_input)
                fail("'$' at end of input: expected a character", line_, column_);
            int line = line_;
            int column = column_;
            take();
            token.integer = ch == '\\' ? lex_escape(line, column) : ch;
            return;
        }
        case '{':
            token.kind = TokenKind::lbrace;
            break;
        case '}':
            token.kind = TokenKind::rbrace;
            break;
        case '[':
            token.kind = TokenKind::lbracket;
            break;
        case ']':
            token.kind = TokenKind::rbracket;
            break;
        case '(':
            token.kind = TokenKind::lparen;
            break;
        case ')':
            token.kind = TokenKind::rparen;
            break;
        case ',':
            token.kind = TokenKind::comma;
            break;
        case '|':
            token.kind = TokenKind::bar;
            break;
        case '#':
            token.kind = TokenKind::hash;
            break;
        case '-':
            token.kind = TokenKind::minus;
            break;
        case '+':
            token.kind = TokenKind::plus;
            break;
        case '.': {
            char32_t after = peek_char();
            if (after == end_of_input || after == '%' ||
                (after != invalid_utf8 && is_whitespace(after))) {
                token.kind = TokenKind::dot;
                token.text = ".";
                return;
            }
            token.kind = TokenKind::other;
            break;
        }
        case '<':
            if (peek_char() == '<') {
                take();
                token.kind = TokenKind::open_binary;
                token.text = "<<";
                return;
            }
            token.kind = TokenKind::other;
            break;
        case '>':
            if (peek_char() == '>') {
                take();
                token.kind = TokenKind::close_binary;
                token.text = ">>";
                return;
            }
            token.kind = TokenKind::other;
            break;
        case '=':
            if (peek_char() == '>') {
                take();
                token.kind = TokenKind::arrow;
                token.text = "=>";
                return;
            }
            token.kind = TokenKind::other;
            break;
        default:
            token.kind = TokenKind::other;
            break;
    }
    // Punctuation of a known kind is described from its kind (see describe); only an unknown
    // character keeps its text.
    if (token.kind == TokenKind::other) append_utf8(token.text, c);
}

// Digits of `base`, with single underscores allowed between two digits (`1_000`).
void TermLexer::lex_digits(unsigned base, std::string& digits) {
    while (true) {
        char32_t c = peek_char();
        if (static_cast<unsigned>(digit_value(c)) < base) {
            digits += static_cast<char>(c);
            take();
        } else if (c == '_' && !digits.empty() &&
                   static_cast<unsigned>(digit_value(peek_char(1))) < base) {
            take();
        } else {
            break;
        }
    }
}

void TermLexer::lex_number(Token& token) {
    std::string digits;
    lex_digits(10, digits);
    unsigned base = 10;
    if (peek_char() == '#') {
        const std::string base_text = digits;
        const unsigned long b = base_text.size() > 3 ? 99 : std::stoul(base_text);
        if (b < 2 || b > 36)
            fail("integer base " + base_text + " is out of range (2..36)", token.line,
                 token.column);
        base = static_cast<unsigned>(b);
        take();
        digits.clear();
        lex_digits(base, digits);
        if (digits.empty())
            fail("illegal integer: no digits of base " + base_text + " after '#'", line_, column_);
    } else if (peek_char() == '.' && is_digit(peek_char(1))) {
        std::string number = digits + '.';
        take();
        lex_digits(10, number);
        char32_t e = peek_char();
        if (e == 'e' || e == 'E') {
            number += 'e';
            take();
            if (peek_char() == '+' || peek_char() == '-') number += static_cast<char>(take());
            std::string exponent;
            lex_digits(10, exponent);
            if (exponent.empty()) fail("illegal float: no digits in the exponent", line_, column_);
            number += exponent;
        }
        double value = 0;
        auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
        if (ec != std::errc() || ptr != number.data() + number.size() || !std::isfinite(value))
            fail("illegal float " + number + ": out of range", token.line, token.column);
        token.kind = TokenKind::floating;
        token.floating = value;
        return;
    }
    token.kind = TokenKind::integer;
    std::size_t first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    std::uint64_t value = 0;
    bool overflow = false;
    for (char ch : digits) {
        auto d = static_cast<std::uint64_t>(digit_value(static_cast<unsigned char>(ch)));
        if (value > (std::numeric_limits<std::uint64_t>::max() - d) / base) {
            overflow = true;
            break;
        }
        value = value * base + d;
    }
    if (overflow || value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        token.big = true;
        // Based integers beyond int64 are converted to decimal when that stays cheap.
        token.text = base == 10              ? digits
                     : digits.size() <= 4096 ? to_decimal(digits, base)
                                             : std::to_string(base) + "#" + digits;
    } else {
        token.integer = static_cast<std::int64_t>(value);
    }
}

void TermLexer::lex_quoted(Token& token, char32_t quote) {
    token.kind = quote == '"' ? TokenKind::string : TokenKind::atom;
    token.quoted = quote == '\'';
    std::size_t count = 0;
    while (true) {
        // Plain ASCII characters (no quote, backslash or newline) in one piece.
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_plain_quoted_byte(text_[pos_], quote)) ++pos_;
        if (pos_ > start) {
            token.text.append(text_.data() + start, pos_ - start);
            count += pos_ - start;
            column_ += static_cast<int>(pos_ - start);
        }
        if (at_end()) {
            fail(std::string("unterminated ") + (quote == '"' ? "string" : "quoted atom") +
                     " starting here",
                 token.line, token.column);
        }
        int line = line_;
        int column = column_;
        char32_t c = take();
        if (c == quote) break;
        if (c == '\\') c = lex_escape(line, column);
        append_utf8(token.text, c);
        ++count;
    }
    if (quote == '\'' && count > max_atom_length)
        fail("atom longer than 255 characters", token.line, token.column);
}

// After a backslash: erl_scan's escapes. Unknown escapes stand for the character itself.
char32_t TermLexer::lex_escape(int line, int column) {
    char32_t c = peek_char();
    if (c == end_of_input) fail("unterminated escape sequence", line, column);
    if (c >= '0' && c <= '7') {
        char32_t value = 0;
        for (int i = 0; i < 3 && peek_char() >= '0' && peek_char() <= '7'; ++i)
            value = value * 8 + (take() - '0');
        return value;
    }
    take();
    switch (c) {
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        case 'v':
            return '\v';
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case 'e':
            return 0x1B;
        case 's':
            return ' ';
        case 'd':
            return 0x7F;
        case '^': {
            char32_t ctl = peek_char();
            if (ctl == end_of_input) fail("unterminated escape sequence", line, column);
            return take() & 31;
        }
        case 'x': {
            char32_t value = 0;
            if (peek_char() == '{') {
                take();
                int digits = 0;
                while (digit_value(peek_char()) < 16) {
                    value = std::min<char32_t>(
                        value * 16 + static_cast<char32_t>(digit_value(take())), 0x110000);
                    ++digits;
                }
                if (peek_char() != '}' || digits == 0)
                    fail("illegal character escape: expected hex digits and '}' after \\x{", line,
                         column);
                take();
            } else {
                for (int i = 0; i < 2; ++i) {
                    if (digit_value(peek_char()) >= 16)
                        fail("illegal character escape: \\x needs two hex digits or {...}", line,
                             column);
                    value = value * 16 + static_cast<char32_t>(digit_value(take()));
                }
            }
            if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
                fail("illegal character escape: not a Unicode code point", line, column);
            return value;
        }
        default:
            return c;
    }
}

bool is_reserved_word(std::string_view name) {
    // Every atom is checked: dispatch on the first letter, then compare with the few words that
    // start with it.
    if (name.size() < 2 || name.size() > 7) return false;
    switch (name[0]) {
        case 'a':
            return name == "after" || name == "and" || name == "andalso";
        case 'b':
            return name == "band" || name == "begin" || name == "bnot" || name == "bor" ||
                   name == "bsl" || name == "bsr" || name == "bxor";
        case 'c':
            return name == "case" || name == "catch" || name == "cond";
        case 'd':
            return name == "div";
        case 'e':
            return name == "end";
        case 'f':
            return name == "fun";
        case 'i':
            return name == "if";
        case 'l':
            return name == "let";
        case 'n':
            return name == "not";
        case 'o':
            return name == "of" || name == "or" || name == "orelse";
        case 'r':
            return name == "receive" || name == "rem";
        case 't':
            return name == "try";
        case 'w':
            return name == "when";
        case 'x':
            return name == "xor";
        default:
            return false;
    }
}

}  // namespace appgraph::detail
