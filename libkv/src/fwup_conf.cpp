// The `uboot-environment NAME { block-offset = N  block-count = N  block-offset-redund = N }`
// section of a fwup.conf, in 512-byte blocks. The file is tokenized just enough for that: words,
// quoted strings, punctuation, '#' comments. Real Nerves configurations give these numbers
// through variables, so `define(NAME, VALUE)` (keeps an earlier value), `define!(NAME, VALUE)`
// (overrides) and `define-eval(NAME, "EXPR")` (integer + - * / % and parentheses) are honoured and
// `${NAME}` is expanded, in file order, as fwup does. Environment variables are not consulted.

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <map>

#include "libkv/error.hpp"
#include "libkv/location.hpp"

namespace kv {

namespace {

struct Token {
    std::string text;
    std::size_t line = 0;
    bool quoted = false;
};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (is_space(c)) {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '"') {
            std::size_t start = ++i, first_line = line;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\n') ++line;
                ++i;
            }
            tokens.push_back({std::string(text.substr(start, i - start)), first_line, true});
            ++i;
        } else if (std::string_view("{}=,()").find(c) != std::string_view::npos) {
            tokens.push_back({std::string(1, c), line, false});
            ++i;
        } else {
            std::size_t start = i;
            while (i < text.size() && !is_space(text[i]) &&
                   std::string_view("{}=,()#\"").find(text[i]) == std::string_view::npos) {
                if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
                    std::size_t close = text.find('}', i);  // ${VAR} stays one word
                    i = close == std::string_view::npos ? text.size() : close + 1;
                } else {
                    ++i;
                }
            }
            tokens.push_back({std::string(text.substr(start, i - start)), line, false});
        }
    }
    return tokens;
}

using Variables = std::map<std::string, std::string, std::less<>>;

// Limits that keep a hostile or mistaken file from exhausting the process: real fwup.conf values
// are a few dozen bytes and expressions nest a few levels.
constexpr std::size_t kMaxExpandedText = 64 * 1024;
constexpr int kMaxNesting = 200;

// Expands ${NAME}; an undefined name is an error naming it.
std::string expand(const std::string& text, const Variables& vars, const std::string& where) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t open = text.find("${", i);
        if (open == std::string::npos) {
            out.append(text, i, std::string::npos);
            break;
        }
        std::size_t close = text.find('}', open);
        if (close == std::string::npos)
            throw Error(ErrorKind::parse, where + "unterminated '${' in '" + text + "'");
        out.append(text, i, open - i);
        std::string name = text.substr(open + 2, close - open - 2);
        auto it = vars.find(name);
        if (it == vars.end())
            throw Error(ErrorKind::parse, where + "'" + name + "' is not defined");
        if (out.size() + it->second.size() > kMaxExpandedText)
            throw Error(ErrorKind::parse, where + "the expansion of '" + text.substr(0, 80) +
                                              "' exceeds " + std::to_string(kMaxExpandedText) +
                                              " bytes");
        out += it->second;
        i = close + 1;
    }
    if (out.size() > kMaxExpandedText)
        throw Error(ErrorKind::parse,
                    where + "a value exceeds " + std::to_string(kMaxExpandedText) + " bytes");
    return out;
}

std::optional<std::uint64_t> parse_number(const std::string& s) {
    if (s.empty() || s[0] == '-' || s[0] == '+') return std::nullopt;
    int base = 10;
    std::size_t skip = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        skip = 2;
    }
    char* end = nullptr;
    errno = 0;
    unsigned long long v = std::strtoull(s.c_str() + skip, &end, base);
    if (errno != 0 || *end != '\0' || end == s.c_str() + skip) return std::nullopt;
    return v;
}

