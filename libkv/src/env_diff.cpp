// Environment differences: one pass over each side's variables, looking each key up in the other
// side's hash index, then each list sorted by key so that the output does not depend on the
// stored order.

#include "libkv/env_diff.hpp"

#include <algorithm>

namespace kv {

EnvDiff diff_envs(const Env& from, const Env& to) {
    EnvDiff diff;
    using std::string;
    for (const Entry* e : from.variables()) {
        std::optional<std::string_view> other = to.find(e->key());
        if (!other) {
            diff.removed.push_back({string(e->key()), string(e->value())});
        } else if (*other != e->value()) {
            diff.changed.push_back({string(e->key()), string(e->value()), string(*other)});
        }
    }
    for (const Entry* e : to.variables()) {
        if (!from.contains(e->key())) diff.added.push_back({string(e->key()), string(e->value())});
    }
    auto by_key = [](const auto& x, const auto& y) { return x.key < y.key; };
    std::sort(diff.added.begin(), diff.added.end(), by_key);
    std::sort(diff.removed.begin(), diff.removed.end(), by_key);
    std::sort(diff.changed.begin(), diff.changed.end(), by_key);
    return diff;
}

}  // namespace kv
