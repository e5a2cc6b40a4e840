// Edit distance with transpositions, and the threshold that separates a typo from another word.

#include "common/did_you_mean.hpp"

#include <algorithm>

namespace toolcommon {

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions, and swaps of two
// neighbouring letters (the commonest typo: "lsit" for "list") each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min(
                {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    for (const auto& candidate : candidates) {
        // Long names (process paths) are compared whole; a word far longer or shorter than a
        // candidate cannot be a typo of it, and the distance table would only cost time.
        const std::size_t longer = std::max(word.size(), candidate.size());
        const std::size_t shorter = std::min(word.size(), candidate.size());
        if (longer - shorter > std::max<std::size_t>(1, word.size() / 3)) continue;
        std::size_t d = edit_distance(word, candidate);
        if (!best || d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    // A typo changes a few letters; anything further away is a different word.
    if (best && best_distance <= std::max<std::size_t>(1, word.size() / 3)) return best;
    return std::nullopt;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::optional<std::string> guess = closest_name(word, candidates);
    return guess ? ", did you mean '" + *guess + "'?" : std::string();
}

}  // namespace toolcommon
