#pragma once
// Tokens of the Erlang term syntax (a subset of erl_scan), for the term parser. Private header.

#include <cstdint>
#include <string>
#include <string_view>

#include "libappgraph/diagnostic.hpp"

namespace appgraph::detail {

enum class TokenKind {
    atom,
    variable,
    string,
    character,
    integer,
    floating,
    lbrace,
    rbrace,
    lbracket,
    rbracket,
    lparen,
    rparen,
    comma,
    bar,
    open_binary,
    close_binary,
    hash,
    arrow,
    minus,
    plus,
    dot,    // the end of a term: '.' followed by whitespace, '%' or the end of input
    other,  // any other punctuation (':', '=', '/', ...): never valid in a term
    end     // end of input
};

struct Token {
    TokenKind kind = TokenKind::end;
    int line = 1;
    int column = 1;
    std::string text;  // atom, variable, string: UTF-8; other: the punctuation; integer: big value
    std::int64_t integer = 0;  // integer and character values
    bool big = false;          // integer does not fit int64; `text` holds its digits
    double floating = 0.0;
    bool quoted = false;  // atom written between single quotes
};

// Describes a token for messages: "','", "atom 'foo'", "end of input", ...
std::string describe(const Token& token);

// Erlang's reserved words: written bare they are keywords, so as atoms they must be quoted.
bool is_reserved_word(std::string_view name);

class TermLexer {
public:
    TermLexer(std::string_view text, const std::string& filename);

    void next(
        Token& token);  // reads the next token into `token`; throws DiagnosticError (parse_error)

    [[noreturn]] void fail(const std::string& message, int line, int column) const;

private:
    char32_t peek_char(
        std::size_t ahead_bytes = 0) const;  // code point at pos_ (+ bytes), or 0x110000 at end
    char32_t take();                         // consumes one code point
    bool at_end() const { return pos_ >= text_.size(); }
    void skip_whitespace_and_comments();
    void lex_number(Token& token);
    void lex_quoted(Token& token, char32_t quote);
    char32_t lex_escape(int line, int column);
    void lex_digits(unsigned base, std::string& digits);

    std::string_view text_;
    const std::string& filename_;
    bool latin1_ = false;
    std::size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
};

}  // namespace appgraph::detail
