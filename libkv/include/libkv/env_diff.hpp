#pragma once
// The difference between two environments, as `fwkv diff` shows it: the variables only in the
// second (added), only in the first (removed), and in both with different values (changed), each
// list in key order. Only variables count: awkward entries and shadowed duplicates are left to
// `check`.

#include <string>
#include <vector>

#include "libkv/env.hpp"

namespace kv {

struct EnvDiff {
    struct Variable {
        std::string key, value;
        bool operator==(const Variable&) const = default;
    };
    struct Change {
        std::string key, from, to;
        bool operator==(const Change&) const = default;
    };
    std::vector<Variable> added;
    std::vector<Variable> removed;
    std::vector<Change> changed;

    bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

// From `from` to `to`. Linear in the number of variables, then one sort per list.
EnvDiff diff_envs(const Env& from, const Env& to);

}  // namespace kv
