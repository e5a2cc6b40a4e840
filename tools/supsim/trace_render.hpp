#pragma once
// The trace of a simulation as supsim prints it: one JSON object per line (the contract the
// conformance harness and scripts read, documented in supsim(1)) or one aligned text line.
// Lines are appended to the caller's output buffer: a crash storm prints millions of them.

#include <string>

#include "libappgraph/supervision/trace.hpp"

namespace supsim {

// Appends {"t":0.8,"event":"exit","path":"kv/KV.Supervisor/KV.Registry","reason":"crash"}
// (no newline).
void append_json_line(std::string& out, const appgraph::supervision::TraceEvent& event);

// Appends "     0.800  exit           kv/KV.Supervisor/KV.Registry  crash" (no newline).
void append_text_line(std::string& out, const appgraph::supervision::TraceEvent& event);

// The same lines as strings.
std::string format_json_line(const appgraph::supervision::TraceEvent& event);
std::string format_text_line(const appgraph::supervision::TraceEvent& event);

}  // namespace supsim
