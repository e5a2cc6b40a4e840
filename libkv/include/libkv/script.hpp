#pragma once
// Change scripts for `put --script`: one change per line, in either syntax people have:
//   key=value      libubootenv's fw_setenv -s
//   key value      U-Boot's fw_setenv -s (the value is the rest of the line after the blanks)
//   key=  or  key  deletes the variable (as both fw_setenv -s do)
//   # comment      and blank lines are skipped
// The key ends at the first '=' or blank. A trailing CR (CRLF files) is dropped. Lines may be of
// any length. A malformed line (empty key, NUL byte) is an Error(parse) "FILE:LINE: ..." and no
// change of the script is applied.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libkv/env.hpp"

namespace kv {

struct Change {
    std::string key;
    std::optional<std::string> value;  // nullopt: delete
    std::size_t line = 0;              // 0 for changes from the command line
};

std::vector<Change> parse_script(std::string_view text, const std::string& file_name);

// "KEY=VALUE" from the command line (VALUE may be empty). Throws Error(usage).
Change parse_assignment(std::string_view argument);

// Which variables a change names: the key as given, or the key in the active slot of Nerves'
// a/b scheme ("<slot>.KEY", the slot named by nerves_fw_active before any change applies, as
// Nerves.Runtime.KV.put_active does).
enum class KeyScope { plain, active_slot };

// Applies changes in order. Throws Error(usage) for a key that cannot be stored.
void apply_changes(Env& env, const std::vector<Change>& changes, KeyScope scope = KeyScope::plain);

}  // namespace kv
