#pragma once
// Helpers shared by the .app and .rel loaders: systools' type predicates over terms, and errors
// that point at a term of the file being loaded. Private header.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/term.hpp"

namespace appgraph::detail {

// systools' string_p: a proper list of character codes (a string literal or a list of integers).
std::optional<std::string> as_string(const Term& t);
// systools' a_list_p: a proper list of atoms.
std::optional<std::vector<std::string>> as_atom_list(const Term& t);
// systools' t_list_p: a proper list of 2-tuples whose first element is an atom.
bool is_keyed_pair_list(const Term& t);

// The term printed for a message, cut to a readable length.
std::string show(const Term& t);

// An error pointing at `at` in `text` (a snippet with a caret under the term), to throw: the
// .app and .rel checks stop at the first problem, as systools does.
DiagnosticError error_at(DiagnosticKind kind, std::string message, const std::string& filename,
                         std::string_view text, const Term& at,
                         std::vector<std::string> involved = {});

}  // namespace appgraph::detail
