// The parser of the term reader: turns the lexer's tokens into Terms, one per `.`-terminated term,
// the way erl_parse:parse_term/1 (which file:consult uses) accepts them. It keeps an explicit stack
// of open containers instead of recursing, so nesting depth is bounded by max_term_depth with a
// clear error rather than by the C++ stack, and the whole input is read in one pass.

#include <algorithm>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "libappgraph/term.hpp"
#include "term_lexer.hpp"

namespace appgraph {

namespace {

using detail::Token;
using detail::TokenKind;

enum class FrameKind { tuple, list, list_tail, binary, map_key, map_value, paren, minus, plus };

struct MapState {
    Term key;                                                // the key waiting for its value
    std::unordered_map<std::string, std::size_t> key_index;  // printed key -> item index
};

struct Frame {
    FrameKind kind = FrameKind::tuple;
    Term term;  // the container being filled
    // tuple and list: where the container's elements start in Parser::items_.
    std::size_t first_item = 0;
    std::unique_ptr<MapState> map;  // map frames only
};

Term make_term(Term::Kind kind, const Token& at) {
    Term t;
    t.kind = kind;
    t.line = at.line;
    t.column = at.column;
    return t;
}

// Appends the tail of `[a | Tail]` to `list`: a proper tail is spliced in, as Erlang does.
void attach_tail(Term& list, Term tail) {
    if (tail.kind == Term::Kind::string) {
        for (Term& element : tail.list_elements()) list.items.push_back(std::move(element));
    } else if (tail.kind == Term::Kind::list) {
        for (Term& element : tail.items) list.items.push_back(std::move(element));
        list.tail = std::move(tail.tail);
    } else {
        list.tail = std::make_shared<const Term>(std::move(tail));
    }
}

// The low 8 bits of an integer term, as a binary segment of the default type stores it.
unsigned char low_byte(const Term& t) {
    if (!t.big) return static_cast<unsigned char>(static_cast<std::uint64_t>(t.integer) & 0xFF);
    // Decimal text: the value mod 256, then the sign (two's complement) applied.
    unsigned mod = 0;
    bool negative = !t.text.empty() && t.text[0] == '-';
    for (char c : t.text)
        if (c >= '0' && c <= '9') mod = (mod * 10 + static_cast<unsigned>(c - '0')) % 256;
    return static_cast<unsigned char>(negative ? (256 - mod) % 256 : mod);
}

// A text equal for two terms exactly when they are the same Erlang term (=:=): strings are
// written as the lists of code points they are, map pairs in a fixed order. Used for map keys.
std::string key_of(const Term& t) {
    switch (t.kind) {
        case Term::Kind::string:
        case Term::Kind::list: {
            std::string out = "[";
            for (const Term& item : t.list_elements()) out += key_of(item) + ",";
            if (t.tail) out += "|" + key_of(*t.tail);
            return out + "]";
        }
        case Term::Kind::tuple: {
            std::string out = "{";
            for (const Term& item : t.items) out += key_of(item) + ",";
            return out + "}";
        }
        case Term::Kind::map: {
            std::vector<std::string> pairs;
            for (std::size_t i = 0; i + 1 < t.items.size(); i += 2)
                pairs.push_back(key_of(t.items[i]) + "=>" + key_of(t.items[i + 1]));
            std::sort(pairs.begin(), pairs.end());
            std::string out = "#{";
            for (const std::string& p : pairs) out += p + ",";
            return out + "}";
        }
        case Term::Kind::floating: {
            Term f = t;
            if (f.floating == 0.0) f.floating = 0.0;  // OTP 25: 0.0 =:= -0.0
            return "f" + f.to_string();
        }
        default:
            return t.to_string();
    }
}

class Parser {
public:
    Parser(std::string_view text, const std::string& filename) : lexer_(text, filename) {
        stack_.reserve(16);
        items_.reserve(64);
        lexer_.next(token_);
    }

    std::vector<Term> parse_all() {
        std::vector<Term> terms;
        while (token_.kind != TokenKind::end) {
            terms.push_back(parse_term());
            expect_end_of_term();
            advance();
        }
        return terms;
    }

    std::optional<Term> parse_first() {
        if (token_.kind == TokenKind::end) return std::nullopt;
        Term term = parse_term();
        expect_end_of_term();
        return term;
    }

private:
    void expect_end_of_term() {
        if (token_.kind == TokenKind::dot) return;
        if (token_.kind == TokenKind::other && token_.text == ".")
            fail_at("a term must end with '.' followed by whitespace, '%' or the end of the file",
                    token_);
        fail_here("expected '.' after the term");
    }

    // Reads the next token into token_ (callers take what they need from token_ first).
    void advance() { lexer_.next(token_); }

    [[noreturn]] void fail_at(const std::string& message, const Token& at) const {
        lexer_.fail(message, at.line, at.column);
    }
    [[noreturn]] void fail_at(const std::string& message, const Term& at) const {
        lexer_.fail(message, at.line, at.column);
    }
    [[noreturn]] void fail_here(const std::string& expected) const {
        fail_at("unexpected " + describe(token_) + ": " + expected, token_);
    }

