#pragma once
// What appgraph offers on <TAB> beyond its subcommands and options: manifests and directories
// where inputs go, and the application names found in the inputs already typed (for the APP of
// `why` and `tree`, and for --root and --exclude).

#include "common/completion_context.hpp"

namespace appgraph_cli {

std::optional<std::vector<std::string>> complete(const toolcommon::CompletionContext& ctx);

}  // namespace appgraph_cli
