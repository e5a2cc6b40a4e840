#pragma once
// Erlang terms as the capture reads them from a node's replies: decoded once from the external
// term format (erl_interface's ei_decode_*) into a small tree that the readers pattern-match.
// Only the kinds a supervisor's state holds are kept apart; funs, ports and bit strings are
// decoded as `other` with their printed form, since the capture only ever names them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ei.h>

namespace appgraph::capture {

struct Term {
    enum class Kind {
        atom,
        integer,
        float_number,
        binary,
        list,
        tuple,
        map,
        pid,
        reference,
        other
    };
    Kind kind = Kind::atom;
    std::string text;  // atom name, binary bytes, or the printed form of pid/ref/other
    std::int64_t integer = 0;
    bool big = false;  // an integer that does not fit 64 bits (text holds its sign only)
    double number = 0;
    std::vector<Term> items;  // list and tuple elements; map: key, value, key, value, ...
    // A pid's identity (node, number, serial), comparable and usable as a map key.
    std::string pid_node;
    std::uint64_t pid_number = 0;
    std::uint64_t pid_serial = 0;
    std::uint64_t pid_creation = 0;

    bool is_atom() const { return kind == Kind::atom; }
    bool is_atom(std::string_view name) const { return kind == Kind::atom && text == name; }
    bool is_tuple(std::size_t arity) const { return kind == Kind::tuple && items.size() == arity; }
    bool is_list() const { return kind == Kind::list; }
    bool is_pid() const { return kind == Kind::pid; }
    bool is_integer() const { return kind == Kind::integer && !big; }
    // The value under an atom key of a map, or nullptr.
    const Term* map_get(std::string_view key) const;
    // A proplist's value for an atom key ({Key, Value} elements of a list), or nullptr.
    const Term* property(std::string_view key) const;
};

// Decodes one term at *index in buf; advances *index. nullopt when the bytes are not a term.
std::optional<Term> decode_term(const char* buf, int* index);

// Appends the term's encoding to `out` (no version byte). False for kinds that cannot be sent
// back (references, funs, ports, bignums): the capture never needs to.
bool encode_term(const Term& term, ei_x_buff* out);

// Erlang's printed form of a term (~w), for messages and for names of ids that are not atoms.
std::string format_term(const Term& term);

}  // namespace appgraph::capture