    // Opens a frame whose term starts at line:column (its kind and position set in place: the
    // frame's term is not moved in and out for every tuple and list).
    Frame& push(FrameKind kind, Term::Kind term_kind, int line, int column) {
        if (stack_.size() >= static_cast<std::size_t>(max_term_depth))
            lexer_.fail("terms nested deeper than " + std::to_string(max_term_depth) + " levels",
                        line, column);
        Frame& frame = stack_.emplace_back();
        frame.kind = kind;
        frame.term.kind = term_kind;
        frame.term.line = line;
        frame.term.column = column;
        frame.first_item = items_.size();
        if (kind == FrameKind::map_key) frame.map = std::make_unique<MapState>();
        return frame;
    }

    void push(FrameKind kind, Term term) {
        Frame& frame = push(kind, term.kind, term.line, term.column);
        frame.term = std::move(term);
    }

    // Moves the elements gathered for `frame` into its term, in one allocation of the exact
    // size: elements wait in one shared stack (items_) rather than in vectors that grow.
    void collect_items(Frame& frame) {
        const auto first = items_.begin() + static_cast<std::ptrdiff_t>(frame.first_item);
        frame.term.items.assign(std::make_move_iterator(first),
                                std::make_move_iterator(items_.end()));
        items_.erase(first, items_.end());
    }

    // Reads the start of a value: either a whole atomic term (returned) or an opening token (a
    // frame is pushed and nullopt returned, the caller then reads the first element).
    std::optional<Term> start_value() {
        const Token& t = token_;
        switch (t.kind) {
            case TokenKind::atom: {
                if (detail::is_reserved_word(t.text) && !t.quoted)
                    fail_at("'" + t.text + "' is a reserved word: quote it ('" + t.text +
                                "') to use it as an atom",
                            t);
                Term a = make_term(Term::Kind::atom, t);
                a.text = std::move(token_.text);
                advance();
                return a;
            }
            case TokenKind::variable:
                fail_at("variables are not allowed in a term: " + t.text + " (quote it, '" +
                            t.text + "', to make it an atom)",
                        t);
            case TokenKind::string: {
                Term s = make_term(Term::Kind::string, t);
                s.text = std::move(token_.text);
                advance();
                while (token_.kind == TokenKind::string) {
                    s.text += token_.text;  // "a" "b" == "ab"
                    advance();
                }
                return s;
            }
            case TokenKind::character:
            case TokenKind::integer: {
                Term i = make_term(Term::Kind::integer, t);
                i.integer = token_.integer;
                i.big = token_.big;
                if (token_.big) i.text = std::move(token_.text);
                advance();
                return i;
            }
            case TokenKind::floating: {
                Term f = make_term(Term::Kind::floating, t);
                f.floating = token_.floating;
                advance();
                return f;
            }
            case TokenKind::lbrace:
                return open(FrameKind::tuple, Term::Kind::tuple, TokenKind::rbrace);
            case TokenKind::lbracket:
                return open(FrameKind::list, Term::Kind::list, TokenKind::rbracket);
            case TokenKind::open_binary:
                return open(FrameKind::binary, Term::Kind::binary, TokenKind::close_binary);
            case TokenKind::hash: {
                Term m = make_term(Term::Kind::map, t);
                advance();
                if (token_.kind != TokenKind::lbrace)
                    fail_here("expected '{' after '#' (records are not terms)");
                advance();
                if (token_.kind == TokenKind::rbrace) {
                    advance();
                    return m;
                }
                push(FrameKind::map_key, std::move(m));
                return std::nullopt;
            }
            case TokenKind::lparen:
                push(FrameKind::paren, make_term(Term::Kind::atom, t));
                advance();
                return std::nullopt;
            case TokenKind::minus:
            case TokenKind::plus:
                push(t.kind == TokenKind::minus ? FrameKind::minus : FrameKind::plus,
                     make_term(Term::Kind::integer, t));
                advance();
                return std::nullopt;
            default:
                fail_here("expected a term");
        }
    }

    std::optional<Term> open(FrameKind frame, Term::Kind kind, TokenKind closing) {
        const int line = token_.line;
        const int column = token_.column;
        advance();
        if (token_.kind == closing) {
            advance();
            Term empty;
            empty.kind = kind;
            empty.line = line;
            empty.column = column;
            return empty;
        }
        push(frame, kind, line, column);
        return std::nullopt;
    }

