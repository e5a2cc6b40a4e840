#pragma once
// Takes the supervision tree of a running Erlang or Elixir node and writes it in supsim's tree
// format, so that what the node really runs can be simulated instead of a tree written by hand.
//
// The capture connects as a hidden node (erl_interface), asks the application controller for the
// running applications and their start types, and reads every supervisor's flags and child specs
// from sys:get_state/2 (supervisors have no public API for their flags), decoding the state record
// of the OTP release the node runs and refusing releases whose record it does not know. It only
// reads: each request is a read-only expression evaluated on the node, which trims large child
// collections there so that only a bounded reply crosses the connection. Every request has a
// timeout; a supervisor that does not answer in time (busy, or blocked in a long terminate) is
// reported and written with what its parent knows of it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libappgraph/diagnostic.hpp"

namespace appgraph::capture {

struct CaptureOptions {
    std::string node;                       // NAME@HOST or NAME (this host, short names)
    std::string cookie;                     // the node's cookie
    std::vector<std::string> applications;  // only these (in the node's start order); empty: all
    int timeout_ms = 5000;                  // per request on the node
    // Dynamic children kept per DynamicSupervisor / simple_one_for_one supervisor (the first in
    // start order); the number running is recorded either way. nullopt: keep them all.
    std::optional<std::size_t> max_dynamic = 1000;
};

struct CaptureStats {
    std::size_t applications = 0;
    std::size_t supervisors = 0;
    std::size_t workers = 0;
    std::size_t dynamic_kept = 0;
    std::size_t dynamic_running = 0;
    std::size_t requests = 0;
    std::size_t reply_bytes = 0;  // largest single reply, in bytes of external term format
};

struct CaptureResult {
    std::string tree_json;  // the tree file; empty when the capture failed (an error reported)
    CaptureStats stats;
    std::string node;      // the full node name captured
    std::string own_name;  // the hidden node's own name used for the connection
};

// Captures the node. Problems go to `diagnostics`, located by the node's name (SourceLocation::
// file) and, where one process is concerned, its path in the tree (json_path): an error when no
// tree could be taken (bad_node_name, node_unreachable with the names epmd knows there in
// `involved`, handshake_refused, unsupported_release, application_not_running with the running
// applications in `involved`, unexpected_reply), warnings for what the tree lacks
// (supervisor_skipped, values_not_captured with the processes in `involved`, children_cut).
CaptureResult capture_node(const CaptureOptions& options, Diagnostics& diagnostics);

}  // namespace appgraph::capture
