// The runner every tool's main() is: it builds the CLI11 App from the subcommand table, parses,
// dispatches, and maps what escapes to the exit-code table. Two things CLI11 does not do the way
// a shell user expects are done here: `--` ends the options wherever it stands (CLI11 2.1 honours
// it only before the first operand), so the words after it are given to the operands after
// parsing; and unknown options are collected (allow_extras) rather than rejected, so that they
// can be answered with "did you mean".

#include "common/tool.hpp"

#include <csignal>
#include <cstring>
#include <iostream>
#include <sstream>

#include "common/completion.hpp"
#include "common/did_you_mean.hpp"
#include "common/exit_codes.hpp"
#include "common/files.hpp"

namespace toolcommon {

namespace {

const Subcommand* find_subcommand(const Tool& tool, std::string_view name) {
    for (const Subcommand& sub : tool.subcommands)
        if (sub.name == name) return &sub;
    return nullptr;
}

// CLI11's help with the operands of the table: usage lines show required operands bare and
// optional ones in brackets, an "Operands:" section replaces CLI11's positionals, and value
// names read as written ("FILE", "{boot,ensure}") without CLI11's "TEXT:" prefix.
class HelpFormatter : public CLI::Formatter {
public:
    explicit HelpFormatter(const Tool& tool) : tool_(tool) { column_width(28); }

    std::string make_usage(const CLI::App* app, std::string name) const override {
        const Subcommand* sub = find_subcommand(tool_, app->get_name());
        if (sub == nullptr || app->get_parent() == nullptr)
            return "Usage: " + tool_.name + " COMMAND [OPTIONS] [OPERANDS]\n";
        std::string out = "Usage: " + name + " [OPTIONS]";
        for (const Operand& operand : sub->operands) out += " " + operand.name;
        return out + "\n";
    }

    std::string make_positionals(const CLI::App* app) const override {
        const Subcommand* sub = find_subcommand(tool_, app->get_name());
        if (sub == nullptr || app->get_parent() == nullptr || sub->operands.empty()) return {};
        std::stringstream out;
        out << "\nOperands:\n";
        for (const Operand& operand : sub->operands)
            CLI::detail::format_help(out, operand.name, operand.help, column_width_);
        return out.str();
    }

    // CLI11 writes a value's name as NAME:CHECK ("TEXT:{boot,ensure}", "MS:INT in [1 - 600000]");
    // the help shows one: the enumeration where there is one, else the name.
    std::string make_option_opts(const CLI::Option* opt) const override {
        std::string text = CLI::Formatter::make_option_opts(opt);
        const std::string type = opt->get_type_name();
        const std::size_t colon = type.find(':');
        if (colon == std::string::npos) return text;
        const std::string shown =
            type[colon + 1] == '{' ? type.substr(colon + 1) : type.substr(0, colon);
        if (const std::size_t at = text.find(type); at != std::string::npos)
            text.replace(at, type.size(), shown);
        return text;
    }

private:
    const Tool& tool_;
};

// A required operand is checked here rather than by CLI11, after the words that follow `--`
// have been given to the operands.
struct Built {
    std::unique_ptr<CLI::App> app;
    std::vector<CLI::Option*> required_operands;
};

Built build(const Tool& tool, const char* only) {
    Built built;
    built.app = std::make_unique<CLI::App>(tool.description, tool.name);
    CLI::App& app = *built.app;
    app.formatter(std::make_shared<HelpFormatter>(tool));
    app.set_version_flag("--version", tool.name + " " + FWTOOLS_VERSION,
                         "Print the tool's name and version and exit");
    app.set_help_flag("-h,--help", "Print this help and exit");
    app.require_subcommand(1);
    app.footer(std::string(kExitCodesLine) + "\nSee " + tool.name + "(1).");
    for (const Subcommand& sub : tool.subcommands) {
        if (only != nullptr && sub.name != only) continue;
        CLI::App* command = app.add_subcommand(sub.name, sub.description);
        command->group(
            "Commands");  // a named group: listed in --help and offered by "did you mean"
        command->allow_extras(true);
        sub.declare(*command);
        // The exit-code line ends every help, after what the subcommand adds.
        std::string footer = sub.footer.empty() ? command->get_footer() : sub.footer;
        if (footer.find(kExitCodesLine) == std::string::npos)
            footer += std::string(footer.empty() ? "" : "\n\n") + app.get_footer();
        command->footer(footer);
        for (CLI::Option* opt : command->get_options()) {
            if (opt->get_positional() && opt->get_required()) {
                opt->required(false);
                built.required_operands.push_back(opt);
            }
        }
    }
    return built;
}

// The first word, when the tool has subcommands and it names none of them.
std::optional<std::string> unknown_subcommand(const Tool& tool, int argc, char** argv) {
    if (argc < 2) return std::nullopt;
    const std::string first = argv[1];
    if (first.empty() || first[0] == '-' || find_subcommand(tool, first)) return std::nullopt;
    return first;
}

std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* level = &app; level != nullptr; level = level->get_parent())
        for (const CLI::Option* opt : level->get_options()) {
            for (const std::string& name : opt->get_lnames()) names.push_back("--" + name);
            for (const std::string& name : opt->get_snames()) names.push_back("-" + name);
        }
    return names;
}

// Gives `word` to the first operand of `command` that still takes a value.
bool give_to_operand(CLI::App& command, const std::string& word) {
    for (CLI::Option* opt : command.get_options()) {
        if (!opt->get_positional()) continue;
        if (opt->count() >= static_cast<std::size_t>(opt->get_items_expected_max())) continue;
        opt->add_result(word);
        opt->run_callback();
        return true;
    }
    return false;
}

