// Readable, stable names for child ids.

#include "readable_ids.hpp"

namespace appgraph::capture {

namespace {

std::string sanitize(std::string text) {
    for (char& c : text)
        if (c == '/' || c == '#' || c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
            static_cast<unsigned char>(c) < 32)
            c = '_';
    if (text.size() > 200) text.resize(200);
    return text.empty() ? std::string("_") : text;
}

bool unstable(const Term& term) {
    if (term.kind == Term::Kind::pid || term.kind == Term::Kind::reference ||
        term.kind == Term::Kind::other)
        return true;
    for (const Term& item : term.items)
        if (unstable(item)) return true;
    return false;
}

// Like format_term, with Elixir module names shortened and strings unquoted at the top.
void render(const Term& term, std::string& out) {
    switch (term.kind) {
        case Term::Kind::atom:
            out += elixir_name(term.text);
            return;
        case Term::Kind::tuple:
        case Term::Kind::list: {
            bool tuple = term.kind == Term::Kind::tuple;
            std::string printed = format_term(term);
            if (!tuple && printed.front() == '"') {  // a printable charlist
                out += printed;
                return;
            }
            out += tuple ? '{' : '[';
            for (std::size_t i = 0; i < term.items.size(); ++i) {
                if (i) out += ',';
                render(term.items[i], out);
            }
            out += tuple ? '}' : ']';
            return;
        }
        default:
            out += format_term(term);
    }
}

const char* kind_name(const Term& term) {
    switch (term.kind) {
        case Term::Kind::pid:
            return "pid";
        case Term::Kind::reference:
            return "ref";
        default:
            return term.text == "#Fun" ? "fun" : term.text == "#Port" ? "port" : "term";
    }
}

}  // namespace

std::string elixir_name(const std::string& atom) {
    if (atom.rfind("Elixir.", 0) == 0 && atom.size() > 7) return atom.substr(7);
    return atom;
}

std::string readable_id(const Term& id, std::size_t position) {
    if (id.kind == Term::Kind::atom) return sanitize(elixir_name(id.text));
    if (id.kind == Term::Kind::binary) return sanitize(id.text);
    if (unstable(id)) {
        // The whole id when it is one unstable term, else the tuple's first stable element.
        std::string base = kind_name(id);
        if ((id.kind == Term::Kind::tuple || id.kind == Term::Kind::list) && !id.items.empty() &&
            !unstable(id.items[0])) {
            std::string first;
            render(id.items[0], first);
            base = first;
        }
        return sanitize(base + "-" + std::to_string(position));
    }
    std::string out;
    render(id, out);
    return sanitize(out);
}

std::string SiblingNames::claim(const std::string& wanted) {
    std::string name = wanted;
    for (int n = 2; !used_.insert(name).second; ++n) name = wanted + "~" + std::to_string(n);
    return name;
}

}  // namespace appgraph::capture