// Integer arithmetic for define-eval: + - * / % and parentheses over decimal or 0x numbers.
class Expression {
public:
    Expression(const std::string& text, std::string where) : s_(text), where_(std::move(where)) {}
    long long evaluate() {
        long long v = sum();
        skip();
        if (pos_ != s_.size()) fail("unexpected '" + s_.substr(pos_) + "'");
        return v;
    }

private:
    [[noreturn]] void fail(const std::string& why) {
        throw Error(ErrorKind::parse, where_ + "cannot evaluate \"" + s_ + "\": " + why);
    }
    void skip() {
        while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
    }
    // Every operation is checked: an overflow is an error, never a wrapped value (which could
    // place the environment at the start of the disk) nor a trap (INT64_MIN / -1).
    long long checked(char op, long long a, long long b) {
        long long r = 0;
        bool overflow = false;
        switch (op) {
            case '+':
                overflow = __builtin_add_overflow(a, b, &r);
                break;
            case '-':
                overflow = __builtin_sub_overflow(a, b, &r);
                break;
            case '*':
                overflow = __builtin_mul_overflow(a, b, &r);
                break;
            default:
                if (b == 0) fail("division by zero");
                overflow = a == LLONG_MIN && b == -1;
                if (!overflow) r = op == '/' ? a / b : a % b;
        }
        if (overflow)
            fail("the result of " + std::to_string(a) + " " + op + " " + std::to_string(b) +
                 " does not fit in 64 bits");
        return r;
    }
    long long sum() {
        long long v = product();
        for (skip(); pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-'); skip()) {
            char op = s_[pos_++];
            v = checked(op, v, product());
        }
        return v;
    }
    long long product() {
        long long v = atom();
        for (skip(); pos_ < s_.size() && (s_[pos_] == '*' || s_[pos_] == '/' || s_[pos_] == '%');
             skip()) {
            char op = s_[pos_++];
            v = checked(op, v, atom());
        }
        return v;
    }
    // Parentheses and unary minus recurse: their depth is bounded.
    long long nested(long long (Expression::*inner)()) {
        if (++depth_ > kMaxNesting)
            fail("nested more than " + std::to_string(kMaxNesting) + " levels deep");
        long long v = (this->*inner)();
        --depth_;
        return v;
    }
    long long atom() {
        skip();
        if (pos_ < s_.size() && s_[pos_] == '(') {
            ++pos_;
            long long v = nested(&Expression::sum);
            skip();
            if (pos_ >= s_.size() || s_[pos_] != ')') fail("missing ')'");
            ++pos_;
            return v;
        }
        if (pos_ < s_.size() && s_[pos_] == '-') {
            ++pos_;
            return checked('-', 0, nested(&Expression::atom));
        }
        std::size_t start = pos_;
        while (pos_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[pos_]))) ++pos_;
        auto v = parse_number(s_.substr(start, pos_ - start));
        if (!v) fail("expected a number at '" + s_.substr(start) + "'");
        if (*v > static_cast<std::uint64_t>(LLONG_MAX))
            fail(s_.substr(start, pos_ - start) + " does not fit in a signed 64-bit number");
        return static_cast<long long>(*v);
    }

    std::string s_;
    std::string where_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

// define(NAME, VALUE) / define!(...) / define-eval(...) / define-eval!(...) at t[i]; returns the
// index after it, or i when t[i] is not a definition.
std::size_t read_definition(const std::vector<Token>& t, std::size_t i, Variables& vars,
                            const std::string& file_name) {
    const std::string& word = t[i].text;
    bool eval = word == "define-eval" || word == "define-eval!";
    bool force = word == "define!" || word == "define-eval!";
    if (t[i].quoted || (!eval && word != "define" && word != "define!")) return i;
    std::string where = file_name + ":" + std::to_string(t[i].line) + ": ";
    if (i + 5 >= t.size() || t[i + 1].text != "(" || t[i + 3].text != "," || t[i + 5].text != ")")
        throw Error(ErrorKind::parse, where + "expected " + word + "(NAME, VALUE)");
    std::string value = expand(t[i + 4].text, vars, where);
    if (eval) value = std::to_string(Expression(value, where).evaluate());
    if (force || vars.find(t[i + 2].text) == vars.end()) vars[t[i + 2].text] = value;
    return i + 6;
}

}  // namespace

