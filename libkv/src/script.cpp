// Change scripts for `put --script`, in one pass over the text. Both syntaxes in use are accepted
// (libubootenv's "key=value", U-Boot's "key value"); the key ends at the first '=' or blank, so
// "key value=x" sets key to "value=x" and "key=a b" sets key to "a b". An empty value deletes in
// both syntaxes, as fw_setenv -s does, so existing scripts keep their meaning. The whole script is
// parsed before anything is applied: one malformed line and nothing is written.

#include "libkv/script.hpp"

#include "libkv/error.hpp"
#include "libkv/nerves.hpp"

namespace kv {

namespace {
bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
}  // namespace

std::vector<Change> parse_script(std::string_view text, const std::string& file_name) {
    std::vector<Change> changes;
    std::size_t line_number = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t start = 0;
        while (start < line.size() && is_blank(line[start])) ++start;
        line.remove_prefix(start);
        if (line.empty() || line[0] == '#') continue;
        std::string where = file_name + ":" + std::to_string(line_number) + ": ";
        if (line.find('\0') != std::string_view::npos)
            throw Error(ErrorKind::parse, where + "NUL byte in the line");
        std::size_t key_end = 0;
        while (key_end < line.size() && line[key_end] != '=' && !is_blank(line[key_end])) ++key_end;
        if (key_end == 0) throw Error(ErrorKind::parse, where + "empty variable name before '='");
        Change change;
        change.key.assign(line.substr(0, key_end));
        change.line = line_number;
        if (key_end < line.size() && line[key_end] == '=') {
            // "key=" deletes, as in libubootenv's fw_setenv -s (and U-Boot's setenv).
            if (key_end + 1 < line.size()) change.value.emplace(line.substr(key_end + 1));
        } else {
            std::size_t value_start = key_end;
            while (value_start < line.size() && is_blank(line[value_start])) ++value_start;
            if (value_start < line.size()) change.value.emplace(line.substr(value_start));
        }
        changes.push_back(std::move(change));
    }
    return changes;
}

Change parse_assignment(std::string_view argument) {
    std::size_t eq = argument.find('=');
    if (eq == std::string_view::npos)
        throw Error(ErrorKind::usage, "'" + std::string(argument) +
                                          "' is not KEY=VALUE (use 'unset' to delete a variable)");
    Change change;
    change.key.assign(argument.substr(0, eq));
    validate_key(change.key);
    change.value.emplace(argument.substr(eq + 1));
    return change;
}

void apply_changes(Env& env, const std::vector<Change>& changes, KeyScope scope) {
    std::string prefix = scope == KeyScope::active_slot ? active_slot(env) + "." : std::string();
    for (const Change& change : changes) {
        std::string key = prefix + change.key;
        if (change.value) {
            env.set(key, *change.value);
        } else {
            env.erase(key);
        }
    }
}

}  // namespace kv
