#pragma once
// The variables of one environment, in stored order. Each entry is kept as the data area stores
// it, "key=value" (the text up to its NUL), and knows where its key ends; entries read from an
// image know their byte offset in the data area (data_offset). Awkward entries (no '=', empty key,
// a key stored twice) are kept and reported by problems(); they are never dropped silently.
//
// Who owns the text: the Env. An Entry is a view of its text, and its key and value are
// std::string_views. An environment decoded from a block (decode_data, load_image) keeps the
// memory the block was read into, padding included, and its entries point into it: reading 64,000
// variables copies none of them. Text that comes from elsewhere (an entry appended from the
// caller's memory, set()) is copied once into memory the Env owns. That memory is shared and
// never written again once an entry views it, so:
// - every view an Env hands out (Entry's text, key and value, find()) stays valid as long as the
//   Env lives, or any copy of it: set() and erase() invalidate none, not even the view of a value
//   that set() replaces (its text is released with the Env);
// - copying an Env copies its list of entries and shares their text; moving it keeps every view.
// So an Env that is set() many times grows by every value it was given: load it again (or decode
// what it encodes) to start afresh.
//
// Lookups go through a hash index so that reading and rewriting stay linear in the number of
// variables: an open-addressing table of entry numbers (the keys live once, in the entries),
// because building a node-based map of 64,000 keys was most of the time `fwkv list` took.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kv {

// One entry as stored: "key=value", or for an awkward entry whatever text it holds. A view: the
// text belongs to the Env that holds the entry (or, before it is appended, to the caller).
class Entry {
public:
    Entry() = default;
    // The entry `text` (without its NUL): the key ends at the first '='.
    explicit Entry(std::string_view text)
        : text_(text), key_size_(std::min(text.find('='), text.size())) {}

    std::string_view text() const { return text_; }
    // The text before the first '='; the whole entry when there is no '='.
    std::string_view key() const { return text_.substr(0, key_size_); }
    // The text after the first '='; empty when there is none.
    std::string_view value() const {
        return has_equals() ? text_.substr(key_size_ + 1) : std::string_view();
    }
    bool has_equals() const { return key_size_ < text_.size(); }

private:
    std::string_view text_;
    std::size_t key_size_ = 0;
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
    Env() = default;
    // The environment of `entries`, as read in this order from a data area (duplicates allowed:
    // the last one wins). `owner` keeps `text` alive for as long as the environment or a copy of
    // it lives, and entries that lie inside `text` view it there; any other entry is copied.
    // This is how decode_data builds an environment over a block without copying it.
    Env(std::shared_ptr<const void> owner, std::string_view text, std::vector<Entry> entries);

    // Appends an entry as read from an image (duplicates allowed: the last one wins). Its text is
    // copied unless it lies inside the text given at construction. Throws Error(usage) for an
    // empty entry (stored, it would end the environment).
    void append(Entry entry);

    // The value of a variable. A key stored twice yields the last value (U-Boot's rule).
    std::optional<std::string_view> find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key).has_value(); }

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

    // Where an entry of this environment starts in the data area it was read from; nullopt for an
    // entry given by the caller (append, set).
    std::optional<std::size_t> data_offset(const Entry& entry) const;

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
    static bool is_variable(const Entry& entry) {
        return entry.has_equals() && !entry.key().empty();
    }
    static std::uint32_t hash_of(std::string_view key);
    // The slot holding `key`, or the empty slot where it would go.
    std::size_t slot_of(std::string_view key, std::uint32_t hash) const;
    void grow_index(std::size_t keys);
    void remove_slot(std::size_t slot);
    // Makes entry `i` (a variable) the winner of its key; an earlier winner becomes shadowed.
    void index_entry(std::size_t i, std::uint32_t hash);
    // Whether `text` lies inside the text given at construction (then it is viewed, not copied).
    bool in_held_text(std::string_view text) const {
        // std::less orders any two pointers, even into different objects.
        std::less<const char*> before;
        return held_.data() != nullptr && !before(text.data(), held_.data()) &&
               !before(held_.data() + held_.size(), text.data() + text.size());
    }
    // `entry` with its text copied into memory this Env owns.
    Entry copied(const Entry& entry);
    // "key=value" in memory this Env owns.
    Entry owned_entry(std::string_view key, std::string_view value);

    std::vector<Entry> entries_;
    std::vector<State> states_;  // one per entry
    std::vector<Slot> slots_;    // a power of two, at most half full
    std::size_t keys_ = 0;       // variables in the index
    std::string_view held_;      // the text given at construction
    // Every piece of memory the entries view: the held text, then the copies. Shared with the
    // copies of this Env; released when the last of them goes.
    std::vector<std::shared_ptr<const void>> text_;
};

// Checks a key given by a user for writing: not empty, no '=', no NUL. Throws Error(usage).
void validate_key(std::string_view key);

}  // namespace kv