int complete_command_line(const Tool& tool, int argc, char** argv) {
    Built built = build(tool, nullptr);
    std::vector<std::string> words(argv + 2, argv + argc);
    if (words.empty()) words.emplace_back();
    std::string out;
    // A hook that fails (an unreadable image, say) offers nothing rather than an error:
    // completion must never disturb the command line being typed.
    try {
        for (const auto& line : complete(*built.app, words, tool.complete)) out += line + "\n";
    } catch (const std::exception&) {
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return exit_ok;
}

// Parses argv into the App; nullopt to go on, else the exit code (help, version, usage error).
std::optional<int> parse(const Tool& tool, Built& built, int argc, char** argv, Output& out,
                         const Reporter& reporter) {
    CLI::App& app = *built.app;
    if (auto word = unknown_subcommand(tool, argc, argv)) {
        std::vector<std::string> names;
        for (const Subcommand& sub : tool.subcommands) names.push_back(sub.name);
        reporter.error("unknown command '" + *word + "'" + did_you_mean(*word, names));
        reporter.note("Run '" + tool.name + " --help' for the list of commands.");
        return exit_usage;
    }
    // `--` ends the options: the words after it go to the operands once the rest is parsed.
    std::vector<std::string> words(argv + 1, argv + argc);
    std::vector<std::string> after;
    if (auto dashes = std::find(words.begin(), words.end(), "--"); dashes != words.end()) {
        after.assign(dashes + 1, words.end());
        words.erase(dashes, words.end());
    }
    std::reverse(words.begin(), words.end());  // CLI11 takes the words last first
    try {
        app.parse(words);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return exit_ok;
    } catch (const CLI::CallForAllHelp&) {
        out << app.help("", CLI::AppFormatMode::All);
        return exit_ok;
    } catch (const CLI::CallForVersion&) {
        out << app.version() << '\n';
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        reporter.error(e.what());
        return exit_usage;
    }
    CLI::App* command = app.get_subcommands().front();
    const std::string help_hint =
        "Run '" + tool.name + " " + command->get_name() + " --help' for its options and operands.";
    for (const std::string& extra : command->remaining()) {
        if (extra.size() > 1 && extra[0] == '-') {
            const std::string name = extra.substr(0, extra.find('='));
            reporter.error(command->get_name() + ": unknown option '" + name + "'" +
                           did_you_mean(name, option_names(*command)));
        } else {
            reporter.error(command->get_name() + ": unexpected operand '" + extra + "'");
        }
        reporter.note(help_hint);
        return exit_usage;
    }
    for (const std::string& word : after) {
        if (!give_to_operand(*command, word)) {
            reporter.error(command->get_name() + ": unexpected operand '" + word + "'");
            reporter.note(help_hint);
            return exit_usage;
        }
    }
    for (const CLI::Option* opt : command->get_options()) {
        const bool required =
            std::find(built.required_operands.begin(), built.required_operands.end(), opt) !=
            built.required_operands.end();
        if (required && opt->count() == 0) {
            reporter.error(command->get_name() + ": missing operand " + opt->get_name());
            reporter.note(help_hint);
            return exit_usage;
        }
    }
    return std::nullopt;
}

int run_command(const Tool& tool, const Subcommand& sub, Output& out, const Reporter& reporter) {
    try {
        return sub.run(out, reporter);
    } catch (const UsageError& e) {
        reporter.error(sub.name + ": " + e.what());
        return exit_usage;
    } catch (const FileError& e) {
        reporter.error(e.what());
        return exit_io;
    } catch (const std::bad_alloc&) {
        reporter.error("out of memory");
        return exit_io;
    } catch (const std::exception& e) {
        if (tool.library_error)
            if (std::optional<int> code = tool.library_error(e, reporter)) return *code;
        reporter.error(e.what());
        return exit_io;
    }
}

}  // namespace

void declare_json(CLI::App& app, JsonStyle& style) {
    app.add_flag("--json", style.json, "Print the result as JSON, on one line");
    app.add_flag("--pretty", style.pretty, "Print the JSON indented (implies --json)");
}

int run_tool(const Tool& tool, int argc, char** argv) {
    // A reader that goes away (`| head`) is a failed write, reported as such, never a signal.
    std::signal(SIGPIPE, SIG_IGN);
    const Reporter reporter(tool.name);
    if (argc >= 2 && std::string_view(argv[1]) == "__complete")
        return complete_command_line(tool, argc, argv);
    const char* only =
        tool.build_only_named && argc >= 2 && find_subcommand(tool, argv[1]) ? argv[1] : nullptr;
    Built built = build(tool, only);
    if (argc < 2) {
        std::cerr << built.app->help();
        return exit_usage;
    }
    Output out;
    std::optional<int> parsed = parse(tool, built, argc, argv, out, reporter);
    int code =
        parsed ? *parsed
               : run_command(
                     tool, *find_subcommand(tool, built.app->get_subcommands().front()->get_name()),
                     out, reporter);
    out.flush();
    if (out.error() != 0) {
        // A closed pipe is the reader's choice (`| head`): no message, but not a success.
        if (out.error() != EPIPE)
            reporter.error(std::string("standard output: ") + std::strerror(out.error()));
        code = exit_io;
    }
    reporter.finish();
    return code;
}

}  // namespace toolcommon
