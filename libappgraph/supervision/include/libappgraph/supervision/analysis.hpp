#pragma once
// Questions answered from the tree alone, without a script: the order in which the tree starts
// and stops, how long a shutdown can take at worst, and how fast a child may crash before each
// level above it gives up.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libappgraph/supervision/tree_spec.hpp"

namespace appgraph::supervision {

struct OrderedProcess {
    std::string path;
    int depth = 0;  // 0 for an application (or a bare root supervisor)
    bool supervisor = false;
    bool application = false;
    std::string note;  // e.g. "DynamicSupervisor: children start later, stop all at once"
};

struct ShutdownBound {
    std::string path;                // a supervisor, or an application name
    std::optional<std::int64_t> ms;  // worst case; nullopt = unbounded (an infinity worker)
};

struct OrderReport {
    std::vector<OrderedProcess> start_order;  // what boots, in start order
    std::vector<OrderedProcess> stop_order;   // the same, in the order they stop
    // Per supervisor: from the moment it is asked to stop until it has stopped, capped by its own
    // shutdown timeout. Per application: the top supervisor's, as the application master waits.
    std::vector<ShutdownBound> shutdown;
    std::optional<std::int64_t> node_ms;  // all applications, stopped one after the other
};

OrderReport order_tree(const Tree& tree);

// When one level gives up for a child crashing every D seconds, over all the phases of the
// whole-second boundaries: restart stamps are floor(t + phase) in whole seconds, and the crash
// times k*D take q = 1e6 / gcd(D in microseconds, 1e6) distinct positions between two boundaries,
// so q phases stand for all of them (phase j*1e6/q microseconds, j < q).
struct GiveUpTimes {
    std::uint64_t phases = 0;     // phases checked (q)
    std::uint64_t gave_up = 0;    // of those, the phases at which this level gives up
    std::uint64_t undecided = 0;  // neither given up within the horizon nor sure to survive
    std::uint64_t horizon = 0;    // crashes simulated per phase at most
    // Over the phases at which it gives up: when, counted from the first crash (which is crash 1,
    // at 0 s), as a time and as the number of the crash that makes it give up.
    std::int64_t earliest_us = 0;
    std::int64_t latest_us = 0;
    std::uint64_t earliest_crash = 0;
    std::uint64_t latest_crash = 0;
};

// One level above a crashing child: its supervisor, each ancestor, the application, the node.
struct ToleranceLevel {
    enum class Kind { supervisor, application, node } kind = Kind::supervisor;
    std::string path;
    int intensity = 0;
    int period = 0;
    // Survives for every crash interval >= survives_from_us whatever the phase of the second
    // boundaries; nullopt when it survives no interval (gives up at the first restart).
    std::optional<std::int64_t> survives_from_us;
    // Gives up, whatever the phase, for every interval < gives_up_below_us (for the crashing
    // process's own supervisor the same figure as survives_from_us: (P+1)/I); nullopt: no
    // interval is sure to make it give up (or, with survives_from_us nullopt, every one does).
    std::optional<std::int64_t> gives_up_below_us;
    bool always_survives = false;  // nothing can make it give up (see note)
    std::string note;
    // Set when tolerate() was given an interval: when this level gives up at it.
    std::optional<GiveUpTimes> at_interval;
};

inline constexpr EnumName<ToleranceLevel::Kind> kToleranceLevelKindNames[] = {
    {ToleranceLevel::Kind::supervisor, "supervisor"},
    {ToleranceLevel::Kind::application, "application"},
    {ToleranceLevel::Kind::node, "node"}};
constexpr const auto& enum_names(ToleranceLevel::Kind) {
    return kToleranceLevelKindNames;
}

struct ToleranceReport {
    std::string path;
    std::optional<std::int64_t> interval_us;  // the interval asked about, if any
    std::vector<ToleranceLevel> levels;
};

// When PATH does not name a restartable process of the tree, an "unknown_process" error goes to
// `diagnostics` and the report has no levels. With `interval_us` (a whole number of
// milliseconds, > 0), each level also says when it gives up at that interval (at_interval).
ToleranceReport tolerate(const Tree& tree, const std::string& path, Diagnostics& diagnostics,
                         std::optional<std::int64_t> interval_us = std::nullopt);

}  // namespace appgraph::supervision
