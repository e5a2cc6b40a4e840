#pragma once
// Names to dense ids, in the order they are first seen. Private to libappgraph: the loader
// indexes applications by name with it, the resolver interns every name it meets.

#include <string>
#include <vector>

#include "libappgraph/model.hpp"

namespace appgraph::detail {

// Names to dense ids. An open-addressing table of ids (linear probing, at most half full) over
// the names themselves: one hash and usually one comparison per look-up, no node per name. A
// release of 100,000 applications makes about half a million look-ups here.
class NameTable {
public:
    int intern(const std::string& name);
    int find(const std::string& name) const;  // -1 when unknown
    void reserve(std::size_t n);
    const std::string& name(int id) const { return names_[static_cast<std::size_t>(id)]; }
    std::size_t size() const { return names_.size(); }

private:
    std::size_t slot_of(const std::string& name) const;  // its slot, or the empty one to use
    void rehash(std::size_t slots);

    std::vector<std::string> names_;
    std::vector<int> slots_;  // id + 1, or 0 for an empty slot; the size is a power of two
};

// Interns the name of every application in `apps` and returns, indexed by id, the first
// application of each name (null for ids of names that are not applications).
std::vector<const Application*> intern_applications(NameTable& names,
                                                    const std::vector<Application>& apps);

}  // namespace appgraph::detail
