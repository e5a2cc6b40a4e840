// Decoding of the external term format into Term, and Erlang's ~w printing of it.

#include "term.hpp"

#include <ei.h>

#include <cstdio>

namespace appgraph::capture {

const Term* Term::map_get(std::string_view key) const {
    if (kind != Kind::map) return nullptr;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2)
        if (items[i].is_atom(key)) return &items[i + 1];
    return nullptr;
}

const Term* Term::property(std::string_view key) const {
    if (kind != Kind::list) return nullptr;
    for (const Term& item : items)
        if (item.is_tuple(2) && item.items[0].is_atom(key)) return &item.items[1];
    return nullptr;
}

namespace {

constexpr int kMaxDepth = 200;  // supervisor states are shallow; a deeper reply is refused

std::optional<Term> decode(const char* buf, int* index, int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    int type = 0, size = 0;
    if (ei_get_type(buf, index, &type, &size) < 0) return std::nullopt;
    Term term;
    switch (type) {
        case ERL_ATOM_EXT:
        case ERL_SMALL_ATOM_EXT:
        case ERL_ATOM_UTF8_EXT:
        case ERL_SMALL_ATOM_UTF8_EXT: {
            char atom[MAXATOMLEN_UTF8];
            if (ei_decode_atom_as(buf, index, atom, sizeof atom, ERLANG_UTF8, nullptr, nullptr) < 0)
                return std::nullopt;
            term.kind = Term::Kind::atom;
            term.text = atom;
            return term;
        }
        case ERL_SMALL_INTEGER_EXT:
        case ERL_INTEGER_EXT:
        case ERL_SMALL_BIG_EXT:
        case ERL_LARGE_BIG_EXT: {
            term.kind = Term::Kind::integer;
            long long value = 0;
            int at = *index;
            if (ei_decode_longlong(buf, &at, &value) == 0) {
                term.integer = value;
                *index = at;
            } else {
                term.big = true;
                term.text = "bignum";
                if (ei_skip_term(buf, index) < 0) return std::nullopt;
            }
            return term;
        }
        case ERL_FLOAT_EXT:
        case NEW_FLOAT_EXT: {
            term.kind = Term::Kind::float_number;
            if (ei_decode_double(buf, index, &term.number) < 0) return std::nullopt;
            return term;
        }
        case ERL_BINARY_EXT: {
            term.kind = Term::Kind::binary;
            term.text.resize(static_cast<std::size_t>(size));
            long length = 0;
            if (ei_decode_binary(buf, index, term.text.data(), &length) < 0) return std::nullopt;
            term.text.resize(static_cast<std::size_t>(length));
            return term;
        }
        case ERL_STRING_EXT: {
            // A list of small integers sent compactly; kept as the list it is.
            term.kind = Term::Kind::list;
            std::string bytes(static_cast<std::size_t>(size) + 1, '\0');
            if (ei_decode_string(buf, index, bytes.data()) < 0) return std::nullopt;
            bytes.resize(static_cast<std::size_t>(size));
            for (unsigned char c : bytes) {
                Term item;
                item.kind = Term::Kind::integer;
                item.integer = c;
                term.items.push_back(item);
            }
            return term;
        }
        case ERL_NIL_EXT:
        case ERL_LIST_EXT: {
            term.kind = Term::Kind::list;
            int arity = 0;
            if (ei_decode_list_header(buf, index, &arity) < 0) return std::nullopt;
            term.items.reserve(static_cast<std::size_t>(arity));
            for (int i = 0; i < arity; ++i) {
                auto item = decode(buf, index, depth + 1);
                if (!item) return std::nullopt;
                term.items.push_back(std::move(*item));
            }
            if (arity > 0) {  // the tail: [] for a proper list
                auto tail = decode(buf, index, depth + 1);
                if (!tail) return std::nullopt;
                if (!(tail->kind == Term::Kind::list && tail->items.empty()))
                    term.items.push_back(std::move(*tail));
            }
            return term;
        }
        case ERL_SMALL_TUPLE_EXT:
        case ERL_LARGE_TUPLE_EXT: {
            term.kind = Term::Kind::tuple;
            int arity = 0;
            if (ei_decode_tuple_header(buf, index, &arity) < 0) return std::nullopt;
            term.items.reserve(static_cast<std::size_t>(arity));
            for (int i = 0; i < arity; ++i) {
                auto item = decode(buf, index, depth + 1);
                if (!item) return std::nullopt;
                term.items.push_back(std::move(*item));
            }
            return term;
        }
        case ERL_MAP_EXT: {
            term.kind = Term::Kind::map;
            int arity = 0;
            if (ei_decode_map_header(buf, index, &arity) < 0) return std::nullopt;
            term.items.reserve(static_cast<std::size_t>(arity) * 2);
            for (int i = 0; i < 2 * arity; ++i) {
                auto item = decode(buf, index, depth + 1);
                if (!item) return std::nullopt;
                term.items.push_back(std::move(*item));
            }
            return term;
        }
        case ERL_PID_EXT:
        case ERL_NEW_PID_EXT: {
            erlang_pid pid;
            if (ei_decode_pid(buf, index, &pid) < 0) return std::nullopt;
            term.kind = Term::Kind::pid;
            term.pid_node = pid.node;
            term.pid_number = pid.num;
            term.pid_serial = pid.serial;
            term.pid_creation = pid.creation;
            char text[64];
            std::snprintf(text, sizeof text, "<%u.%u>", pid.num, pid.serial);
            term.text = text;
            return term;
        }
        case ERL_REFERENCE_EXT:
        case ERL_NEW_REFERENCE_EXT:
        case ERL_NEWER_REFERENCE_EXT: {
            term.kind = Term::Kind::reference;
            term.text = "#Ref";
            if (ei_skip_term(buf, index) < 0) return std::nullopt;
            return term;
        }
        default: {
            term.kind = Term::Kind::other;
            term.text =
                (type == ERL_FUN_EXT || type == ERL_NEW_FUN_EXT || type == ERL_EXPORT_EXT) ? "#Fun"
                : (type == ERL_PORT_EXT || type == ERL_NEW_PORT_EXT || type == ERL_V4_PORT_EXT)
                    ? "#Port"
                    : "#Term";
            if (ei_skip_term(buf, index) < 0) return std::nullopt;
            return term;
        }
    }
}

bool needs_quotes(const std::string& atom) {
    if (atom.empty() || !(atom[0] >= 'a' && atom[0] <= 'z')) return true;
    for (char c : atom)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '@'))
            return true;
    return false;
}

