// The variable list of an environment. Entries live in a vector in stored order; a hash index maps
// each key to its winning entry (the last one stored, as U-Boot imports). Setting a value replaces
// the winner in place; erasing drops the key from the index. Entries with '=' that the index does
// not point to (shadowed duplicates, erased variables) are simply not written back, so every edit
// is O(1) and a rewrite is one linear pass. Entries without '=' or with an empty key are not
// variables: they are kept verbatim and reported.

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

void Env::append(Entry entry) {
    std::size_t i = entries_.size();
    if (entry.has_equals && !entry.key.empty()) {
        auto [it, inserted] = index_.try_emplace(entry.key, i);
        if (!inserted) it->second = i;  // a later duplicate wins
    }
    entries_.push_back(std::move(entry));
}

void Env::reserve(std::size_t entries) {
    entries_.reserve(entries);
    index_.reserve(entries);
}

const std::string* Env::find(std::string_view key) const {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    return &entries_[it->second].value;
}

void Env::set(std::string_view key, std::string_view value) {
    validate_key(key);
    if (value.find('\0') != std::string_view::npos)
        throw Error(ErrorKind::usage,
                    "the value of '" + std::string(key) + "' contains a NUL byte");
    auto it = index_.find(key);
    if (it != index_.end()) {
        entries_[it->second].value.assign(value);
        return;
    }
    Entry entry;
    entry.key.assign(key);
    entry.value.assign(value);
    index_.emplace(entry.key, entries_.size());
    entries_.push_back(std::move(entry));
}

bool Env::erase(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    index_.erase(it);
    return true;
}

bool Env::kept(std::size_t i) const {
    const Entry& e = entries_[i];
    if (!e.has_equals || e.key.empty()) return true;
    auto it = index_.find(std::string_view(e.key));
    return it != index_.end() && it->second == i;
}

void Env::for_each_kept(const std::function<void(const Entry&)>& visit) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (kept(i)) visit(entries_[i]);
    }
}

std::vector<const Entry*> Env::variables() const {
    std::vector<const Entry*> out;
    out.reserve(index_.size());
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const Entry& e = entries_[i];
        if (e.has_equals && !e.key.empty() && kept(i)) out.push_back(&e);
    }
    return out;
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
        } else if (!kept(i)) {
            auto it = index_.find(std::string_view(e.key));
            // A shadowed duplicate is a problem of the image; an erased variable (or one erased
            // and set again) is not.
            if (it != index_.end() && entries_[it->second].offset)
                out.push_back({ProblemKind::duplicate, offset, e.key,
                               entries_[it->second].offset.value_or(0)});
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
