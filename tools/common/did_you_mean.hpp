#pragma once
// "Did you mean": the name closest to a misspelt word, for subcommands and options (the runner)
// and for the names of the domains (application names, process paths, tree keys, environment
// keys), which the tools offer through did_you_mean() in their own messages.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace toolcommon {

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

// ", did you mean 'NAME'?" for the closest candidate, or "" when none is close: append it to a
// message that names `word` as not found.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace toolcommon
