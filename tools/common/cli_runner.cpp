#include "common/cli_runner.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

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

// The first word that is not an option, when the app has subcommands and none matched it.
std::optional<std::string> unknown_subcommand(const CLI::App& app, int argc, char** argv) {
    if (app.get_subcommands({}).empty() || argc < 2) return std::nullopt;
    std::string first = argv[1];
    if (first.empty() || first[0] == '-') return std::nullopt;
    for (const CLI::App* sub : app.get_subcommands({})) {
        if (sub->check_name(first)) return std::nullopt;
    }
    return first;
}

}  // namespace

std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    std::size_t best_distance = 0;
    for (const auto& candidate : candidates) {
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

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv, const Reporter& diag,
                                      int usage_exit, const CompletionHook& completion_hook) {
    if (argc >= 2 && std::string_view(argv[1]) == "__complete") {
        std::vector<std::string> words(argv + 2, argv + argc);
        if (words.empty()) words.emplace_back();
        std::string out;
        // A hook that fails (an unreadable image, say) offers nothing rather than an error:
        // completion must never disturb the command line being typed.
        try {
            for (const auto& line : complete(app, words, completion_hook)) out += line + "\n";
        } catch (const std::exception&) {
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (auto word = unknown_subcommand(app, argc, argv)) {
        std::vector<std::string> names;
        for (const CLI::App* sub : app.get_subcommands({})) {
            if (!sub->get_group().empty()) names.push_back(sub->get_name());
        }
        std::string message = "unknown command '" + *word + "'";
        if (auto guess = closest_name(*word, names)) message += ", did you mean '" + *guess + "'?";
        diag.error(message);
        diag.note("Run '" + diag.tool() + " --help' for the list of commands.");
        return usage_exit;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion&) {
        std::cout << app.version() << "\n";
        return 0;
    } catch (const CLI::ParseError& e) {
        diag.error(e.what());
        return usage_exit;
    }
    return std::nullopt;
}

}  // namespace toolcommon
