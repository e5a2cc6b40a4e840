#pragma once
// The scenario a simulation runs: one event per line, `TIME ACTION PATH [ARG...]`, `#` comments.
// Parsing checks every path against the tree, so a typo in a path is an error at its line and
// column rather than an event that silently never matches.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace appgraph::supervision {

enum class ActionKind { crash, exit, fail_start, ignore_start, start_child, terminate_child };

// The action words of an events file.
inline constexpr EnumName<ActionKind> kActionKindNames[] = {
    {ActionKind::crash, "crash"},
    {ActionKind::exit, "exit"},
    {ActionKind::fail_start, "fail-start"},
    {ActionKind::ignore_start, "ignore-start"},
    {ActionKind::start_child, "start-child"},
    {ActionKind::terminate_child, "terminate-child"}};
constexpr const auto& enum_names(ActionKind) {
    return kActionKindNames;
}

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

// Parses seconds with at most 6 decimals ("12", "0.8", "1.000001") into microseconds.
bool parse_seconds(std::string_view text, std::int64_t& out_us);

// The same notation back: "12", "0.8", "3.000001", no trailing zeros (also a JSON number).
std::string format_seconds(std::int64_t t_us);

// The events of the events file `text` (read from `filename`), in file order. Every problem is
// reported to `diagnostics` as "bad_event" at its line and the column of the offending word,
// with the caret snippet; the events are only meaningful when no error was reported.
std::vector<ScriptEvent> parse_events(std::string_view text, const std::string& filename,
                                      const Tree& tree, Diagnostics& diagnostics);

}  // namespace appgraph::supervision
