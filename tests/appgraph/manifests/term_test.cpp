// The term reader against the syntax file:consult accepts: a table of good terms (each printed
// back in Erlang notation), a table of bad inputs with their exact messages and carets, and the
// robustness properties (deep nesting, truncation at every byte length, large input).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "libappgraph/term.hpp"

using appgraph::DiagnosticError;
using appgraph::parse_terms;
using appgraph::Term;

namespace {

std::string show_all(const std::string& text) {
    std::string out;
    for (const Term& t : parse_terms(text, "t.config"))
        out += (out.empty() ? "" : " ") + t.to_string();
    return out;
}

std::string error_of(const std::string& text) {
    try {
        parse_terms(text, "t.config");
    } catch (const DiagnosticError& e) {
        return appgraph::format_diagnostic(e.diagnostic());
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("good terms: every syntax item, printed back in Erlang notation") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"a.", "a"},
        {"'my-app'.", "'my-app'"},
        {"'a\\nb\\t\\\\\\'\\\"'.", "'a\\nb\\t\\\\\\'\"'"},
        {"a@b_C9.", "a@b_C9"},
        {"'end'.", "'end'"},
        {"maybe. else.", "maybe else"},
        {"'\\x{263A}'.", "'\xE2\x98\xBA'"},
        {"\"abc\".", "\"abc\""},
        {"\"a\" \"b\"  \"c\".", "\"abc\""},
        {"\"\\x{263A}\\xFF\\101\\1012\".",
         "\"\xE2\x98\xBA\xC3\xBF"
         "AA2\""},
        {"\"\\^A\\d\\e\\s\\q\".", "\"\\001\\177\\033 q\""},
        {"\"a\\\nb\".", "\"a\\nb\""},
        {"$a.", "97"},
        {"$\\n.", "10"},
        {"$ .", "32"},
        {"$\\x{41}.", "65"},
        {"-$a.", "-97"},
        {"16#FF.", "255"},
        {"16#ff_ff.", "65535"},
        {"2#101.", "5"},
        {"36#zz.", "1295"},
        {"1_000.", "1000"},
        {"007.", "7"},
        {"-1.", "-1"},
        {"+1.", "1"},
        {"- 1.", "-1"},
        {"-(1).", "-1"},
        {"-16#10.", "-16"},
        {"9223372036854775807.", "9223372036854775807"},
        {"-9223372036854775808.", "-9223372036854775808"},
        {"123456789012345678901234567890.", "123456789012345678901234567890"},
        {"-123456789012345678901234567890.", "-123456789012345678901234567890"},
        {"16#FFFFFFFFFFFFFFFFFF.", "4722366482869645213695"},
        {"1.5e3.", "1.5e3"},
        {"1.0e-3.", "0.001"},
        {"2_0.5.", "20.5"},
        {"1.0e1_0.", "1.0e10"},
        {"1.5e+3.", "1.5e3"},
        {"0.0001.", "0.0001"},
        {"1.0e-10.", "1.0e-10"},
        {"-2.5.", "-2.5"},
        {"{}.", "{}"},
        {"{a, {b, c}, [1, 2]}.", "{a,{b,c},[1,2]}"},
        {"[].", "[]"},
        {"\"\".", "\"\""},
        {"[a|b].", "[a|b]"},
        {"[a, b | c].", "[a,b|c]"},
        {"[1,2|[3]].", "[1,2,3]"},
        {"[a|[]].", "[a]"},
        {"[a|\"bc\"].", "[a,98,99]"},
        {"<<>>.", "<<>>"},
        {"<<\"s\">>.", "<<115>>"},
        {"<<1,2>>.", "<<1,2>>"},
        {"<<\"a\", 1, $b>>.", "<<97,1,98>>"},
        {"<<300, -1>>.", "<<44,255>>"},
        {"#{}.", "#{}"},
        {"#{k => v, \"s\" => [1]}.", "#{k => v,\"s\" => [1]}"},
        {"#{a => 1, a => 2}.", "#{a => 2}"},
        {"#{\"\" => 1, [] => 2, {\"a\"} => 3, {[97]} => 4}.", "#{\"\" => 2,{\"a\"} => 4}"},
        {"# {a => 1}.", "#{a => 1}"},
        {"(a).", "a"},
        {"{(a), ((b))}.", "{a,b}"},
        {"% comment\na. % another\n%% last", "a"},
        {"a.%comment", "a"},
        {"a.\tb.\nc.", "a b c"},
        {"{a\n,\n b}.", "{a,b}"},
        {"", ""},
        {"  % only a comment\n", ""},
        {"a\xC3\xA9.", "'a\xC3\xA9'"},
        {"\xC3\x9F"
         "a.",
         "'\xC3\x9F"
         "a'"},
        {"\"\xC3\xA9\".", "\"\xC3\xA9\""},
        {"%% coding: latin-1\n\"\xE9\".", "\"\xC3\xA9\""},
        {"%% -*- coding: latin-1 -*-\n'\xE9t\xE9'.", "'\xC3\xA9t\xC3\xA9'"},
        // epp looks at two lines: the declaration may follow a first comment or term.
        {"%% generated\n%% coding: latin-1\n\"\xE9\".", "\"\xC3\xA9\""},
        {"a. % coding: LATIN-1-unix\n\"\xE9\".", "a \"\xC3\xA9\""},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.text);
        CHECK(show_all(c.text) == c.expected);
    }
}

