#pragma once
// What fwkv offers on <TAB> beyond its subcommands and options: the keys stored in the image the
// command line already names (through IMAGE and the location options, exactly as the command
// would read it), and files where a file is expected.

#include "common/completion_context.hpp"

namespace fwkv {

std::optional<std::vector<std::string>> complete(const toolcommon::CompletionContext& ctx);

}  // namespace fwkv
