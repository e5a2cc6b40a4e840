#pragma once
// A self-contained SVG timeline of a simulation: a legend, one lane per process in tree order,
// lifetimes as bars, crashes, kills, restarts, give-ups, the node halt and the end time marked.

#include <cstdint>
#include <string>
#include <vector>

#include "libappgraph/supervision/simulator.hpp"

namespace supsim {

struct RecordedEvent {
    std::int64_t t_us;
    appgraph::supervision::TraceKind kind;
    std::string path;
    std::string reason;
};

std::string render_svg_timeline(const appgraph::supervision::Tree& tree,
                                const std::vector<RecordedEvent>& events,
                                const appgraph::supervision::SimulationSummary& summary);

}  // namespace supsim
