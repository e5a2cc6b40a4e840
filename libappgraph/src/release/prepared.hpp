#pragma once
// The release as the resolver sorts it: names interned to integers, every .rel entry with its
// uses already rewritten for included applications and sorted by .rel position, and the checks
// systools runs before sorting already done. Shared by the fast sort, the reference sort and the
// explanations; private to libappgraph.

#include <string>
#include <unordered_map>
#include <vector>

#include "../name_table.hpp"
#include "libappgraph/model.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph::detail {

struct Entry {
    int name = -1;
    std::string vsn;
    StartType type = StartType::permanent;
    std::vector<int> original_uses;
    std::vector<int> uses;      // rewritten, then sorted by .rel position
    std::vector<int> includes;  // .rel override applied, sorted by .rel position
    std::vector<int> optional;
    std::vector<int> registered;
    std::vector<std::pair<int, int>> rewrites;  // {original use, top it became or -1 if dropped}
};

struct Prepared {
    NameTable names;
    std::vector<Entry> entries;  // .rel order
    std::vector<int> entry_of;   // name id -> first entry with that name, or -1
    std::vector<int> includer;   // name id -> entry that includes it, or -1
    bool duplicate_entries = false;
    std::vector<Diagnostic> errors;  // errors found before sorting
};

// Names and entries are ints (-1: none) and the per-name and per-entry arrays are indexed by
// them: every such access goes through element(), the one place where an id becomes an index.
template <typename Vector>
decltype(auto) element(Vector& items, int id) {
    return items[static_cast<std::size_t>(id)];
}

// With `all_errors`, every check runs even after one failed (systools stops at the first).
Prepared prepare(const Release& release, const std::vector<Application>& apps,
                 bool all_errors = false);

// The outcome of sort_appls: the emitted entries, and the Missing / Circular sets (name ids,
// already made sets in OTP's first-occurrence order).
struct SortResult {
    std::vector<int> order;
    std::vector<int> missing;
    std::vector<int> circular;
    std::vector<int> pulled_by;  // entry -> entry that last pulled it in front of itself, or -1
};

SortResult sort_fast(const Prepared& prepared);
SortResult sort_reference(const Prepared& prepared);

// Builds the public Resolution from a prepared release and its sort.
// Without `explain`, the graph, pulled_in_by and waited_for are left empty.
Resolution finish(const Prepared& prepared, const SortResult& sorted, bool explain = true);

// One dependency cycle among the entries of `circular` (name ids), explained edge by edge.
std::vector<CycleStep> find_cycle(const Prepared& prepared, const std::vector<int>& circular);

// Keeps the first occurrence of every element (OTP's make_set).
std::vector<int> make_set(const std::vector<int>& items);

}  // namespace appgraph::detail