    Term parse_term() {
        const std::size_t base = stack_.size();
        bool from_operator = false;  // the value is the result of unary -/+ (not negatable again)
        while (true) {
            std::optional<Term> value = start_value();
            if (!value) continue;
            from_operator = false;
            // Hand the finished value to the innermost open container, closing containers for as
            // long as their closing token follows.
            while (true) {
                if (stack_.size() == base) return std::move(*value);
                Frame& top = stack_.back();
                if (add_to_frame(top, std::move(*value), from_operator))
                    break;  // needs another value
                value = std::move(top.term);
                from_operator = top.kind == FrameKind::minus || top.kind == FrameKind::plus ||
                                (top.kind == FrameKind::paren && from_operator);
                stack_.pop_back();
            }
        }
    }

    // Adds `value` to `frame`. Returns true when the frame now needs another value, false when the
    // frame is complete (its term is then the finished value).
    bool add_to_frame(Frame& frame, Term&& value, bool from_operator) {
        switch (frame.kind) {
            case FrameKind::minus:
            case FrameKind::plus: {
                bool number =
                    value.kind == Term::Kind::integer || value.kind == Term::Kind::floating;
                if (!number || from_operator)
                    fail_at(std::string("unary '") + (frame.kind == FrameKind::minus ? "-" : "+") +
                                "' applies only to a number",
                            frame.term);
                const int line = frame.term.line;
                const int column = frame.term.column;
                frame.term = std::move(value);
                frame.term.line = line;
                frame.term.column = column;
                if (frame.kind == FrameKind::minus) negate(frame.term);
                return false;
            }
            case FrameKind::paren:
                expect_close(TokenKind::rparen, "expected ')'");
                frame.term = std::move(value);
                return false;
            case FrameKind::tuple:
                items_.push_back(std::move(value));
                if (separator_or_close(TokenKind::rbrace, "expected ',' or '}'")) return true;
                collect_items(frame);
                return false;
            case FrameKind::list:
                items_.push_back(std::move(value));
                if (token_.kind == TokenKind::bar) {
                    advance();
                    collect_items(frame);
                    frame.kind = FrameKind::list_tail;
                    return true;
                }
                if (separator_or_close(TokenKind::rbracket, "expected ',', '|' or ']'"))
                    return true;
                collect_items(frame);
                return false;
            case FrameKind::list_tail:
                attach_tail(frame.term, std::move(value));
                expect_close(TokenKind::rbracket, "expected ']' after the tail of a list");
                return false;
            case FrameKind::binary:
                add_segment(frame.term, value);
                if (token_.kind == TokenKind::other && (token_.text == ":" || token_.text == "/"))
                    fail_here("binary segment sizes and types are not supported");
                return separator_or_close(TokenKind::close_binary, "expected ',' or '>>'");
            case FrameKind::map_key:
                frame.map->key = std::move(value);
                if (token_.kind != TokenKind::arrow) fail_here("expected '=>' after a map key");
                advance();
                frame.kind = FrameKind::map_value;
                return true;
            case FrameKind::map_value: {
                // Duplicate keys: the last one wins, as in Erlang.
                auto [it, inserted] =
                    frame.map->key_index.emplace(key_of(frame.map->key), frame.term.items.size());
                if (inserted) {
                    frame.term.items.push_back(std::move(frame.map->key));
                    frame.term.items.push_back(std::move(value));
                } else {
                    frame.term.items[it->second + 1] = std::move(value);
                }
                frame.kind = FrameKind::map_key;
                return separator_or_close(TokenKind::rbrace, "expected ',' or '}'");
            }
        }
        return false;
    }

    bool separator_or_close(TokenKind closing, const char* expected) {
        if (token_.kind == TokenKind::comma) {
            advance();
            return true;
        }
        expect_close(closing, expected);
        return false;
    }

    void expect_close(TokenKind closing, const char* expected) {
        if (token_.kind != closing) fail_here(expected);
        advance();
    }

    void add_segment(Term& binary, const Term& value) {
        if (value.kind == Term::Kind::integer) {
            binary.text += static_cast<char>(low_byte(value));
        } else if (value.kind == Term::Kind::string) {
            for (const Term& c : value.list_elements())
                binary.text += static_cast<char>(low_byte(c));
        } else {
            fail_at("a binary segment must be an integer or a string", value);
        }
    }

    static void negate(Term& t) {
        if (t.kind == Term::Kind::floating) {
            t.floating = -t.floating;
        } else if (t.big) {
            if (t.text == "9223372036854775808") {
                t.big = false;
                t.text.clear();
                t.integer = std::numeric_limits<std::int64_t>::min();
            } else if (t.text[0] == '-') {
                t.text.erase(0, 1);
            } else {
                t.text.insert(0, 1, '-');
            }
        } else {
            t.integer = -t.integer;
        }
    }

    detail::TermLexer lexer_;
    Token token_;
    std::vector<Frame> stack_;
    std::vector<Term> items_;  // elements of the open tuples and lists, innermost last
};

}  // namespace

std::vector<Term> parse_terms(std::string_view text, const std::string& filename) {
    return Parser(text, filename).parse_all();
}

std::optional<Term> parse_first_term(std::string_view text, const std::string& filename) {
    return Parser(text, filename).parse_first();
}

}  // namespace appgraph
