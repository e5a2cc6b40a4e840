#pragma once
// What changed between two resolved releases: membership, versions, start types, whether each
// app is started, and which applications moved in the start order.

#include <string>
#include <vector>

#include "libappgraph/resolve.hpp"

namespace appgraph {

// An attribute of an application that differs: its value in OLD (`from`) and in NEW (`to`).
struct AppChange {
    std::string name;
    std::string from;
    std::string to;
};

// An application whose place in the start order changed: its 1-based positions in the start
// order (application:start_boot order, the lines `appgraph order` prints) of OLD and of NEW.
struct AppMove {
    std::string name;
    int from = 0;
    int to = 0;
    // What made it move, when the graphs tell: its own `applications` changed, or the
    // application that pulled it in front of itself changed (empty when neither).
    std::string reason;
};

struct ReleaseDiff {
    std::vector<std::string> added;    // in NEW only, in NEW's order
    std::vector<std::string> removed;  // in OLD only, in OLD's order
    std::vector<AppChange> versions;
    std::vector<AppChange> types;
    std::vector<AppChange> started;  // "started" / "start fails" / "loaded" / "not loaded"
    // included_applications (after the .rel's override) as "a,b" (needs the graphs).
    std::vector<AppChange> includes;
    // Apps present in both whose order relative to the others changed: the fewest apps that,
    // taken out, leave the rest in the same relative order (a longest increasing subsequence).
    std::vector<AppMove> moved;
    bool empty() const {
        return added.empty() && removed.empty() && versions.empty() && types.empty() &&
               started.empty() && includes.empty() && moved.empty();
    }
};

ReleaseDiff diff_releases(const Resolution& before, const Resolution& after);

}  // namespace appgraph
