// `supsim capture` in a build configured with -DFWTOOLS_CAPTURE=OFF (no erl_interface): the
// command exists and says why it cannot run, rather than vanishing from the tool.

#include "capture_command.hpp"

namespace supsim {

int capture_command(const CaptureCommandOptions&, const toolcommon::Reporter& diag) {
    diag.error(
        "this supsim was built without capture (configured with -DFWTOOLS_CAPTURE=OFF); "
        "rebuild it with erl_interface (Debian's erlang-dev) to capture running nodes");
    return 2;
}

std::vector<std::string> complete_node_names() {
    return {};
}

}  // namespace supsim
