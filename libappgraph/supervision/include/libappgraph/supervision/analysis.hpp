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

// One level above a crashing child: its supervisor, each ancestor, the application, the node.
struct ToleranceLevel {
    enum class Kind { supervisor, application, node } kind = Kind::supervisor;
    std::string path;
    int intensity = 0;
    int period = 0;
    // Survives for every crash interval >= survives_from_us whatever the phase of the second
    // boundaries; nullopt when it survives no interval (gives up at the first restart).
    std::optional<std::int64_t> survives_from_us;
    // Gives up, whatever the phase, for every interval <= gives_up_to_us (nullopt: never sure).
    std::optional<std::int64_t> gives_up_to_us;
    bool always_survives = false;  // nothing can make it give up (see note)
    std::string note;
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
    std::vector<ToleranceLevel> levels;
};

// When PATH does not name a restartable process of the tree, an "unknown_process" error goes to
// `diagnostics` and the report has no levels.
ToleranceReport tolerate(const Tree& tree, const std::string& path, Diagnostics& diagnostics);

}  // namespace appgraph::supervision
