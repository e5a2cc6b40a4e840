#pragma once
// Runs a supervision tree through an event script, exactly as OTP's supervisor, Elixir's
// DynamicSupervisor and the application controller would, and reports every start, exit,
// termination, give-up and node halt to a TraceSink. A pure function of its inputs: simulated
// time comes from the script, never from a clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libappgraph/supervision/events.hpp"
#include "libappgraph/supervision/trace.hpp"
#include "libappgraph/supervision/tree_spec.hpp"

namespace appgraph::supervision {

struct SimulationOptions {
    // Last time processed; repeating events stop here. Without it, repeating events stop 60 s
    // after the latest time written in the script.
    std::optional<std::int64_t> until_us;
    // Where the whole-second boundaries of the intensity window fall: a restart at simulated time
    // t counts in second floor(t + phase).
    std::int64_t phase_us = 0;
    // Whose supervisor rules apply where OTP releases differ (tree_spec.hpp, kOtpRulesChanged).
    int otp_release = kDefaultOtpRelease;
    // Each scripted event waits until everything the earlier ones set off has finished (as a
    // harness sees it that injects events only into a quiet node); by default events land at
    // their time whatever is under way, as in a running node.
    bool settle = false;
};

struct SupervisorCount {
    std::string path;
    std::uint64_t restarts = 0;  // restarts it performed (each group restart counts once)
    std::uint64_t give_ups = 0;  // times it reached its restart intensity
};

struct ApplicationOutcome {
    std::string name;
    StartType start_type = StartType::permanent;
    bool running = false;
    std::string exit_reason;  // set when it stopped or failed to start
};

struct SimulationSummary {
    std::int64_t end_us = 0;                   // time of the last event processed
    std::uint64_t script_events = 0;           // scripted events processed (repeats included)
    std::uint64_t trace_events = 0;            // trace events emitted
    std::vector<SupervisorCount> supervisors;  // static supervisors, in start order
    std::vector<std::string> running;          // processes still running at the end, start order
    std::vector<ApplicationOutcome> applications;
    bool node_halted = false;
    bool halt_requested = false;  // the script stopped the node (stop-node): not a failure
    std::int64_t halt_us = 0;
    std::string halt_application;  // the application that made the node halt; empty for stop-node
    std::string halt_reason;
};

SimulationSummary simulate(const Tree& tree, const std::vector<ScriptEvent>& script,
                           const SimulationOptions& options, TraceSink& sink);

// The same simulation with the script read as it goes: `script` must yield its events in time
// order, equal times in file order (EventSource); an event earlier than the one before it throws
// std::invalid_argument. Memory holds the tree, the repeating lines and the one-off lines at time
// 0 (which must all be seen before the boot), never the rest of the script.
SimulationSummary simulate(const Tree& tree, EventSource& script, const SimulationOptions& options,
                           TraceSink& sink);

// A sink that discards events (the summary still counts them).
class NullSink : public TraceSink {
public:
    void on_event(const TraceEvent&) override {}
};

}  // namespace appgraph::supervision
