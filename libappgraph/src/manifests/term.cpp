// Term: the value model of the term reader, and the views of it that manifests need. Erlang has
// no string type: "abc" is the list [97,98,99]. The reader keeps string literals as one UTF-8
// text (cheap for .app files full of descriptions), and the accessors here make such a literal
// and the equivalent list of integers indistinguishable, as =:= does.

#include <charconv>
#include <string>
#include <utility>

#include "../utf8.hpp"
#include "libappgraph/term.hpp"
#include "term_lexer.hpp"

namespace appgraph {

namespace {

bool is_code_point(const Term& t) {
    return t.kind == Term::Kind::integer && !t.big && t.integer >= 0 && t.integer <= 0x10FFFF &&
           !(t.integer >= 0xD800 && t.integer <= 0xDFFF);
}

bool is_bare_atom(const std::string& name) {
    if (name.empty() || !(name[0] >= 'a' && name[0] <= 'z')) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '@';
        if (!ok) return false;
    }
    return !detail::is_reserved_word(name);
}

void append_quoted(std::string& out, std::string_view text, char quote) {
    out += quote;
    detail::for_each_code_point(text, [&](char32_t c) {
        switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\\':
                out += "\\\\";
                break;
            default:
                if (c == static_cast<char32_t>(quote)) {
                    out += '\\';
                    out += quote;
                } else if (c < 0x20 || c == 0x7F) {
                    out += '\\';
                    out += static_cast<char>('0' + ((c >> 6) & 7));
                    out += static_cast<char>('0' + ((c >> 3) & 7));
                    out += static_cast<char>('0' + (c & 7));
                } else {
                    detail::append_utf8(out, c);
                }
        }
    });
    out += quote;
}

// Erlang's shortest notation: the shortest round-trip digits, written in fixed or scientific
// form, whichever is shorter (fixed on a tie): 1500.0 is 1.5e3, 0.001 stays 0.001.
std::string float_text(double value) {
    char buf[64];
    auto fixed_end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed).ptr;
    std::string fixed(buf, fixed_end);
    if (fixed.find('.') == std::string::npos) fixed += ".0";
    auto sci_end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
    std::string sci(buf, sci_end);
    std::size_t e = sci.find('e');
    std::string mantissa = sci.substr(0, e);
    if (mantissa.find('.') == std::string::npos) mantissa += ".0";
    int exponent = std::stoi(sci.substr(e + 1));
    std::string scientific = mantissa + "e" + std::to_string(exponent);
    return scientific.size() < fixed.size() ? scientific : fixed;
}

void append_term(std::string& out, const Term& t) {
    switch (t.kind) {
        case Term::Kind::atom:
            if (is_bare_atom(t.text))
                out += t.text;
            else
                append_quoted(out, t.text, '\'');
            break;
        case Term::Kind::integer:
            out += t.big ? t.text : std::to_string(t.integer);
            break;
        case Term::Kind::floating:
            out += float_text(t.floating);
            break;
        case Term::Kind::string:
            append_quoted(out, t.text, '"');
            break;
        case Term::Kind::binary: {
            out += "<<";
            for (std::size_t i = 0; i < t.text.size(); ++i) {
                if (i) out += ',';
                out += std::to_string(static_cast<unsigned char>(t.text[i]));
            }
            out += ">>";
            break;
        }
        case Term::Kind::tuple:
        case Term::Kind::list:
        case Term::Kind::map: {
            const bool map = t.kind == Term::Kind::map;
            out += t.kind == Term::Kind::tuple ? "{" : map ? "#{" : "[";
            for (std::size_t i = 0; i < t.items.size(); ++i) {
                if (i) out += map && i % 2 ? " => " : ",";
                append_term(out, t.items[i]);
            }
            if (t.tail) {
                out += '|';
                append_term(out, *t.tail);
            }
            out += t.kind == Term::Kind::tuple ? "}" : map ? "}" : "]";
            break;
        }
    }
}

}  // namespace

std::optional<std::string> Term::as_string() const {
    if (kind == Kind::string) return text;
    if (kind != Kind::list || tail) return std::nullopt;
    std::string out;
    for (const Term& item : items) {
        if (!is_code_point(item)) return std::nullopt;
        detail::append_utf8(out, static_cast<char32_t>(item.integer));
    }
    return out;
}

bool Term::is_proper_list() const {
    return kind == Kind::string || (kind == Kind::list && !tail);
}

std::size_t Term::list_size() const {
    if (kind != Kind::string) return items.size();
    std::size_t n = 0;
    detail::for_each_code_point(text, [&](char32_t) { ++n; });
    return n;
}

std::vector<Term> Term::list_elements() const {
    if (kind != Kind::string) return items;
    std::vector<Term> out;
    detail::for_each_code_point(text, [&](char32_t c) {
        Term ch;
        ch.kind = Kind::integer;
        ch.integer = static_cast<std::int64_t>(c);
        ch.line = line;
        ch.column = column;
        out.push_back(std::move(ch));
    });
    return out;
}

std::string Term::to_string() const {
    std::string out;
    append_term(out, *this);
    return out;
}

bool operator==(const Term& a, const Term& b) {
    const bool a_list = a.kind == Term::Kind::list || a.kind == Term::Kind::string;
    const bool b_list = b.kind == Term::Kind::list || b.kind == Term::Kind::string;
    if (a_list && b_list) {
        if (a.kind == Term::Kind::string && b.kind == Term::Kind::string) return a.text == b.text;
        if (a.kind == Term::Kind::string || b.kind == Term::Kind::string) {
            if (!a.is_proper_list() || !b.is_proper_list()) return false;
            return a.list_elements() == b.list_elements();
        }
        if ((a.tail == nullptr) != (b.tail == nullptr)) return false;
        if (a.items != b.items) return false;
        return !a.tail || *a.tail == *b.tail;
    }
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case Term::Kind::atom:
        case Term::Kind::binary:
            return a.text == b.text;
        case Term::Kind::integer:
            return a.big == b.big && (a.big ? a.text == b.text : a.integer == b.integer);
        case Term::Kind::floating:
            return a.floating == b.floating;
        case Term::Kind::tuple:
            return a.items == b.items;
        case Term::Kind::map: {
            // Maps compare as sets of pairs.
            if (a.items.size() != b.items.size()) return false;
            for (std::size_t i = 0; i + 1 < a.items.size(); i += 2) {
                bool found = false;
                for (std::size_t j = 0; j + 1 < b.items.size() && !found; j += 2)
                    found = a.items[i] == b.items[j] && a.items[i + 1] == b.items[j + 1];
                if (!found) return false;
            }
            return true;
        }
        default:
            return false;
    }
}

}  // namespace appgraph
