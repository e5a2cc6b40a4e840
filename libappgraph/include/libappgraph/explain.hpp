#pragma once
// Answers "why is APP in my release, and why does it start where it does?" from a resolved
// release: the dependency paths from a root down to APP, and the rules that placed it.

#include <string>
#include <vector>

#include "libappgraph/model.hpp"
#include "libappgraph/resolve.hpp"

namespace appgraph {

struct Explanation {
    std::string app;
    // 1-based in the start order (the lines of `appgraph order`); 0 when APP is not started
    // by the boot script (type load or none, included) or not in the release.
    int position = 0;
    int full_position = 0;  // 1-based in the full order (`order -v`); 0: not in the release
    int total = 0;          // applications in the full order
    // Paths root -> ... -> APP through `applications` and `included_applications` edges as
    // written in the .app files; at most `max_paths`, `truncated` when there were more.
    std::vector<std::vector<std::string>> paths;
    bool truncated = false;
    // Sentences, in order: membership, type and loading/starting, placement.
    std::vector<std::string> reasons;
};

// `roots`: the applications paths start from (the release's top-level applications).
// `from_rel`: whether the release came from a .rel (membership is then "listed in the .rel").
Explanation explain_app(const Release& release, const std::vector<Application>& apps,
                        const Resolution& resolution, const std::vector<std::string>& roots,
                        const std::string& app, bool from_rel, std::size_t max_paths = 20);

}  // namespace appgraph
