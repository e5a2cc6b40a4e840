#pragma once
// When each level of a chain of supervisors gives up for a child crashing every D seconds, over
// all the phases of the whole-second boundaries (internal to tolerate()). Each phase is run as
// OTP's supervisors would: every crash is a restart counted by the child's supervisor; a
// supervisor that gives up is a restart counted by its parent, which starts it again with an
// empty history (and everything under it), until a level that is not restarted.

#include <cstdint>
#include <optional>
#include <vector>

#include "libappgraph/supervision/analysis.hpp"

namespace appgraph::supervision {

struct ChainLevel {
    int intensity = 1;
    int period = 5;
    // Its parent restarts it after it gives up (a permanent child of the next level). False for
    // the top supervisor and for transient or temporary supervisors: the chain ends there.
    bool restarted_by_parent = false;
};

struct ChainRun {
    std::vector<ChainLevel> levels;  // the crashing child's supervisor first
    // Per level: the process under it in the chain is a dynamic child (of a DynamicSupervisor or
    // simple_one_for_one). Once that level is restarted by its parent the process is gone, and
    // with it the crashes.
    std::vector<bool> dynamic_under;
    // Per level: intervals from which it surely survives (nullopt: none), to tell a level that
    // has not given up within the horizon and never will from one still undecided.
    std::vector<std::optional<std::int64_t>> survives_from_us;
};

// For each level, when it gives up at `interval_us` (a positive whole number of milliseconds),
// counted from the first crash.
std::vector<GiveUpTimes> give_up_times(const ChainRun& chain, std::int64_t interval_us);

}  // namespace appgraph::supervision
