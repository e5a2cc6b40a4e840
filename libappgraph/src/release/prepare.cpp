// Everything systools_make does to a release before it sorts it, in its order: read every .rel
// entry's application (applying the .rel's included-applications override), reject undefined
// applications, duplicate registered names and applications included twice, then rewrite every
// use of an included application into a use of its top-level includer ("X uses A, A is included
// in T, so X uses T") and sort each uses/includes list by .rel position. systools does these
// with list operations that are quadratic; here each step is linear in the size of the graph
// (memoised tops, an indexed use list), with the same results element for element.

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "libappgraph/join.hpp"
#include "prepared.hpp"
#include "use_list.hpp"

namespace appgraph::detail {

std::vector<int> make_set(const std::vector<int>& items) {
    std::vector<int> out;
    std::unordered_set<int> seen;
    for (int item : items) {
        if (seen.insert(item).second) out.push_back(item);
    }
    return out;
}

namespace {

std::vector<int> intern_all(NameTable& names, const std::vector<std::string>& list) {
    std::vector<int> ids;
    ids.reserve(list.size());
    for (const auto& name : list) ids.push_back(names.intern(name));
    return ids;
}

// `list -- remove`: drops the first occurrence of each element of `remove`.
std::vector<int> subtract(std::vector<int> list, const std::vector<int>& remove) {
    for (int r : remove) {
        auto it = std::find(list.begin(), list.end(), r);
        if (it != list.end()) list.erase(it);
    }
    return list;
}

// systools' duplicates/1: keysort by name (stable), then every adjacent pair with equal names,
// collected by prepending (so the last pair comes first).
std::vector<std::vector<std::string>> duplicates(const NameTable& names,
                                                 std::vector<std::pair<int, int>> items) {
    std::stable_sort(items.begin(), items.end(), [&](const auto& a, const auto& b) {
        return names.name(a.first) < names.name(b.first);
    });
    std::vector<std::vector<std::string>> pairs;
    for (std::size_t i = 1; i < items.size(); ++i) {
        if (items[i - 1].first == items[i].first) {
            pairs.push_back({names.name(items[i].first), names.name(items[i - 1].second),
                             names.name(items[i].second)});
        }
    }
    std::reverse(pairs.begin(), pairs.end());
    return pairs;
}

std::string join_names(const NameTable& names, const std::vector<int>& ids) {
    std::string out;
    for (int id : ids) out += (out.empty() ? "" : ", ") + names.name(id);
    return out;
}

// Reads the entries and checks as collect_applications does. Returns false on errors.
bool collect(const Release& release, const std::vector<Application>& apps, Prepared& p) {
    // One hash lookup per name: application names are interned first, then every reference.
    p.names.reserve(apps.size() + release.entries.size());
    const std::vector<const Application*> by_id = intern_applications(p.names, apps);
    std::vector<std::string> not_found;
    std::vector<int> not_specified;
    p.entries.reserve(release.entries.size());
    for (const auto& rel_entry : release.entries) {
        const int id = p.names.find(rel_entry.name);
        const Application* found =
            id >= 0 && static_cast<std::size_t>(id) < by_id.size() ? element(by_id, id) : nullptr;
        if (!found) {
            not_found.push_back(rel_entry.name);
            continue;
        }
        const Application& app = *found;
        Entry e;
        e.name = id;
        e.vsn = rel_entry.vsn.empty() ? app.vsn : rel_entry.vsn;
        e.type = rel_entry.type;
        e.original_uses = intern_all(p.names, app.applications);
        e.optional = intern_all(p.names, app.optional_applications);
        e.registered = intern_all(p.names, app.registered);
        e.includes = intern_all(p.names, app.included_applications);
        if (rel_entry.included_override) {
            std::vector<int> chosen = intern_all(p.names, *rel_entry.included_override);
            for (int inc : chosen) {
                if (std::find(e.includes.begin(), e.includes.end(), inc) == e.includes.end())
                    not_specified.push_back(inc);
            }
            e.includes = chosen;
        }
        p.entries.push_back(std::move(e));
    }
    if (!not_found.empty()) {
        const std::string list = join(not_found);
        p.errors.push_back(make_error(DiagnosticKind::not_found, {},
                                      "no .app file found for " + list, {}, not_found));
    }
    if (!not_specified.empty()) {
        Diagnostic err;
        err.kind = DiagnosticKind::override_include;
        for (int id : not_specified) err.involved.push_back(p.names.name(id));
        err.message =
            "the .rel includes applications the .app does not list in "
            "included_applications: " +
            join_names(p.names, not_specified);
        p.errors.push_back(std::move(err));
    }
    return p.errors.empty();
}

bool check_undefined(Prepared& p) {
    std::vector<char> defined(p.names.size(), 0);
    for (const auto& e : p.entries) element(defined, e.name) = 1;
    std::vector<int> undefined;
    for (const auto& e : p.entries) {
        std::vector<int> needed = subtract(e.original_uses, e.optional);
        needed.insert(needed.end(), e.includes.begin(), e.includes.end());
        for (int id : needed) {
            if (!element(defined, id)) undefined.push_back(id);
        }
    }
    if (undefined.empty()) return true;
    undefined = make_set(undefined);
    Diagnostic err;
    err.kind = DiagnosticKind::undefined_applications;
    for (int id : undefined) err.involved.push_back(p.names.name(id));
    err.message =
        "applications used or included but not in the release: " + join_names(p.names, undefined);
    p.errors.push_back(std::move(err));
    return false;
}

bool check_duplicates(Prepared& p, bool all_errors) {
    std::vector<std::pair<int, int>> regs;
    std::vector<std::pair<int, int>> incs;
    for (const auto& e : p.entries) {
        for (int r : e.registered) regs.emplace_back(r, e.name);
        for (int i : e.includes) incs.emplace_back(i, e.name);
    }
    for (auto [kind, items] : {std::pair{DiagnosticKind::duplicate_register, regs},
                               std::pair{DiagnosticKind::duplicate_include, incs}}) {
        auto pairs = duplicates(p.names, items);
        if (pairs.empty()) continue;
        Diagnostic err;
        err.kind = kind;
        std::string detail;
        for (const auto& pair : pairs) {
            err.involved.push_back(pair[0]);
            detail += (detail.empty() ? "" : "; ") + pair[0] + " by " + pair[1] + " and " + pair[2];
        }
        err.pairs = pairs;
        err.message = std::string(kind == DiagnosticKind::duplicate_include
                                      ? "applications included by two applications: "
                                      : "process names registered by two applications: ") +
                      detail;
        p.errors.push_back(std::move(err));
        if (!all_errors) return false;  // systools stops at the first kind found
    }
    return p.errors.empty();
}

// find_top_app for every name, memoised. An include cycle would make systools loop forever;
// it is reported instead.
bool compute_tops(Prepared& p, std::vector<int>& top) {
    const int unknown = -1, busy = -2;
    top.assign(p.names.size(), unknown);
    for (std::size_t start = 0; start < top.size(); ++start) {
        if (top[start] != unknown) continue;
        std::vector<int> chain;
        int at = static_cast<int>(start);
        while (element(top, at) == unknown) {
            int parent_entry = element(p.includer, at);
            if (parent_entry < 0) {
                element(top, at) = at;
                break;
            }
            element(top, at) = busy;
            chain.push_back(at);
            at = element(p.entries, parent_entry).name;
        }
        if (element(top, at) == busy) {
            Diagnostic err;
            err.kind = DiagnosticKind::include_cycle;
            auto from = std::find(chain.begin(), chain.end(), at);
            for (auto it = from; it != chain.end(); ++it) err.involved.push_back(p.names.name(*it));
            err.message =
                "applications include each other: " + join_names(p.names, {from, chain.end()}) +
                " (systools would never finish)";
            p.errors.push_back(std::move(err));
            return false;
        }
        for (int id : chain) element(top, id) = element(top, at);
    }
    return true;
}

void rewrite_uses(Prepared& p, const std::vector<int>& top) {
    for (auto& e : p.entries) {
        const int my_top = element(top, e.name);
        UseList acc(e.original_uses);
        for (int used : e.original_uses) {
            if (used == my_top) {
                acc.remove_first(my_top);
                e.rewrites.emplace_back(used, -1);
                continue;
            }
            if (element(p.includer, used) < 0) continue;
            const int used_top = element(top, used);
            if (acc.contains(used_top)) {
                acc.remove_first(used);
                e.rewrites.emplace_back(used, -1);
            } else if (used_top == my_top) {
                // Both are included in the same top application: kept as written.
            } else {
                acc.remove_first(used);
                acc.append(used_top);
                e.rewrites.emplace_back(used, used_top);
            }
        }
        e.uses = acc.items();
    }
}

// sort_used_and_incl_appls: by position of the first .rel entry of that name, names not in
// the .rel last, stable.
void sort_by_rel_position(Prepared& p) {
    const std::size_t last = std::numeric_limits<std::size_t>::max();
    auto position = [&](int id) {
        int e = element(p.entry_of, id);
        return e < 0 ? last : static_cast<std::size_t>(e);
    };
    for (auto& e : p.entries) {
        for (auto* list : {&e.uses, &e.includes}) {
            std::stable_sort(list->begin(), list->end(),
                             [&](int a, int b) { return position(a) < position(b); });
        }
    }
}

}  // namespace

Prepared prepare(const Release& release, const std::vector<Application>& apps, bool all_errors) {
    Prepared p;
    if (!collect(release, apps, p) && !all_errors) return p;
    p.entry_of.assign(p.names.size(), -1);
    p.includer.assign(p.names.size(), -1);
    for (std::size_t i = 0; i < p.entries.size(); ++i) {
        int& slot = element(p.entry_of, p.entries[i].name);
        if (slot >= 0)
            p.duplicate_entries = true;
        else
            slot = static_cast<int>(i);
    }
    if (all_errors) {
        // Every check runs; the sort below may then find a cycle too.
        check_undefined(p);
        check_duplicates(p, true);
    } else if (!check_undefined(p) || !check_duplicates(p, false)) {
        return p;
    }
    for (std::size_t i = 0; i < p.entries.size(); ++i) {
        for (int inc : p.entries[i].includes) {
            int& slot = element(p.includer, inc);
            if (slot < 0) slot = static_cast<int>(i);
        }
    }
    std::vector<int> top;
    if (!compute_tops(p, top)) return p;
    rewrite_uses(p, top);
    sort_by_rel_position(p);
    return p;
}

}  // namespace appgraph::detail
