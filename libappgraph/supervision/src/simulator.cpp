// The simulation of a script held in memory: the script is yielded in time order (equal times in
// file order) to the driver that reads scripts as they go (simulate_stream.cpp), so that both
// forms of a script give the same trace by construction.

#include "libappgraph/supervision/simulator.hpp"

namespace appgraph::supervision {

SimulationSummary simulate(const Tree& tree, const std::vector<ScriptEvent>& script,
                           const SimulationOptions& options, TraceSink& sink) {
    SortedScript sorted(script);
    return simulate(tree, sorted, options, sink);
}

}  // namespace appgraph::supervision
