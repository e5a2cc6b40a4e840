// The Nerves a/b slot view over an environment (Nerves.Runtime.KV's get_active/get_all_active).

#include "libkv/nerves.hpp"

namespace kv {

std::string active_slot(const Env& env) {
    return std::string(env.find("nerves_fw_active").value_or("a"));
}

std::string active_key(const Env& env, std::string_view key) {
    return active_slot(env) + "." + std::string(key);
}

std::vector<std::pair<std::string, std::string>> active_variables(const Env& env) {
    std::string prefix = active_slot(env) + ".";
    std::vector<std::pair<std::string, std::string>> out;
    for (const Entry* e : env.variables()) {
        if (e->key().size() > prefix.size() && e->key().compare(0, prefix.size(), prefix) == 0)
            out.emplace_back(e->key().substr(prefix.size()), e->value());
    }
    return out;
}

}  // namespace kv