Location parse_fwup_conf(std::string_view text, const std::string& file_name,
                         std::string_view env_name, const std::string& image_path) {
    std::vector<Token> t = tokenize(text);
    Variables vars;
    for (std::size_t i = 0; i < t.size();) {
        std::size_t next = read_definition(t, i, vars, file_name);
        if (next != i) {
            i = next;
            continue;
        }
        if (i + 2 >= t.size() || t[i].quoted || t[i].text != "uboot-environment" ||
            t[i + 1].text != env_name || t[i + 2].text != "{") {
            ++i;
            continue;
        }
        std::optional<std::uint64_t> block_offset, block_count, redund;
        std::size_t j = i + 3;
        for (; j < t.size() && t[j].text != "}"; j += 3) {
            std::string where = file_name + ":" + std::to_string(t[j].line) + ": ";
            if (j + 2 >= t.size() || t[j + 1].text != "=")
                throw Error(ErrorKind::parse, where +
                                                  "expected 'NAME = VALUE' in uboot-environment " +
                                                  std::string(env_name));
            const std::string& key = t[j].text;
            bool known =
                key == "block-offset" || key == "block-count" || key == "block-offset-redund";
            if (!known) continue;
            std::string expanded = expand(t[j + 2].text, vars, where);
            std::optional<std::uint64_t> value = parse_number(expanded);
            if (!value)
                throw Error(ErrorKind::parse, where + key + " = '" + t[j + 2].text +
                                                  "' is not a number (decimal or 0x hex)");
            if (key == "block-offset") block_offset = value;
            if (key == "block-count") block_count = value;
            if (key == "block-offset-redund") redund = value;
        }
        std::string where = file_name + ":" + std::to_string(t[i].line) + ": ";
        if (j >= t.size())
            throw Error(ErrorKind::parse, where + "uboot-environment " + std::string(env_name) +
                                              " has no closing '}'");
        if (!block_offset || !block_count)
            throw Error(ErrorKind::parse, where + "uboot-environment " + std::string(env_name) +
                                              " needs block-offset and block-count");
        if (*block_count == 0) throw Error(ErrorKind::parse, where + "block-count is 0");
        // Blocks of 512 bytes: every product is checked, and a block beyond what fwkv handles
        // (or an offset beyond what a file can have) is an error before anything is read or
        // written.
        auto bytes_of = [&](std::uint64_t blocks, const char* key) {
            std::uint64_t bytes = 0;
            if (__builtin_mul_overflow(blocks, std::uint64_t{512}, &bytes) ||
                bytes > static_cast<std::uint64_t>(INT64_MAX))
                throw Error(ErrorKind::parse, where + key + " = " + std::to_string(blocks) +
                                                  " blocks of 512 bytes is past the largest "
                                                  "offset a file can have");
            return bytes;
        };
        std::uint64_t size = bytes_of(*block_count, "block-count");
        if (size > kMaxBlockSize)
            throw Error(ErrorKind::parse, where + "block-count = " + std::to_string(*block_count) +
                                              " makes a block of " + hex(size) +
                                              " bytes, larger than the largest environment "
                                              "fwkv handles (" +
                                              hex(kMaxBlockSize) + ", 1 GiB)");
        std::uint64_t offset = bytes_of(*block_offset, "block-offset");
        Location location;
        location.geometry_source = where.substr(0, where.size() - 2);
        location.copies.push_back({image_path, static_cast<std::int64_t>(offset), size});
        if (redund) {
            std::uint64_t second = bytes_of(*redund, "block-offset-redund");
            if (offset < second + size && second < offset + size)
                throw Error(ErrorKind::parse, where + "the two copies overlap: bytes " +
                                                  hex(offset) + "-" + hex(offset + size - 1) +
                                                  " and " + hex(second) + "-" +
                                                  hex(second + size - 1));
            location.copies.push_back({image_path, static_cast<std::int64_t>(second), size});
        }
        return location;
    }
    throw Error(ErrorKind::parse, file_name + ": no 'uboot-environment " + std::string(env_name) +
                                      " { ... }' section");
}

}  // namespace kv