TEST_CASE("bad inputs: the exact message, position and caret") {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"{a, b}",
         "t.config:1:7: unexpected end of input: expected '.' after the term\n{a, b}\n      ^"},
        {"{a,\n X}.",
         "t.config:2:2: variables are not allowed in a term: X (quote it, 'X', to make it an "
         "atom)\n X}.\n ^"},
        {"{a, _}.",
         "t.config:1:5: variables are not allowed in a term: _ (quote it, '_', to make it an "
         "atom)\n{a, _}.\n    ^"},
        {"end.",
         "t.config:1:1: 'end' is a reserved word: quote it ('end') to use it as an atom\nend.\n^"},
        {"[a,].", "t.config:1:4: unexpected ']': expected a term\n[a,].\n   ^"},
        {"{,}.", "t.config:1:2: unexpected ',': expected a term\n{,}.\n ^"},
        {"[a|b,c].",
         "t.config:1:5: unexpected ',': expected ']' after the tail of a list\n[a|b,c].\n    ^"},
        {"[1|2|3].",
         "t.config:1:5: unexpected '|': expected ']' after the tail of a list\n[1|2|3].\n    ^"},
        {"'a' 'b'.",
         "t.config:1:5: unexpected atom 'b': expected '.' after the term\n'a' 'b'.\n    ^"},
        {"1e3.", "t.config:1:2: unexpected atom 'e3': expected '.' after the term\n1e3.\n ^"},
        {"1.0e.", "t.config:1:5: illegal float: no digits in the exponent\n1.0e.\n    ^"},
        {"1.0e400.", "t.config:1:1: illegal float 1.0e400: out of range\n1.0e400.\n^"},
        {"37#1.", "t.config:1:1: integer base 37 is out of range (2..36)\n37#1.\n^"},
        {"16#.", "t.config:1:4: illegal integer: no digits of base 16 after '#'\n16#.\n   ^"},
        {"2#102.",
         "t.config:1:5: unexpected an integer: expected '.' after the term\n2#102.\n    ^"},
        {"1_.", "t.config:1:2: unexpected variable _: expected '.' after the term\n1_.\n ^"},
        {"a.b.",
         "t.config:1:2: a term must end with '.' followed by whitespace, '%' or the end of the "
         "file\na.b.\n ^"},
        {".", "t.config:1:1: unexpected '.': expected a term\n.\n^"},
        {"\"abc", "t.config:1:1: unterminated string starting here\n\"abc\n^"},
        {"x.\n  'abc", "t.config:2:3: unterminated quoted atom starting here\n  'abc\n  ^"},
        {"\"\\x4g\".",
         "t.config:1:2: illegal character escape: \\x needs two hex digits or {...}\n\"\\x4g\".\n "
         "^"},
        {"\"\\x{110000}\".",
         "t.config:1:2: illegal character escape: not a Unicode code point\n\"\\x{110000}\".\n ^"},
        {"\"\\x{D800}\".",
         "t.config:1:2: illegal character escape: not a Unicode code point\n\"\\x{D800}\".\n ^"},
        {"\"\\x{41\".",
         "t.config:1:2: illegal character escape: expected hex digits and '}' after "
         "\\x{\n\"\\x{41\".\n ^"},
        {"$", "t.config:1:2: '$' at end of input: expected a character\n$\n ^"},
        {"- -1.", "t.config:1:1: unary '-' applies only to a number\n- -1.\n^"},
        {"-a.", "t.config:1:1: unary '-' applies only to a number\n-a.\n^"},
        {"#{a := 1}.",
         "t.config:1:5: unexpected ':': expected '=>' after a map key\n#{a := 1}.\n    ^"},
        {"#rec{a = 1}.",
         "t.config:1:2: unexpected atom 'rec': expected '{' after '#' (records are not "
         "terms)\n#rec{a = 1}.\n ^"},
        {"<<1:8>>.",
         "t.config:1:4: unexpected ':': binary segment sizes and types are not "
         "supported\n<<1:8>>.\n   ^"},
        {"<<a>>.", "t.config:1:3: a binary segment must be an integer or a string\n<<a>>.\n  ^"},
        {"<<1.0>>.",
         "t.config:1:3: a binary segment must be an integer or a string\n<<1.0>>.\n  ^"},
        {"fun m:f/1.",
         "t.config:1:1: 'fun' is a reserved word: quote it ('fun') to use it as an atom\nfun "
         "m:f/1.\n^"},
        {"a + 1.", "t.config:1:3: unexpected '+': expected '.' after the term\na + 1.\n  ^"},
        {"{a}.{",
         "t.config:1:4: a term must end with '.' followed by whitespace, '%' or the end of the "
         "file\n{a}.{\n   ^"},
        {"{a}. {", "t.config:1:7: unexpected end of input: expected a term\n{a}. {\n      ^"},
        {"\"\xFF\".",
         "t.config:1:2: invalid UTF-8 (add `%% coding: latin-1` on the first line if the file is "
         "Latin-1)\n\"\xFF\".\n ^"},
        {"% \xFF\na.",
         "t.config:1:3: invalid UTF-8 (add `%% coding: latin-1` on the first line if the file is "
         "Latin-1)\n% \xFF\n  ^"},
        {"\xEF\xBB\xBF{a}.",
         "t.config:1:1: unexpected character U+FEFF (a byte order mark): expected a "
         "term\n\xEF\xBB\xBF{a}.\n^"},
        {"{a,\x01}.",
         "t.config:1:5: unexpected '}': expected a term\n{a,\x01}.\n    ^"},  // controls are blanks
        {"{a,\xC3\x97}.",
         "t.config:1:4: unexpected character U+00D7: expected a term\n{a,\xC3\x97}.\n   ^"},
        {"\tx y.", "t.config:1:4: unexpected atom 'y': expected '.' after the term\n\tx y.\n\t  ^"},
        {"{'\xE2\x98\xBA', ]}.",
         "t.config:1:7: unexpected ']': expected a term\n{'\xE2\x98\xBA', ]}.\n      ^"},
    };
    for (const Case& c : cases) {
        INFO("input: " << c.text);
        CHECK(error_of(c.text) == c.expected);
    }
}

