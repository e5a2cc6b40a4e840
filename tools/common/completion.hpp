#pragma once
// Shell completion, written once for every tool and every shell. The shells' scripts (completions/)
// call `TOOL __complete WORD...` with the words typed after the tool's name, the last one being the
// word under the cursor (possibly empty). The engine walks those words through the tool's CLI::App
// definition to find what the cursor stands on (a subcommand, an option, an option's value, the N-th
// positional argument) and prints one candidate per line, `candidate<TAB>description`. Values it
// cannot know from the App (keys in an image, application names, process paths) come from a hook the
// tool supplies. Lines starting with ':' are directives the shell carries out itself: `:files`,
// `:files=EXT,EXT` (files with those extensions, and directories), `:dirs`. A candidate that starts
// with ':' is printed with one more ':' in front.

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace toolcommon {

struct CompletionContext {
    std::vector<std::string> subcommands;   // the subcommand chain typed so far, e.g. {"get"}
    const CLI::Option* option = nullptr;    // set when the cursor is on this option's value
    std::size_t positional_index = 0;       // otherwise: the cursor is on this positional argument
    std::vector<std::string> positionals;   // positional words typed before the cursor
    std::vector<std::pair<std::string, std::string>> option_values;  // (name, value) typed so far
    std::string current;                    // the partial word under the cursor

    const std::string& subcommand() const;  // the innermost subcommand, or "" at the top level
    // The last value typed for the option known by `name` ("--offset", "-c" or "offset"), if any.
    std::optional<std::string> value_of(std::string_view name) const;
    bool option_is(std::string_view name) const;  // the cursor is on the value of option `name`
};

// Candidates for a context (unfiltered: the engine keeps those that start with the current word),
// or nullopt to let the engine fall back to what the App says (enumerated values, files).
using CompletionHook = std::function<std::optional<std::vector<std::string>>(const CompletionContext&)>;

// What to print for `words` (the words after the tool's name; the last is the one being completed).
std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words,
                                  const CompletionHook& hook);

// The directives, for hooks.
inline constexpr std::string_view kCompleteFiles = ":files";
inline constexpr std::string_view kCompleteDirs = ":dirs";
std::string complete_files_with(std::initializer_list<std::string_view> extensions);

}  // namespace toolcommon
