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

// Why a capture could not be made at all.
enum class CaptureFailure {
    none,
    bad_node_name,   // the node name is not one erl accepts
    unreachable,     // host unknown, no epmd, node not registered, connection lost
    refused,         // the handshake was refused (cookie)
    unsupported,     // an OTP / Elixir release whose supervisor state is not known
    no_application,  // an application asked for with --app does not run there
    protocol,        // the node answered something that is not what OTP answers
};

// Something the user should know about a capture that was made.
struct CaptureNote {
    enum class Kind {
        skipped,  // a supervisor did not answer in time or could not be read: written from its spec
        trimmed,  // dynamic children beyond max_dynamic were not kept
        unknown,  // values that cannot be read from a live node, written as editable defaults
        approximate,  // read, but not exactly what a restart of the node would rebuild
    };
    Kind kind;
    std::string path;  // the process path in the tree ("kv/KV.Supervisor/KV.Registry")
    std::string message;
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
    CaptureFailure failure = CaptureFailure::none;
    std::string error;                     // when failure != none
    std::vector<std::string> suggestions;  // e.g. node names epmd knows, for "did you mean"
    std::string tree_json;                 // the tree file, when failure == none
    std::vector<CaptureNote> notes;
    CaptureStats stats;
    std::string node;      // the full node name captured
    std::string own_name;  // the hidden node's own name used for the connection
    bool ok() const { return failure == CaptureFailure::none; }
};

CaptureResult capture_node(const CaptureOptions& options);

}  // namespace appgraph::capture
