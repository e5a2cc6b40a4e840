#pragma once
// The parser of one line of an events file, shared by parse_events (a whole text) and
// ScriptReader (a line at a time). It keeps its buffers and the paths it has already resolved
// between lines, so that a script of a million lines naming the same processes does not walk
// the tree or allocate for each of them.

#include <memory>
#include <string>
#include <string_view>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace appgraph::supervision::detail {

class EventLineParser {
public:
    EventLineParser(const Tree& tree, const std::string& filename, Diagnostics& diagnostics);
    ~EventLineParser();
    EventLineParser(const EventLineParser&) = delete;
    EventLineParser& operator=(const EventLineParser&) = delete;

    // Parses `line` (without its '\n'; a '\r' before it is a blank) into `event`. False for a
    // comment or blank line, and for a line with a problem, which is reported.
    bool parse(std::string_view line, int line_number, ScriptEvent& event);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace appgraph::supervision::detail
