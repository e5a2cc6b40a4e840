#pragma once
// The scenario a simulation runs: one event per line, `TIME ACTION PATH [ARG...]`, `#` comments.
// Parsing checks every path against the tree, so a typo in a path is an error at its line and
// column rather than an event that silently never matches. A script can be parsed whole
// (parse_events) or read one line at a time (ScriptReader), so that a crash storm of millions of
// lines is simulated without being held in memory.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace appgraph::supervision {

enum class ActionKind {
    crash,
    exit,
    fail_start,
    ignore_start,
    start_child,
    terminate_child,
    stop_app,   // application:stop(App), Application.stop/1
    stop_node,  // init:stop(), :init.stop/0, System.stop/0
};

// The action words of an events file.
inline constexpr EnumName<ActionKind> kActionKindNames[] = {
    {ActionKind::crash, "crash"},
    {ActionKind::exit, "exit"},
    {ActionKind::fail_start, "fail-start"},
    {ActionKind::ignore_start, "ignore-start"},
    {ActionKind::start_child, "start-child"},
    {ActionKind::terminate_child, "terminate-child"},
    {ActionKind::stop_app, "stop-app"},
    {ActionKind::stop_node, "stop-node"}};
constexpr const auto& enum_names(ActionKind) {
    return kActionKindNames;
}

struct ScriptEvent {
    std::int64_t t_us = 0;      // when (first occurrence for a repeating event)
    std::int64_t every_us = 0;  // > 0: repeats every this many microseconds
    ActionKind action = ActionKind::crash;
    std::string path;        // the target; for start-child / terminate-child the supervisor,
                             // for stop-app the application, for stop-node empty
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
// The same, appended to `out` without a string of its own (a trace of millions of lines).
void append_seconds(std::string& out, std::int64_t t_us);

// The events of the events file `text` (read from `filename`), in file order. Every problem is
// reported to `diagnostics` as "bad_event" at its line and the column of the offending word,
// with the caret snippet; the events are only meaningful when no error was reported.
std::vector<ScriptEvent> parse_events(std::string_view text, const std::string& filename,
                                      const Tree& tree, Diagnostics& diagnostics);

// A script handed over one event at a time, in the order a simulation applies them: by time (the
// first occurrence for a repeating line), equal times in file order.
class EventSource {
public:
    virtual ~EventSource() = default;
    // Writes the next event into `out` (its strings keep their capacity); false at the end.
    virtual bool next(ScriptEvent& out) = 0;
};

// Reads an events file from `in` line by line and yields its events in file order, reporting
// every problem to `diagnostics` exactly as parse_events does (same messages, lines, columns and
// snippets); a line with a problem yields nothing. Memory does not grow with the file. It is an
// EventSource for simulate() only when the file is in time order: check_events says whether it
// is, and a file that is not is parsed whole and given to simulate() as a SortedScript.
class ScriptReader : public EventSource {
public:
    ScriptReader(std::istream& in, const std::string& filename, const Tree& tree,
                 Diagnostics& diagnostics);
    ~ScriptReader() override;
    ScriptReader(const ScriptReader&) = delete;
    ScriptReader& operator=(const ScriptReader&) = delete;

    bool next(ScriptEvent& out) override;
    // Whether every event read so far comes no earlier than the one before it.
    bool in_time_order() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// What a validation pass over a whole events file found.
struct ScriptCheck {
    std::uint64_t events = 0;   // lines that are events (comments and blank lines excluded)
    bool in_time_order = true;  // each event at or after the time of the one before it
};

// The validation pass: reads `in` to its end with a ScriptReader and keeps nothing.
ScriptCheck check_events(std::istream& in, const std::string& filename, const Tree& tree,
                         Diagnostics& diagnostics);

// A whole script in memory, yielded in time order; equal times keep the order of `events` (file
// order, as parse_events gives it). `events` must outlive it.
class SortedScript : public EventSource {
public:
    explicit SortedScript(const std::vector<ScriptEvent>& events);
    bool next(ScriptEvent& out) override;

private:
    std::vector<const ScriptEvent*> order_;
    std::size_t next_ = 0;
};

}  // namespace appgraph::supervision
