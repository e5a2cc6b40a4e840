#pragma once
// The trace of a simulation as supsim prints it: one JSON object per line (the contract the
// conformance harness and scripts read, documented in supsim(1)) or one aligned text line.

#include <string>

#include "libappgraph/supervision/trace.hpp"

namespace supsim {

// {"t":0.8,"event":"exit","path":"kv/KV.Supervisor/KV.Registry","reason":"crash"}
std::string format_json_line(const appgraph::supervision::TraceEvent& event);

// "     0.800  exit           kv/KV.Supervisor/KV.Registry  crash"
std::string format_text_line(const appgraph::supervision::TraceEvent& event);

}  // namespace supsim