TEST_CASE("atoms longer than 255 characters are rejected, as erl_scan does") {
    CHECK(show_all(std::string(255, 'a') + ".") == std::string(255, 'a'));
    CHECK(error_of(std::string(256, 'a') + ".")
              .find("t.config:1:1: atom longer than 255 characters") == 0);
    CHECK(error_of("'" + std::string(256, 'b') + "'.")
              .find("t.config:1:1: atom longer than 255 characters") == 0);
}

TEST_CASE("all of Erlang's reserved words, and only they, must be quoted") {
    const char* const reserved[] = {"after",  "and",     "andalso", "band", "begin", "bnot", "bor",
                                    "bsl",    "bsr",     "bxor",    "case", "catch", "cond", "div",
                                    "end",    "fun",     "if",      "let",  "not",   "of",   "or",
                                    "orelse", "receive", "rem",     "try",  "when",  "xor"};
    for (const std::string word : reserved) {
        INFO("word: " << word);
        CHECK(error_of(word + ".").find("is a reserved word") != std::string::npos);
        CHECK(show_all("'" + word + "'.") == "'" + word + "'");  // printed back quoted
    }
    // Prefixes, extensions and other capitalisations are plain atoms.
    for (const std::string atom :
         {"a",        "an",   "ande", "afte", "afterr", "andals", "bands", "ca", "cases",
          "en",       "ends", "fu",   "i",    "ifs",    "le",     "no",    "o",  "orels",
          "receives", "re",   "tr",   "whe",  "xo",     "x",      "kernel"}) {
        INFO("atom: " << atom);
        CHECK(show_all(atom + ".") == atom);
    }
}

TEST_CASE("strings and lists of code points are the same term") {
    auto terms = parse_terms("\"ab\". [97, 98]. [97 | \"b\"]. [97, b]. \"\". [].", "t");
    REQUIRE(terms.size() == 6);
    CHECK(terms[0] == terms[1]);
    CHECK(terms[1] == terms[0]);
    CHECK(terms[0] == terms[2]);
    CHECK_FALSE(terms[0] == terms[3]);
    CHECK(terms[4] == terms[5]);
    CHECK(terms[1].as_string() == std::optional<std::string>("ab"));
    CHECK_FALSE(terms[3].as_string().has_value());
    CHECK(terms[5].as_string() == std::optional<std::string>(""));
    CHECK(terms[0].kind == Term::Kind::string);
    CHECK(terms[1].kind == Term::Kind::list);
    CHECK(terms[0].list_size() == 2);
}

