#pragma once
// An Erlang term as file:consult reads it, and the reader for the subset of the term syntax that
// .app, .rel and similar configuration files use.
//
// Accepted: `%` comments (a `%% coding: latin-1` line switches the file to Latin-1, UTF-8
// otherwise), atoms bare or quoted with escapes, strings with escapes and adjacent-string
// concatenation, `$c` characters, integers (`16#FF`, `2#101`, `1_000`, unary `-`/`+`), floats
// (`1.5e3`), tuples, lists including improper ones (`[a|b]`), binaries of integers and strings
// (`<<"s">>`, `<<1,2>>`), maps
// (`#{k => v}`) and parenthesised terms. Each term ends with `.` followed by whitespace, `%` or the
// end. Rejected as file:consult rejects them: variables, records, expressions (operators other than
// unary -/+ on a number), reserved words as bare atoms, invalid UTF-8. Not supported although
// file:consult accepts them (configuration files do not use them): `fun M:F/A` and binary segments
// with a size or type (`<<1:8>>`, `<<"s"/utf8>>`). Nesting is limited to max_term_depth levels (a
// clear error, never a stack overflow); the reader runs in time linear in the input.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/diagnostic.hpp"

namespace appgraph {

inline constexpr int max_term_depth = 1000;

struct Term {
    enum class Kind { atom, integer, floating, string, binary, tuple, list, map };

    Kind kind = Kind::atom;
    // atom: the name (UTF-8). string: the characters (UTF-8). binary: the raw bytes.
    // integer: the decimal digits (with a leading '-' when negative) when `big` is set, else empty.
    std::string text;
    std::int64_t integer = 0;  // integer (and char `$c`) value when not `big`
    bool big = false;          // the integer does not fit an int64; `text` holds it in decimal
    double floating = 0.0;     // floating value
    // tuple: the elements. list: the elements before the tail. map: key, value, key, value, ...
    std::vector<Term> items;
    // list only: the tail of an improper list `[a | b]`; null for a proper list.
    std::shared_ptr<const Term> tail;
    int line = 0;  // 1-based position of the term's first character
    int column = 0;

    // A string literal, or a proper list whose elements are all integers that are Unicode code
    // points (Erlang strings are such lists; `[]` is ""): the characters as UTF-8. Else nullopt.
    std::optional<std::string> as_string() const;
    bool is_atom() const { return kind == Kind::atom; }
    bool is_atom(std::string_view name) const { return kind == Kind::atom && text == name; }
    bool is_proper_list() const;  // a list without tail, or a string literal
    // Size of a proper list (a string literal counts its characters).
    std::size_t list_size() const;
    // The elements of a proper list as terms (string literals are expanded into integer terms).
    std::vector<Term> list_elements() const;
    // Erlang's own notation (io:format "~w"-like; strings printed as "..."), for messages and
    // tests.
    std::string to_string() const;
};

// Exact equality as Erlang's =:= (a string literal equals the list of its code points).
bool operator==(const Term& a, const Term& b);

// Reads every term of `text`; `filename` is only used in positions of errors. Throws
// DiagnosticError (parse_error) at the first problem.
std::vector<Term> parse_terms(std::string_view text, const std::string& filename);

// Reads the first term only and ignores the rest of the text, as systools does with .app and .rel
// files (it reads them with io:read). nullopt for a text without any term. Throws DiagnosticError
// (parse_error) at the first problem.
std::optional<Term> parse_first_term(std::string_view text, const std::string& filename);

}  // namespace appgraph
