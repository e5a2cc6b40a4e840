#pragma once
// What the completion engine (completion.hpp) tells a tool's hook about the command line: where the
// cursor is and what was typed before it. Kept apart from the engine so that a tool's hook does
// not have to include CLI11.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace CLI {
class Option;
}

namespace toolcommon {

struct CompletionContext {
    std::vector<std::string> subcommands;  // the subcommand chain typed so far, e.g. {"get"}
    const CLI::Option* option = nullptr;   // set when the cursor is on this option's value
    std::size_t positional_index = 0;      // otherwise: the cursor is on this positional argument
    std::vector<std::string> positionals;  // positional words typed before the cursor
    std::vector<std::pair<std::string, std::string>> option_values;  // (name, value) typed so far
    std::string current;  // the partial word under the cursor

    const std::string& subcommand() const;  // the innermost subcommand, or "" at the top level
    // The last value typed for the option known by `name` ("--offset", "-c" or "offset"), if any.
    std::optional<std::string> value_of(std::string_view name) const;
    bool option_is(std::string_view name) const;  // the cursor is on the value of option `name`
};

// Candidates for a context (unfiltered: the engine keeps those that start with the current word),
// or nullopt to let the engine fall back to what the App says (enumerated values, files).
using CompletionHook =
    std::function<std::optional<std::vector<std::string>>(const CompletionContext&)>;

// The directives, for hooks.
inline constexpr std::string_view kCompleteFiles = ":files";
inline constexpr std::string_view kCompleteDirs = ":dirs";
std::string complete_files_with(std::initializer_list<std::string_view> extensions);

}  // namespace toolcommon
