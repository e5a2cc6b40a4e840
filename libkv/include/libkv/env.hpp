#pragma once
// The variables of one environment, in stored order. Entries read from an image keep their byte
// offset in the data area. Awkward entries (no '=', empty key, a key stored twice) are kept and
// reported by problems(); they are never dropped silently. Lookups go through a hash index so
// that reading and rewriting stay linear in the number of variables: an open-addressing table of
// entry numbers (the keys live once, in the entries), because building a node-based map of
// 64,000 keys was most of the time `fwkv list` took.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kv {

struct Entry {
    std::string key;  // the text before the first '='; the whole entry when there is no '='
    std::string value;
    bool has_equals = true;
    std::optional<std::size_t> offset;  // offset in the data area, for entries read from an image
};

enum class ProblemKind { no_equals, empty_key, duplicate };

struct Problem {
    ProblemKind kind;
    std::size_t offset = 0;  // data-area offset of the awkward entry
    std::string key;
    std::size_t winner_offset = 0;  // for a duplicate: the offset of the entry that wins
};

// "entry at data offset 12 has no '='" and so on (used by check and tests).
std::string describe(const Problem& problem);

class Env {
public:
    // Appends an entry as read from an image (duplicates allowed: the last one wins).
    void append(Entry entry);
    // Room for this many entries, so that reading a large environment does not rehash.
    void reserve(std::size_t entries);

    // The value of a variable, or nullptr. A key stored twice yields the last value (U-Boot's
    // rule).
    const std::string* find(std::string_view key) const;

    // Replaces the value in place (the variable keeps its position) or appends a new variable.
    // Throws Error(usage) for an empty key, a key with '=' or NUL, or a value with NUL.
    void set(std::string_view key, std::string_view value);

    // Removes a variable (every stored copy of it). Returns whether it existed.
    bool erase(std::string_view key);

    // Visits the entries that are written back, in stored order: variables (the winning entry of a
    // duplicated key) and awkward entries kept verbatim.
    void for_each_kept(const std::function<void(const Entry&)>& visit) const;

    // The variables (entries with '=' that win), in stored order.
    std::vector<const Entry*> variables() const;
    // Visits the same, without building a list.
    void for_each_variable(const std::function<void(const Entry&)>& visit) const;
    std::size_t variable_count() const { return keys_; }

    // Every awkward entry, in stored order.
    std::vector<Problem> problems() const;

    // Bytes of the data area the kept entries need, terminator included.
    std::size_t encoded_size() const;
    // Appends the kept entries and the final empty entry to `out`.
    void encode_into(std::string& out) const;

    // Every stored entry, awkward and shadowed ones included.
    const std::vector<Entry>& entries() const { return entries_; }

private:
    // What each stored entry is, so that "is it written back" needs no lookup.
    enum class State : std::uint8_t {
        winner,    // a variable's current entry
        shadowed,  // an earlier entry of a key stored again later (a problem of the image)
        erased,    // a variable deleted by erase()
        verbatim,  // no '=' or an empty key: kept as it is, not a variable
    };
    struct Slot {
        std::uint32_t entry = 0;  // entry number + 1; 0: empty
        std::uint32_t hash = 0;
    };
    bool kept(std::size_t i) const {
        return states_[i] == State::winner || states_[i] == State::verbatim;
    }
    static std::uint32_t hash_of(std::string_view key);
    // The slot holding `key`, or the empty slot where it would go.
    std::size_t slot_of(std::string_view key, std::uint32_t hash) const;
    void grow_index(std::size_t keys);
    void remove_slot(std::size_t slot);

    std::vector<Entry> entries_;
    std::vector<State> states_;  // one per entry
    std::vector<Slot> slots_;    // a power of two, at most half full
    std::size_t keys_ = 0;       // variables in the index
};

// Checks a key given by a user for writing: not empty, no '=', no NUL. Throws Error(usage).
void validate_key(std::string_view key);

}  // namespace kv
