#pragma once
// systools_make's ordering written out again for the tests, straight from OTP 25's
// lib/sasl/src/systools_make.erl and sharing nothing with the library: names stay strings,
// lists stay lists, every Erlang list operation (`--`, keysearch, keydelete, keysort, member) is a
// linear scan here as it is there. It reads the public model only (a Release and its
// Applications) and runs the pipeline of get_release1 and create_start_appls:
//   collect_applications   each .rel entry's application (the first of its name), the .rel's
//                          IncApps applied (override_include when not a subset)
//   check_applications     undefined_applications, duplicate_register, duplicate_include,
//                          add_top_apps_to_uses
//   sort_used_and_incl_appls, sort_appls, create_start_appls
// so a mistake in the library's prepare() (the interning, the memoised tops, the sort key) shows
// up as a difference. Quadratic; meant for releases of a few dozen applications.

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "libappgraph/model.hpp"

namespace appgraph::testing {

struct SystoolsError {
    std::string kind;               // the error atom
    std::vector<std::string> apps;  // its application set, in OTP's order
};

struct SystoolsOutcome {
    // Empty when the release sorts; sort_appls reports circular_dependencies and
    // undefined_applications together (as {apps, [C, U]}).
    std::vector<SystoolsError> errors;
    std::vector<std::string> order;  // the sorted list (load and none included)
    std::vector<std::string> start;  // application:start_boot order
};

namespace systools_model {

using Names = std::vector<std::string>;

struct Appl {
    std::string name, vsn;
    StartType type = StartType::permanent;
    Names uses, optional, includes, regs;
};

inline bool member(const std::string& x, const Names& l) {
    return std::find(l.begin(), l.end(), x) != l.end();
}

// L -- R: removes the first occurrence of each element of R.
inline Names minus(Names l, const Names& r) {
    for (const std::string& x : r) {
        auto it = std::find(l.begin(), l.end(), x);
        if (it != l.end()) l.erase(it);
    }
    return l;
}

inline Names make_set(const Names& l) {
    Names out;
    for (const std::string& x : l)
        if (!member(x, out)) out.push_back(x);
    return out;
}

// duplicates/1 on {Key, Owner} pairs: keysort(1), then adjacent equal keys, prepended.
inline std::vector<std::pair<std::string, std::pair<std::string, std::string>>> duplicates(
    std::vector<std::pair<std::string, std::string>> x) {
    std::stable_sort(x.begin(), x.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> l;
    for (std::size_t i = 0; i + 1 < x.size(); ++i)
        if (x[i].first == x[i + 1].first)
            l.insert(l.begin(), {x[i].first, {x[i].second, x[i + 1].second}});
    return l;
}

}  // namespace systools_model

inline SystoolsOutcome systools_order(const Release& rel, const std::vector<Application>& apps) {
    using namespace systools_model;
    SystoolsOutcome out;
    auto fail = [](std::string kind, std::vector<std::string> set) {
        return SystoolsOutcome{{{std::move(kind), std::move(set)}}, {}, {}};
    };
    // collect_applications
    std::vector<Appl> appls;
    Names not_found, not_specified;
    for (const ReleaseEntry& e : rel.entries) {
        auto found = std::find_if(apps.begin(), apps.end(),
                                  [&](const Application& a) { return a.name == e.name; });
        if (found == apps.end()) {
            not_found.push_back(e.name);
            continue;
        }
        Appl a{e.name,
               e.vsn,
               e.type,
               found->applications,
               found->optional_applications,
               found->included_applications,
               found->registered};
        if (e.included_override) {
            for (const std::string& inc : *e.included_override)
                if (!member(inc, found->included_applications)) not_specified.push_back(inc);
            a.includes = *e.included_override;
        }
        appls.push_back(std::move(a));
    }
    if (!not_found.empty()) return fail("not_found", not_found);
    if (!not_specified.empty()) return fail("override_include", not_specified);
    // undefined_applications
    Names defined, undefined;
    for (const Appl& a : appls) defined.push_back(a.name);
    for (const Appl& a : appls) {
        Names needed = minus(a.uses, a.optional);
        needed.insert(needed.end(), a.includes.begin(), a.includes.end());
        for (const std::string& x : needed)
            if (!member(x, defined)) undefined.push_back(x);
    }
    if (!undefined.empty()) return fail("undefined_applications", make_set(undefined));
    // dupl_regs, dupl_incls
    std::vector<std::pair<std::string, std::string>> regs, incs;
    for (const Appl& a : appls) {
        for (const std::string& r : a.regs) regs.emplace_back(r, a.name);
        for (const std::string& i : a.includes) incs.emplace_back(i, a.name);
    }
    for (auto [kind, list] :
         {std::pair{"duplicate_register", regs}, std::pair{"duplicate_include", incs}}) {
        auto dups = duplicates(list);
        if (dups.empty()) continue;
        Names names;
        for (const auto& d : dups) names.push_back(d.first);
        return fail(kind, names);
    }
    // add_top_apps_to_uses. find_top_app loops forever on an include cycle; here it gives up.
    bool include_cycle = false;
    auto find_top = [&](std::string app) {
        for (std::size_t steps = 0;; ++steps) {
            auto it = std::find_if(incs.begin(), incs.end(),
                                   [&](const auto& p) { return p.first == app; });
            if (it == incs.end()) return app;
            if (steps > incs.size()) {
                include_cycle = true;
                return app;
            }
            app = it->second;
        }
    };
    for (Appl& a : appls) {
        const std::string my_top = find_top(a.name);
        Names acc = a.uses;
        for (const std::string& used : a.uses) {
            if (used == my_top) {
                acc = minus(acc, {my_top});
                continue;
            }
            auto inc = std::find_if(incs.begin(), incs.end(),
                                    [&](const auto& p) { return p.first == used; });
            if (inc == incs.end()) continue;
            const std::string used_top = find_top(inc->second);
            if (member(used_top, acc)) {
                acc = minus(acc, {used});
            } else if (used_top == my_top) {
                // both are included in the same application
            } else {
                acc = minus(acc, {used});
                acc.push_back(used_top);
            }
        }
        a.uses = acc;
    }
    if (include_cycle) return fail("include_cycle", {});
    // sort_used_and_incl_appls: keysort by the position of the first .rel entry of that name,
    // names not in the .rel after every position.
    auto by_rel_position = [&](const Names& list) {
        std::vector<std::pair<std::size_t, std::string>> indexed;
        for (const std::string& name : list) {
            std::size_t pos = std::numeric_limits<std::size_t>::max();
            for (std::size_t i = 0; i < rel.entries.size(); ++i)
                if (rel.entries[i].name == name) {
                    pos = i;
                    break;
                }
            indexed.emplace_back(pos, name);
        }
        std::stable_sort(indexed.begin(), indexed.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        Names sorted;
        for (auto& [pos, name] : indexed) sorted.push_back(name);
        return sorted;
    };
    for (Appl& a : appls) {
        a.uses = by_rel_position(a.uses);
        a.includes = by_rel_position(a.includes);
    }
    // sort_appls, with L as a list of indexes into appls and Visited as {Name, Vsn} keys.
    std::vector<std::size_t> l;
    for (std::size_t i = 0; i < appls.size(); ++i) l.push_back(i);
    Names missing, circular;
    std::vector<std::pair<std::string, std::string>> visited;
    auto visited_name = [&](const std::string& name) {
        return std::any_of(visited.begin(), visited.end(),
                           [&](const auto& v) { return v.first == name; });
    };
    std::vector<std::size_t> sorted;
    while (!l.empty()) {
        const std::size_t n = l.front();
        std::vector<std::size_t> t(l.begin() + 1, l.end());
        const Appl& a = appls[n];
        auto find_all = [&](const Names& names, std::vector<std::size_t>& found, Names& nf) {
            for (auto name = names.rbegin(); name != names.rend(); ++name) {
                auto app = std::find_if(t.begin(), t.end(),
                                        [&](std::size_t i) { return appls[i].name == *name; });
                if (app != t.end()) {
                    if (member(a.name, appls[*app].includes)) {
                        if (!visited_name(*name)) nf.insert(nf.begin(), *name);
                    } else {
                        found.insert(found.begin(), *app);
                        t.erase(app);
                    }
                } else if (!visited_name(*name)) {
                    nf.insert(nf.begin(), *name);
                }
            }
        };
        std::vector<std::size_t> uses, includes;
        Names nf1, nf2;
        find_all(a.uses, uses, nf1);
        find_all(a.includes, includes, nf2);
        Names chunk = minus(nf1, a.optional);
        chunk.insert(chunk.end(), nf2.begin(), nf2.end());
        missing.insert(missing.begin(), chunk.begin(), chunk.end());
        std::vector<std::size_t> deps = uses;
        deps.insert(deps.end(), includes.begin(), includes.end());
        if (deps.empty()) {
            sorted.push_back(n);
            visited.insert(visited.begin(), {a.name, a.vsn});
            l = t;
            continue;
        }
        std::vector<std::size_t> new_circular;  // [N1 || {N1, _} <- L, N2 <- Visited, N1 == N2]
        for (std::size_t d : deps)
            for (const auto& v : visited)
                if (appls[d].name == v.first && appls[d].vsn == v.second) new_circular.push_back(d);
        if (!new_circular.empty()) {
            Names chunk_c{a.name};
            for (std::size_t d : new_circular) chunk_c.push_back(appls[d].name);
            circular.insert(circular.begin(), chunk_c.begin(), chunk_c.end());
        }
        std::vector<std::size_t> next = deps;
        next.push_back(n);
        next.insert(next.end(), t.begin(), t.end());
        for (std::size_t d : new_circular) {  // del_apps: keydelete of the {Name, Vsn} key
            auto it = std::find_if(next.begin(), next.end(), [&](std::size_t i) {
                return appls[i].name == appls[d].name && appls[i].vsn == appls[d].vsn;
            });
            if (it != next.end()) next.erase(it);
        }
        visited.insert(visited.begin(), {a.name, a.vsn});
        l = std::move(next);
    }
    if (!circular.empty()) out.errors.push_back({"circular_dependencies", make_set(circular)});
    if (!missing.empty()) out.errors.push_back({"undefined_applications", make_set(missing)});
    if (!out.errors.empty()) return out;
    // create_start_appls
    Names included;
    for (const Appl& a : appls)
        included.insert(included.end(), a.includes.begin(), a.includes.end());
    for (std::size_t i : sorted) {
        const Appl& a = appls[i];
        out.order.push_back(a.name);
        if (!member(a.name, included) && a.type != StartType::load && a.type != StartType::none)
            out.start.push_back(a.name);
    }
    return out;
}

}  // namespace appgraph::testing