TEST_CASE("terms carry their position") {
    auto terms = parse_terms("\n  {a,\n   [b]}.", "t");
    REQUIRE(terms.size() == 1);
    CHECK(terms[0].line == 2);
    CHECK(terms[0].column == 3);
    CHECK(terms[0].items[1].line == 3);
    CHECK(terms[0].items[1].column == 4);
    CHECK(terms[0].items[1].items[0].column == 5);
}

TEST_CASE("improper lists keep their tail") {
    auto terms = parse_terms("[a, b | c].", "t");
    REQUIRE(terms[0].tail);
    CHECK(terms[0].tail->is_atom("c"));
    CHECK_FALSE(terms[0].is_proper_list());
    CHECK_FALSE(terms[0].as_string().has_value());
}

TEST_CASE("big integers keep their decimal text") {
    auto terms =
        parse_terms("99999999999999999999. 9223372036854775808. 16#10000000000000000.", "t");
    CHECK(terms[0].big);
    CHECK(terms[0].text == "99999999999999999999");
    CHECK(terms[1].big);
    CHECK(terms[2].text == "18446744073709551616");
    CHECK_FALSE(parse_terms("9223372036854775807.", "t")[0].big);
}

TEST_CASE("deep nesting is an error at the limit, never a crash") {
    const int limit = appgraph::max_term_depth;
    std::string ok = std::string(static_cast<std::size_t>(limit), '[') +
                     std::string(static_cast<std::size_t>(limit), ']') + ".";
    CHECK(parse_terms(ok, "t").size() == 1);
    std::string too_deep = std::string(static_cast<std::size_t>(limit) + 1, '[') + ".";
    CHECK(error_of(too_deep).find("t.config:1:1001: terms nested deeper than 1000 levels") == 0);
    std::string million(1000000, '[');
    CHECK(error_of(million).find("terms nested deeper than 1000 levels") != std::string::npos);
    std::string tuples;
    for (int i = 0; i < 100000; ++i) tuples += "{a,";
    CHECK(error_of(tuples).find("terms nested deeper than 1000 levels") != std::string::npos);
}

TEST_CASE("large input: a long flat list and many terms") {
    std::string list = "[";
    for (int i = 0; i < 200000; ++i) list += (i ? ",{a," : "{a,") + std::to_string(i) + "}";
    list += "].";
    auto terms = parse_terms(list, "t");
    REQUIRE(terms.size() == 1);
    CHECK(terms[0].items.size() == 200000);
    CHECK(terms[0].items.back().items[1].integer == 199999);
    std::string many;
    for (int i = 0; i < 100000; ++i) many += "x" + std::to_string(i) + ".\n";
    CHECK(parse_terms(many, "t").size() == 100000);
}

TEST_CASE("truncating a valid .app at every byte length never crashes and errors cleanly") {
    const std::string app =
        "%% coding: utf-8\n"
        "{application, 'my_app',\n"
        " [{description, \"An app \\x{263A} \xC3\xA9\" \"continued\"},\n"
        "  {vsn, \"1.0.0\"}, {id, [$a, $\\n]},\n"
        "  {modules, [m1, 'm-2']}, {registered, []},\n"
        "  {applications, [kernel, stdlib]},\n"
        "  {env, [{k, #{a => <<\"b\", 1>>}}, {n, -16#FF}, {f, 1.5e3}, {l, [a | b]}]},\n"
        "  {mod, {my_app, []}}]}.\n";
    REQUIRE(parse_terms(app, "my_app.app").size() == 1);
    int errors = 0;
    for (std::size_t n = 0; n < app.size(); ++n) {
        const std::string cut = app.substr(0, n);
        try {
            auto terms = parse_terms(cut, "my_app.app");
            // A prefix parses only while it holds no term at all, or once it holds the whole term.
            CHECK(terms.size() == (n + 1 == app.size() ? 1u : 0u));
        } catch (const DiagnosticError& error) {
            ++errors;
            const appgraph::Diagnostic& e = error.diagnostic();
            CHECK(e.kind == appgraph::DiagnosticKind::parse_error);
            CHECK(e.where.file == "my_app.app");
            CHECK(e.where.line >= 1);
            CHECK(e.where.column >= 1);
            CHECK(e.snippet.find('^') != std::string::npos);
        }
    }
    // Every prefix from the opening '{' (after the 17-byte comment line) up to the final '.' fails.
    CHECK(errors == static_cast<int>(app.size()) - 19);
}
