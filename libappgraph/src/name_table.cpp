// The open-addressing index behind NameTable: slots hold id + 1 (0 is empty), probed linearly
// from the name's hash; the table doubles before it is half full.

#include "name_table.hpp"

#include <algorithm>
#include <functional>

namespace appgraph::detail {

std::size_t NameTable::slot_of(const std::string& name) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string>{}(name)&mask;; i = (i + 1) & mask) {
        const int id = slots_[i];
        if (id == 0 || names_[static_cast<std::size_t>(id - 1)] == name) return i;
    }
}

void NameTable::rehash(std::size_t slots) {
    std::vector<int> old = std::move(slots_);
    slots_.assign(slots, 0);
    for (int id : old)
        if (id != 0) slots_[slot_of(names_[static_cast<std::size_t>(id - 1)])] = id;
}

int NameTable::intern(const std::string& name) {
    if (2 * (names_.size() + 1) > slots_.size())
        rehash(std::max<std::size_t>(64, slots_.size() * 2));
    const std::size_t slot = slot_of(name);
    if (slots_[slot] != 0) return slots_[slot] - 1;
    names_.push_back(name);
    slots_[slot] = static_cast<int>(names_.size());
    return slots_[slot] - 1;
}

void NameTable::reserve(std::size_t n) {
    names_.reserve(n);
    std::size_t slots = 64;
    while (slots < 2 * n) slots *= 2;
    if (slots > slots_.size()) rehash(slots);
}

int NameTable::find(const std::string& name) const {
    if (slots_.empty()) return -1;
    const int id = slots_[slot_of(name)];
    return id - 1;
}

std::vector<const Application*> intern_applications(NameTable& names,
                                                    const std::vector<Application>& apps) {
    std::vector<const Application*> by_id;
    for (const Application& app : apps) {
        const auto id = static_cast<std::size_t>(names.intern(app.name));
        if (id >= by_id.size()) by_id.resize(id + 1, nullptr);
        if (!by_id[id]) by_id[id] = &app;  // the first definition wins
    }
    return by_id;
}

}  // namespace appgraph::detail
