// Completion values for supsim. Process paths come from the tree named on the command line
// (read, never written; standard input is never read while completing), and only those the
// command accepts are offered (tolerate takes processes, not applications); a tree that does
// not load offers nothing.

#include "completion.hpp"

#include "capture_command.hpp"
#include "commands.hpp"
#include "common/files.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace supsim {

namespace {

std::vector<std::string> process_paths(const std::string& tree_file, bool elixir_defaults) {
    namespace sup = appgraph::supervision;
    if (tree_file == "-") return {};
    sup::LoadTreeOptions options;
    options.elixir_defaults = elixir_defaults;
    appgraph::Diagnostics diagnostics;
    // A tree that cannot be read throws (the completion engine then offers nothing).
    sup::Tree tree =
        sup::load_tree(toolcommon::read_input(tree_file), tree_file, diagnostics, options);
    if (!diagnostics.ok()) return {};
    return tolerable_paths(tree);
}

}  // namespace

std::optional<std::vector<std::string>> complete(const toolcommon::CompletionContext& ctx) {
    if (ctx.option != nullptr) {
        if (ctx.option_is("--svg"))
            return std::vector<std::string>{toolcommon::complete_files_with({"svg"})};
        return std::nullopt;
    }
    const std::string& command = ctx.subcommand();
    if (command == "capture") {
        if (ctx.option_is("--cookie-file") || ctx.option_is("--output"))
            return std::vector<std::string>{std::string(toolcommon::kCompleteFiles)};
        if (ctx.option != nullptr) return std::vector<std::string>{};
        if (ctx.positional_index == 0) return complete_node_names();
        return std::vector<std::string>{};
    }
    if (ctx.positional_index == 0)
        return std::vector<std::string>{toolcommon::complete_files_with({"json"})};
    if (command == "run" && ctx.positional_index == 1)
        return std::vector<std::string>{std::string(toolcommon::kCompleteFiles)};
    if (command == "tolerate" && ctx.positional_index == 1)
        return process_paths(ctx.positionals[0], ctx.value_of("elixir-defaults").has_value());
    return std::vector<std::string>{};
}

}  // namespace supsim
