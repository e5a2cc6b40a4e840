#pragma once
// What a file looks like, told from its first bytes, for the hint a tool gives when it was
// handed a file of another kind: an environment image given to appgraph, a .app file given to
// fwkv, a supervision tree and an events file swapped in supsim. A guess, only ever used to add
// a "hint:" line under an error the tool reports anyway.

#include <string>
#include <string_view>

namespace toolcommon {

enum class Content {
    unknown,           // text of no kind these tools know
    environment,       // a U-Boot environment block (fwkv)
    app_file,          // {application, Name, [...]}. (appgraph)
    rel_file,          // {release, {Name, Vsn}, ...}. (appgraph)
    json_manifest,     // {"release": ..., "applications": [...]} (appgraph)
    supervision_tree,  // {"applications": [...{"supervisor": ...}]} or {"supervisor": ...} (supsim)
    events_file,       // "TIME ACTION PATH" lines (supsim run's EVENTS)
    binary,            // bytes that are not text
};

Content what_it_looks_like(std::string_view bytes);

// "FILE looks like a U-Boot environment image (fwkv reads those)".
std::string looks_like(const std::string& name, Content content);

}  // namespace toolcommon
