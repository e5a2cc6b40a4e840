// Completion values for appgraph. Application names come from list_application_names, which reads
// the inputs the way `order` would find them but skips unreadable files instead of failing, and
// never writes anything.

#include "completion.hpp"

#include <algorithm>
#include <filesystem>

#include "libappgraph/manifest.hpp"

namespace appgraph_cli {

namespace {

std::vector<std::string> application_names(const toolcommon::CompletionContext& ctx) {
    std::vector<std::string> inputs;
    for (const std::string& word : ctx.positionals) {
        std::error_code ec;
        if (std::filesystem::exists(word, ec)) inputs.push_back(word);
    }
    appgraph::LoadOptions options;
    for (const auto& [name, value] : ctx.option_values)
        if (name == "--path") options.search_dirs.push_back(value);
    return appgraph::list_application_names(inputs, options);
}

// --env: the build environments of the directories given (PROJECT/_build/ENV, _build/ENV).
std::vector<std::string> environments(const toolcommon::CompletionContext& ctx) {
    std::vector<std::string> envs;
    for (const std::string& word : ctx.positionals) {
        std::error_code ec;
        std::filesystem::path build = word;
        if (build.filename() != "_build") build /= "_build";
        for (std::filesystem::directory_iterator it(build, ec), end; !ec && it != end;
             it.increment(ec))
            if (it->is_directory(ec)) envs.push_back(it->path().filename().string());
    }
    std::sort(envs.begin(), envs.end());
    envs.erase(std::unique(envs.begin(), envs.end()), envs.end());
    return envs;
}

}  // namespace

std::optional<std::vector<std::string>> complete(const toolcommon::CompletionContext& ctx) {
    const std::string manifests =
        toolcommon::complete_files_with({"rel", "app", "json", "boot", "script"});
    if (ctx.option != nullptr) {
        if (ctx.option_is("--path"))
            return std::vector<std::string>{std::string(toolcommon::kCompleteDirs)};
        if (ctx.option_is("--root") || ctx.option_is("--exclude")) return application_names(ctx);
        if (ctx.option_is("--env")) return environments(ctx);
        if (ctx.option_is("--release")) return std::vector<std::string>{};
        return std::nullopt;  // --mode and --format: their enumerated values
    }
    const std::string& command = ctx.subcommand();
    if ((command == "why" || command == "tree") && !ctx.positionals.empty()) {
        // The last operand is the application; another input may still come before it.
        std::vector<std::string> values = application_names(ctx);
        values.push_back(manifests);
        return values;
    }
    return std::vector<std::string>{manifests};
}

}  // namespace appgraph_cli
