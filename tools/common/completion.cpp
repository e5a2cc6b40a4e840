// The completion engine. It re-reads the words the user typed the way CLI11 would parse them
// (options with their values, `--name=value`, `-xVALUE`, `--`, subcommands), without running
// anything and without writing anything, then decides what the word under the cursor can be.
// Enumerated option values come from the option's IsMember check (its type name reads
// "TEXT:{a,b,c}"), file arguments from ExistingFile / ExistingDirectory checks; everything else
// from the tool's hook.

#include "common/completion.hpp"

#include <algorithm>
#include <cstdlib>

namespace toolcommon {

namespace {

const CLI::Option* find_option(const CLI::App* app, std::string_view word) {
    // Options belong to the subcommand they were declared on; a parent's options (e.g. --help)
    // are looked up too so they are never mistaken for positionals.
    for (; app != nullptr; app = app->get_parent()) {
        for (const CLI::Option* opt : app->get_options()) {
            if (opt->get_positional() && !opt->nonpositional()) continue;
            if (word.size() > 2 && word.substr(0, 2) == "--") {
                for (const auto& name : opt->get_lnames())
                    if (name == word.substr(2)) return opt;
            } else if (word.size() == 2 && word[0] == '-') {
                for (const auto& name : opt->get_snames())
                    if (name == word.substr(1)) return opt;
            }
        }
    }
    return nullptr;
}

bool takes_value(const CLI::Option* opt) {
    return opt->get_items_expected_max() > 0;
}

std::string option_label(const CLI::Option* opt) {
    if (!opt->get_lnames().empty()) return "--" + opt->get_lnames().front();
    return "-" + opt->get_snames().front();
}

const CLI::App* find_subcommand(const CLI::App* app, std::string_view word) {
    for (const CLI::App* sub : app->get_subcommands({})) {
        if (sub->check_name(std::string(word))) return sub;
    }
    return nullptr;
}

// "TEXT:{a,b,c}" -> {a, b, c}; the values of an IsMember check.
std::vector<std::string> enumerated_values(const CLI::Option* opt) {
    std::string type = opt->get_type_name();
    auto open = type.find('{');
    auto close = type.find('}', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos) return {};
    std::vector<std::string> values;
    std::string_view list(type.data() + open + 1, close - open - 1);
    while (!list.empty()) {
        auto comma = list.find(',');
        values.emplace_back(list.substr(0, comma));
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return values;
}

// What the App itself says about a value slot: enumerated values, files or directories.
std::vector<std::string> default_values(const CLI::Option* opt) {
    if (opt == nullptr) return {std::string(kCompleteFiles)};
    if (auto values = enumerated_values(opt); !values.empty()) return values;
    std::string type = opt->get_type_name();
    if (type.find("DIR") != std::string::npos) return {std::string(kCompleteDirs)};
    if (type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos)
        return {std::string(kCompleteFiles)};
    return {};  // a number or free text: nothing sensible to offer
}

const CLI::Option* positional_at(const CLI::App* app, std::size_t index) {
    std::size_t seen = 0;
    for (const CLI::Option* opt : app->get_options()) {
        if (!opt->get_positional() || opt->nonpositional()) continue;
        int max = opt->get_items_expected_max();
        // A vector positional swallows every remaining argument.
        if (max >= CLI::detail::expected_max_vector_size) return opt;
        if (index < seen + static_cast<std::size_t>(max)) return opt;
        seen += static_cast<std::size_t>(max);
    }
    return nullptr;
}

// The options of the subcommand the cursor is in (a parent's options are not valid after it).
void add_options(const CLI::App* app, const CompletionContext& ctx, std::vector<std::string>& out) {
    for (const CLI::Option* opt : app->get_options()) {
        if (!opt->nonpositional() || opt->get_group().empty()) continue;
        // Skip an option already given once unless it may repeat.
        bool given = std::any_of(ctx.option_values.begin(), ctx.option_values.end(),
                                 [&](const auto& kv) { return find_option(app, kv.first) == opt; });
        if (given && opt->get_multi_option_policy() != CLI::MultiOptionPolicy::TakeAll &&
            opt->get_expected_max() <= 1)
            continue;
        for (const auto& name : opt->get_lnames())
            out.push_back("--" + name + "\t" + opt->get_description());
        if (ctx.current.size() <= 2) {
            for (const auto& name : opt->get_snames())
                out.push_back("-" + name + "\t" + opt->get_description());
        }
    }
}

// A word as the shell will pass it to the command: quotes and backslashes removed, and a leading
// unquoted `~` (alone or before '/') replaced by $HOME. The shells hand the completion function
// the words as typed, and the hooks open the files they name (`fwkv get ~/my\ env.img <TAB>`).
std::string shell_word(std::string_view typed, bool expand_tilde) {
    std::string word;
    char quote = 0;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const char c = typed[i];
        if (quote == '\'') {
            if (c == '\'')
                quote = 0;
            else
                word += c;
        } else if (c == '\\' && i + 1 < typed.size() &&
                   (quote == 0 ||
                    std::string_view("$`\"\\").find(typed[i + 1]) != std::string_view::npos)) {
            word += typed[++i];
        } else if (quote == '"') {
            if (c == '"')
                quote = 0;
            else
                word += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else {
            word += c;
        }
    }
    if (expand_tilde && !typed.empty() && typed[0] == '~' &&
        (word == "~" || word.rfind("~/", 0) == 0))
        if (const char* home = std::getenv("HOME")) word = home + word.substr(1);
    return word;
}

bool is_directive(std::string_view candidate) {
    return candidate == kCompleteFiles || candidate == kCompleteDirs ||
           candidate.rfind(std::string(kCompleteFiles) + "=", 0) == 0;
}

bool keep(const std::string& candidate, const std::string& current) {
    if (is_directive(candidate)) return true;
    auto tab = candidate.find('\t');
    std::string_view word(candidate.data(), tab == std::string::npos ? candidate.size() : tab);
    if (word.find('\n') != std::string_view::npos) return false;  // a shell cannot insert it
    return word.substr(0, current.size()) == current;
}

}  // namespace

const std::string& CompletionContext::subcommand() const {
    static const std::string top;
    return subcommands.empty() ? top : subcommands.back();
}

std::optional<std::string> CompletionContext::value_of(std::string_view name) const {
    while (!name.empty() && name.front() == '-') name.remove_prefix(1);
    std::optional<std::string> found;
    for (const auto& [key, value] : option_values) {
        std::string_view k(key);
        while (!k.empty() && k.front() == '-') k.remove_prefix(1);
        if (k == name) found = value;
    }
    return found;
}

bool CompletionContext::option_is(std::string_view name) const {
    if (option == nullptr) return false;
    while (!name.empty() && name.front() == '-') name.remove_prefix(1);
    const auto& l = option->get_lnames();
    const auto& s = option->get_snames();
    return std::find(l.begin(), l.end(), name) != l.end() ||
           std::find(s.begin(), s.end(), name) != s.end();
}

std::string complete_files_with(std::initializer_list<std::string_view> extensions) {
    std::string directive(kCompleteFiles);
    char sep = '=';
    for (auto ext : extensions) {
        directive += sep;
        directive += ext;
        sep = ',';
    }
    return directive;
}

std::vector<std::string> complete(const CLI::App& app, const std::vector<std::string>& words,
                                  const CompletionHook& hook) {
    CompletionContext ctx;
    const CLI::App* level = &app;
    const CLI::Option* pending = nullptr;  // an option still waiting for its value
    bool only_positionals = false;
    std::size_t last = words.empty() ? 0 : words.size() - 1;
    for (std::size_t i = 0; i < last; ++i) {
        const std::string w = shell_word(words[i], true);
        if (pending != nullptr) {
            ctx.option_values.emplace_back(option_label(pending), w);
            pending = nullptr;
        } else if (!only_positionals && w == "--") {
            only_positionals = true;
        } else if (!only_positionals && w.size() > 1 && w[0] == '-') {
            auto eq = w.find('=');
            std::string name = w.substr(0, eq);
            const CLI::Option* opt = find_option(level, name);
            if (opt == nullptr && w[1] != '-' && w.size() > 2) {  // -cVALUE
                opt = find_option(level, w.substr(0, 2));
                if (opt != nullptr && takes_value(opt)) {
                    ctx.option_values.emplace_back(option_label(opt), w.substr(2));
                    continue;
                }
                opt = nullptr;
            }
            if (opt == nullptr) continue;  // unknown option: the tool will complain when run
            if (eq != std::string::npos) {
                ctx.option_values.emplace_back(option_label(opt), w.substr(eq + 1));
            } else if (takes_value(opt)) {
                pending = opt;
            } else {
                ctx.option_values.emplace_back(option_label(opt), "");
            }
        } else if (const CLI::App* sub =
                       ctx.positionals.empty() ? find_subcommand(level, w) : nullptr;
                   sub != nullptr && !only_positionals) {
            level = sub;
            ctx.subcommands.push_back(sub->get_name());
        } else {
            ctx.positionals.push_back(w);
        }
    }
    ctx.current = words.empty() ? std::string() : shell_word(words.back(), false);

    std::vector<std::string> candidates;
    std::string value_prefix;  // "--name=" when completing the value of an attached option
    if (pending == nullptr && !only_positionals && ctx.current.rfind("--", 0) == 0 &&
        ctx.current.find('=') != std::string::npos) {
        auto eq = ctx.current.find('=');
        pending = find_option(level, ctx.current.substr(0, eq));
        if (pending != nullptr) {
            value_prefix = ctx.current.substr(0, eq + 1);
            ctx.current = ctx.current.substr(eq + 1);
        }
    }
    if (pending != nullptr) {
        ctx.option = pending;
        auto from_hook = hook ? hook(ctx) : std::nullopt;
        candidates = from_hook ? *from_hook : default_values(pending);
    } else if (!only_positionals && !ctx.current.empty() && ctx.current[0] == '-') {
        add_options(level, ctx, candidates);
    } else if (ctx.positionals.empty() && !level->get_subcommands({}).empty() &&
               !only_positionals) {
        for (const CLI::App* sub : level->get_subcommands({})) {
            if (sub->get_group().empty()) continue;  // hidden
            candidates.push_back(sub->get_name() + "\t" + sub->get_description());
        }
    } else {
        ctx.positional_index = ctx.positionals.size();
        auto from_hook = hook ? hook(ctx) : std::nullopt;
        candidates =
            from_hook ? *from_hook : default_values(positional_at(level, ctx.positional_index));
    }

    std::vector<std::string> out;
    for (auto& c : candidates) {
        if (!keep(c, ctx.current)) continue;
        if (is_directive(c)) {
            out.push_back(c);
        } else {
            std::string word = value_prefix + c;
            out.push_back(word[0] == ':' ? ":" + word : word);
        }
    }
    return out;
}

}  // namespace toolcommon
