#pragma once
// The scenario a simulation runs: one event per line, `TIME ACTION PATH [ARG...]`, `#` comments.
// Parsing checks every path against the tree, so a typo in a path is an error at its line and
// column rather than an event that silently never matches.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/supervision/tree.hpp"

namespace appgraph::supervision {

enum class ActionKind { crash, exit, fail_start, ignore_start, start_child, terminate_child };

const char* to_string(ActionKind kind);

struct ScriptEvent {
    std::int64_t t_us = 0;      // when (first occurrence for a repeating event)
    std::int64_t every_us = 0;  // > 0: repeats every this many microseconds
    ActionKind action = ActionKind::crash;
    std::string path;        // the target; for start-child / terminate-child the supervisor
    std::string reason;      // crash / exit / fail-start reason
    std::string child_id;    // start-child / terminate-child
    std::string spec_id;     // start-child: the spec to instantiate (may be empty)
    std::int64_t count = 0;  // fail-start: how many starts fail
    int line = 0;            // 1-based, for ordering equal times and for messages
};

struct ScriptError {
    int line = 0;
    int column = 0;
    std::string message;
};

struct ParseScriptResult {
    std::vector<ScriptEvent> events;  // in file order
    std::vector<ScriptError> errors;
    bool ok() const { return errors.empty(); }
};

// Parses seconds with at most 6 decimals ("12", "0.8", "1.000001") into microseconds.
bool parse_seconds(std::string_view text, std::int64_t& out_us);

ParseScriptResult parse_script(std::string_view text, const Tree& tree);

}  // namespace appgraph::supervision
