#pragma once
// One distribution connection to the node being captured, through erl_interface. supsim appears
// there as a hidden node (C nodes never publish themselves, so nodes() on the target does not list
// it and it joins no cluster) under a name of its own, and only makes remote calls through rex,
// the node's rpc server. Every step has a deadline; a call that does not answer in time makes the
// connection unusable (a late reply would be taken for the next one), so the caller reconnects.

#include <ei.h>

#include <optional>
#include <string>
#include <vector>

#include "libappgraph/capture/node.hpp"
#include "term.hpp"

namespace appgraph::capture {

struct ConnectFailure {
    enum class Kind { unreachable, not_registered, refused, timeout };
    Kind kind = Kind::unreachable;
    std::string message;
    std::vector<std::string> registered;  // names epmd knows on that host (not_registered)
};

struct CallResult {
    enum class Status { ok, badrpc, timeout, lost };
    Status status = Status::lost;
    Term value;           // ok: the value; badrpc: the reason
    std::string message;  // timeout / lost: what happened
};

class Connection {
public:
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    ~Connection();

    // Connects to `target` with `cookie`; nullopt with `failure` set.
    static std::optional<Connection> open(const NodeName& target, const std::string& cookie,
                                          int timeout_ms, ConnectFailure& failure);

    // apply(Module, Function, Args) on the node, where `args` is an encoded list (no version
    // byte); waits at most `timeout_ms` for rex's reply.
    CallResult call(const char* module, const char* function, const ei_x_buff& args,
                    int timeout_ms);

    bool usable() const { return fd_ >= 0; }
    const std::string& own_name() const { return own_name_; }

private:
    ei_cnode node_{};
    int fd_ = -1;
    std::string own_name_;
    void close();
};

}  // namespace appgraph::capture
