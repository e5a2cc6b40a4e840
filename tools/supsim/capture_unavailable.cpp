// `supsim capture` in a build configured with -DFWTOOLS_CAPTURE=OFF (no erl_interface): the
// command exists and says why it cannot run, rather than vanishing from the tool.

#include "capture_command.hpp"

#include "common/exit_codes.hpp"

namespace supsim {

int capture_command(const CaptureCommandOptions&, toolcommon::Output&,
                    const toolcommon::Reporter& diag) {
    diag.error(
        "this supsim was built without capture (configured with -DFWTOOLS_CAPTURE=OFF); "
        "rebuild it with erl_interface (Debian's erlang-dev) to capture running nodes");
    return toolcommon::exit_usage;
}

std::vector<std::string> complete_node_names() {
    return {};
}

}  // namespace supsim
