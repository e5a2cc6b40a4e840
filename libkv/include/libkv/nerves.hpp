#pragma once
// The Nerves view of an environment: `nerves_fw_active` names the active slot ("a" when unset),
// and the slot's variables are the "<slot>.name" keys with the prefix stripped.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "libkv/env.hpp"

namespace kv {

std::string active_slot(const Env& env);

// "<slot>.<key>"
std::string active_key(const Env& env, std::string_view key);

// The active slot's variables, prefix stripped, in stored order.
std::vector<std::pair<std::string, std::string>> active_variables(const Env& env);

}  // namespace kv
