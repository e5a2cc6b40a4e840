#pragma once
// Small POSIX socket helpers with a deadline on every step, shared by the epmd client and the
// connection set-up: no step may block past the time the user allowed.

#include <netinet/in.h>

#include <chrono>
#include <optional>
#include <string>

namespace appgraph::capture {

using Deadline = std::chrono::steady_clock::time_point;

// The first IPv4 address of `host` (a name or a dotted quad); nullopt with `error` set.
std::optional<in_addr> resolve_ipv4(const std::string& host, std::string& error);

// A connected TCP socket, or -1 with `error` set ("connection refused", "timed out", ...).
int connect_with_deadline(in_addr address, int port, Deadline deadline, std::string& error);

bool write_all_with_deadline(int fd, const void* data, std::size_t size, Deadline deadline,
                             std::string& error);

// Reads until the peer closes, at most `limit` bytes.
bool read_to_eof_with_deadline(int fd, std::string& out, std::size_t limit, Deadline deadline,
                               std::string& error);

// The local address this machine would use to reach `address` (for a long node name of our own).
std::optional<std::string> local_address_towards(in_addr address);

// Milliseconds left before `deadline`, at least 1.
unsigned remaining_ms(Deadline deadline);

}  // namespace appgraph::capture
