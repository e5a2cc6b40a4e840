#pragma once
// Shell completion, written once for every tool and every shell. The shells' scripts (completions/)
// call `TOOL __complete WORD...` with the words typed after the tool's name, the last one being the
// word under the cursor (possibly empty). The engine walks those words through the tool's CLI::App
// definition to find what the cursor stands on (a subcommand, an option, an option's value, the
// N-th positional argument) and prints one candidate per line, `candidate<TAB>description`. Values
// it cannot know from the App (keys in an image, application names, process paths) come from a hook
// the tool supplies. Lines starting with ':' are directives the shell carries out itself: `:files`,
// `:files=EXT,EXT` (files with those extensions, and directories), `:dirs`. A candidate that starts
// with ':' is printed with one more ':' in front.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "common/completion_context.hpp"

namespace toolcommon {

// What to print for `words` (the words after the tool's name; the last is the one being completed).
std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words,
                                  const CompletionHook& hook);

}  // namespace toolcommon
