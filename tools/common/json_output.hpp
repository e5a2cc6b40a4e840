#pragma once
// How every tool prints a JSON document: --json prints it compact, on one line (what scripts and
// jq read; supsim run prints one such line per event); --pretty prints the same document indented
// by two spaces (it implies --json). The documents are built compact, by hand where speed matters
// (fwkv list, supsim's trace) with the one string escaper (json_string.hpp), or with nlohmann
// where it does not (to_json); --pretty indents that text, so every tool indents alike.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "common/output.hpp"

namespace toolcommon {

// What --json and --pretty asked for (tool.hpp's declare_json declares both).
struct JsonStyle {
    bool json = false;
    bool pretty = false;
    explicit operator bool() const { return json || pretty; }
};

// A value's compact text; strings that are not valid UTF-8 (a path, an environment value) have
// U+FFFD for each bad byte, as append_json_string writes them.
std::string to_json(const nlohmann::ordered_json& value);

// `compact` indented by two spaces (objects and arrays one member per line, "key": value).
std::string indent_json(std::string_view compact);

// Writes the document `compact` in the style asked for, and a newline.
void write_json(Output& out, std::string_view compact, const JsonStyle& style);

}  // namespace toolcommon
