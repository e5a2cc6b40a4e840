#pragma once
// What supsim offers on <TAB> beyond its subcommands and options: tree files (JSON), event scripts,
// and the process paths of the tree already named, for `tolerate TREE PATH`.

#include "common/completion_context.hpp"

namespace supsim {

std::optional<std::vector<std::string>> complete(const toolcommon::CompletionContext& ctx);

}  // namespace supsim