bool printable_list(const Term& term) {
    if (term.items.empty()) return false;
    for (const Term& item : term.items)
        if (!item.is_integer() || item.integer < 32 || item.integer > 126) return false;
    return true;
}

void format(const Term& term, std::string& out) {
    switch (term.kind) {
        case Term::Kind::atom:
            if (needs_quotes(term.text))
                out += "'" + term.text + "'";
            else
                out += term.text;
            return;
        case Term::Kind::integer:
            out += term.big ? term.text : std::to_string(term.integer);
            return;
        case Term::Kind::float_number: {
            char text[40];
            std::snprintf(text, sizeof text, "%g", term.number);
            out += text;
            return;
        }
        case Term::Kind::binary: {
            bool printable = true;
            for (unsigned char c : term.text)
                if (c < 32 || c > 126 || c == '"' || c == '\\') printable = false;
            if (printable) {
                out += "<<\"" + term.text + "\">>";
            } else {
                out += "<<";
                for (std::size_t i = 0; i < term.text.size(); ++i) {
                    if (i) out += ',';
                    out += std::to_string(static_cast<unsigned char>(term.text[i]));
                }
                out += ">>";
            }
            return;
        }
        case Term::Kind::list:
            if (printable_list(term)) {
                out += '"';
                for (const Term& item : term.items) out += static_cast<char>(item.integer);
                out += '"';
                return;
            }
            out += '[';
            for (std::size_t i = 0; i < term.items.size(); ++i) {
                if (i) out += ',';
                format(term.items[i], out);
            }
            out += ']';
            return;
        case Term::Kind::tuple:
            out += '{';
            for (std::size_t i = 0; i < term.items.size(); ++i) {
                if (i) out += ',';
                format(term.items[i], out);
            }
            out += '}';
            return;
        case Term::Kind::map:
            out += "#{";
            for (std::size_t i = 0; i + 1 < term.items.size(); i += 2) {
                if (i) out += ',';
                format(term.items[i], out);
                out += "=>";
                format(term.items[i + 1], out);
            }
            out += '}';
            return;
        case Term::Kind::pid:
        case Term::Kind::reference:
        case Term::Kind::other:
            out += term.text;
            return;
    }
}

}  // namespace

std::optional<Term> decode_term(const char* buf, int* index) {
    return decode(buf, index, 0);
}

bool encode_term(const Term& term, ei_x_buff* out) {
    switch (term.kind) {
        case Term::Kind::atom:
            return ei_x_encode_atom_len_as(out, term.text.data(),
                                           static_cast<int>(term.text.size()), ERLANG_UTF8,
                                           ERLANG_UTF8) == 0;
        case Term::Kind::integer:
            return !term.big && ei_x_encode_longlong(out, term.integer) == 0;
        case Term::Kind::float_number:
            return ei_x_encode_double(out, term.number) == 0;
        case Term::Kind::binary:
            return ei_x_encode_binary(out, term.text.data(), static_cast<int>(term.text.size())) ==
                   0;
        case Term::Kind::list:
            if (!term.items.empty()) {
                if (ei_x_encode_list_header(out, static_cast<long>(term.items.size())) != 0)
                    return false;
                for (const Term& item : term.items)
                    if (!encode_term(item, out)) return false;
            }
            return ei_x_encode_empty_list(out) == 0;
        case Term::Kind::tuple:
            if (ei_x_encode_tuple_header(out, static_cast<long>(term.items.size())) != 0)
                return false;
            for (const Term& item : term.items)
                if (!encode_term(item, out)) return false;
            return true;
        case Term::Kind::map:
            if (ei_x_encode_map_header(out, static_cast<long>(term.items.size() / 2)) != 0)
                return false;
            for (const Term& item : term.items)
                if (!encode_term(item, out)) return false;
            return true;
        case Term::Kind::pid: {
            erlang_pid pid{};
            if (term.pid_node.size() >= sizeof pid.node) return false;
            std::snprintf(pid.node, sizeof pid.node, "%s", term.pid_node.c_str());
            pid.num = static_cast<unsigned>(term.pid_number);
            pid.serial = static_cast<unsigned>(term.pid_serial);
            pid.creation = static_cast<unsigned>(term.pid_creation);
            return ei_x_encode_pid(out, &pid) == 0;
        }
        case Term::Kind::reference:
        case Term::Kind::other:
            return false;
    }
    return false;
}

std::string format_term(const Term& term) {
    std::string out;
    format(term, out);
    return out;
}

}  // namespace appgraph::capture
