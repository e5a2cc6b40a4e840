// The type predicates systools_make applies to .app and .rel values (string_p, a_list_p,
// t_list_p), over the reader's Terms, and the construction of errors that point at a term.

#include "term_checks.hpp"

namespace appgraph::detail {

std::optional<std::string> as_string(const Term& t) {
    return t.as_string();
}

std::optional<std::vector<std::string>> as_atom_list(const Term& t) {
    if (t.kind == Term::Kind::string && t.text.empty()) return std::vector<std::string>{};
    if (t.kind != Term::Kind::list || t.tail) return std::nullopt;
    std::vector<std::string> names;
    names.reserve(t.items.size());
    for (const Term& item : t.items) {
        if (item.kind != Term::Kind::atom) return std::nullopt;
        names.push_back(item.text);
    }
    return names;
}

bool is_keyed_pair_list(const Term& t) {
    if (t.kind == Term::Kind::string && t.text.empty()) return true;
    if (t.kind != Term::Kind::list || t.tail) return false;
    for (const Term& item : t.items)
        if (item.kind != Term::Kind::tuple || item.items.size() != 2 || !item.items[0].is_atom())
            return false;
    return true;
}

std::string show(const Term& t) {
    std::string text = t.to_string();
    constexpr std::size_t limit = 60;
    if (text.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text = text.substr(0, cut) + "...";
    }
    return text;
}

DiagnosticError error_at(DiagnosticKind kind, std::string message, const std::string& filename,
                         std::string_view text, const Term& at, std::vector<std::string> involved) {
    return DiagnosticError(kind, SourceLocation{filename, at.line, at.column, {}},
                           std::move(message), make_snippet(text, at.line, at.column),
                           std::move(involved));
}

}  // namespace appgraph::detail
