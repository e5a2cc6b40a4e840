// The variable list of an environment. Entries live in a vector in stored order, each with a
// state (winner, shadowed, erased, verbatim); a hash index maps each key to its winning entry (the
// last one stored, as U-Boot imports). Setting a value replaces the winner in place; erasing marks
// it and drops the key from the index. Only winners and verbatim entries are written back, so
// every edit is O(1) and a rewrite is one linear pass. Entries without '=' or with an empty key
// are not variables: they are kept verbatim and reported. The index is open addressing with
// linear probing over entry numbers, each slot caching its key's hash: the keys are stored once,
// in the entries, and reading an environment allocates nothing per key for the index.

#include "libkv/env.hpp"

#include "libkv/error.hpp"

namespace kv {

std::string describe(const Problem& problem) {
    std::string at = "entry at data offset " + std::to_string(problem.offset);
    switch (problem.kind) {
        case ProblemKind::no_equals:
            return at + " has no '=': \"" + problem.key + "\" (kept verbatim)";
        case ProblemKind::empty_key:
            return at + " has an empty name (kept verbatim)";
        case ProblemKind::duplicate:
            return at + ": '" + problem.key + "' is stored again at data offset " +
                   std::to_string(problem.winner_offset) +
                   ", which wins (a rewrite keeps only that one)";
    }
    return at;
}

void validate_key(std::string_view key) {
    if (key.empty()) throw Error(ErrorKind::usage, "empty variable name");
    if (key.find('=') != std::string_view::npos)
        throw Error(ErrorKind::usage, "variable name '" + std::string(key) + "' contains '='");
    if (key.find('\0') != std::string_view::npos)
        throw Error(ErrorKind::usage, "variable name contains a NUL byte");
}

std::uint32_t Env::hash_of(std::string_view key) {
    std::size_t h = std::hash<std::string_view>{}(key);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::size_t Env::slot_of(std::string_view key, std::uint32_t hash) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.entry == 0 || (slot.hash == hash && entries_[slot.entry - 1].key == key)) return i;
    }
}

// Keeps the table at most half full: probes stay short and an empty slot always exists.
void Env::grow_index(std::size_t keys) {
    if (!slots_.empty() && keys * 2 <= slots_.size()) return;
    std::size_t size = 16;
    while (size < keys * 2) size *= 2;
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(size, Slot{});
    for (const Slot& slot : old) {
        if (slot.entry == 0) continue;
        std::size_t i = slot.hash & (size - 1);
        while (slots_[i].entry != 0) i = (i + 1) & (size - 1);
        slots_[i] = slot;
    }
}

// Linear probing's deletion: later slots of the same run move back, so no tombstones are needed.
void Env::remove_slot(std::size_t hole) {
    std::size_t mask = slots_.size() - 1;
    slots_[hole] = Slot{};
    for (std::size_t i = (hole + 1) & mask; slots_[i].entry != 0; i = (i + 1) & mask) {
        std::size_t home = slots_[i].hash & mask;
        // Move the slot back into the hole unless its home lies cyclically in (hole, i].
        bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
        if (stays) continue;
        slots_[hole] = slots_[i];
        slots_[i] = Slot{};
        hole = i;
    }
}

void Env::append(Entry entry) {
    std::size_t i = entries_.size();
    State state = State::verbatim;
    if (entry.has_equals && !entry.key.empty()) {
        grow_index(keys_ + 1);
        std::uint32_t hash = hash_of(entry.key);
        Slot& slot = slots_[slot_of(entry.key, hash)];
        if (slot.entry != 0) {
            states_[slot.entry - 1] = State::shadowed;  // a later duplicate wins
        } else {
            ++keys_;
        }
        slot = {static_cast<std::uint32_t>(i + 1), hash};
        state = State::winner;
    }
    entries_.push_back(std::move(entry));
    states_.push_back(state);
}

void Env::reserve(std::size_t entries) {
    entries_.reserve(entries);
    states_.reserve(entries);
    grow_index(entries);
}

const std::string* Env::find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    const Slot& slot = slots_[slot_of(key, hash_of(key))];
    return slot.entry == 0 ? nullptr : &entries_[slot.entry - 1].value;
}

void Env::set(std::string_view key, std::string_view value) {
    validate_key(key);
    if (value.find('\0') != std::string_view::npos)
        throw Error(ErrorKind::usage,
                    "the value of '" + std::string(key) + "' contains a NUL byte");
    grow_index(keys_ + 1);
    std::uint32_t hash = hash_of(key);
    Slot& slot = slots_[slot_of(key, hash)];
    if (slot.entry != 0) {
        entries_[slot.entry - 1].value.assign(value);
        return;
    }
    Entry entry;
    entry.key.assign(key);
    entry.value.assign(value);
    slot = {static_cast<std::uint32_t>(entries_.size() + 1), hash};
    ++keys_;
    entries_.push_back(std::move(entry));
    states_.push_back(State::winner);
}

bool Env::erase(std::string_view key) {
    if (slots_.empty()) return false;
    std::size_t i = slot_of(key, hash_of(key));
    if (slots_[i].entry == 0) return false;
    states_[slots_[i].entry - 1] = State::erased;
    remove_slot(i);
    --keys_;
    return true;
}

void Env::for_each_kept(const std::function<void(const Entry&)>& visit) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (kept(i)) visit(entries_[i]);
    }
}

std::vector<const Entry*> Env::variables() const {
    std::vector<const Entry*> out;
    out.reserve(keys_);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (states_[i] == State::winner) out.push_back(&entries_[i]);
    }
    return out;
}

void Env::for_each_variable(const std::function<void(const Entry&)>& visit) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (states_[i] == State::winner) visit(entries_[i]);
    }
}

std::vector<Problem> Env::problems() const {
    std::vector<Problem> out;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        std::size_t offset = e.offset.value_or(0);
        if (!e.has_equals) {
            out.push_back({ProblemKind::no_equals, offset, e.key, 0});
        } else if (e.key.empty()) {
            out.push_back({ProblemKind::empty_key, offset, e.key, 0});
        } else if (states_[i] == State::shadowed) {
            // A shadowed duplicate is a problem of the image while the entry that shadows it is
            // still the image's; a variable erased and set again by the caller is not.
            std::size_t slot = slot_of(e.key, hash_of(e.key));
            if (slots_[slot].entry != 0 && entries_[slots_[slot].entry - 1].offset)
                out.push_back({ProblemKind::duplicate, offset, e.key,
                               entries_[slots_[slot].entry - 1].offset.value_or(0)});
        }
    }
    return out;
}

std::size_t Env::encoded_size() const {
    std::size_t size = 1;  // the final empty entry
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (!kept(i)) continue;
        const Entry& e = entries_[i];
        size += e.key.size() + 1 + (e.has_equals ? 1 + e.value.size() : 0);
    }
    return size;
}

void Env::encode_into(std::string& out) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (!kept(i)) continue;
        const Entry& e = entries_[i];
        out += e.key;
        if (e.has_equals) {
            out += '=';
            out += e.value;
        }
        out += '\0';
    }
    out += '\0';
}

}  // namespace kv
