#pragma once
// Names for the processes of a captured tree. supsim addresses a process by the ids on its path,
// joined with '/', in event lines split on blanks: an id must be a non-empty string without '/',
// '#' or blanks, and the same node captured twice should give the same names. Atoms and strings
// are used as they are (Elixir module names without their "Elixir." prefix); other terms are
// printed as Erlang prints them; terms that differ from one run to the next (references, pids,
// funs, ports) become KIND-POSITION. Characters supsim cannot take become '_'.

#include <set>
#include <string>

#include "term.hpp"

namespace appgraph::capture {

// "Elixir.KV.Registry" -> "KV.Registry"; other atoms unchanged.
std::string elixir_name(const std::string& atom);

// The name of a child id; `position` is the child's 1-based place among its siblings.
std::string readable_id(const Term& id, std::size_t position);

// Makes names unique among siblings: the second "x" becomes "x~2".
class SiblingNames {
public:
    std::string claim(const std::string& wanted);

private:
    std::set<std::string> used_;
};

}  // namespace appgraph::capture
