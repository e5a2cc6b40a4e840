// The distribution connection: epmd is asked first (so that a typo in the node name gets the list
// of nodes that do run there, and a refused handshake can be told apart from a node that is not
// there), then erl_interface performs the handshake with the cookie.

#include "connection.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>

#include "socket_util.hpp"

namespace appgraph::capture {

namespace {

std::atomic<int> connection_counter{0};

bool ei_ready() {
    static const bool ready = ei_init() == 0;
    return ready;
}

}  // namespace

Connection::Connection(Connection&& other) noexcept
    : node_(other.node_), fd_(other.fd_), own_name_(std::move(other.own_name_)) {
    other.fd_ = -1;
}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        node_ = other.node_;
        fd_ = other.fd_;
        own_name_ = std::move(other.own_name_);
        other.fd_ = -1;
    }
    return *this;
}

Connection::~Connection() {
    close();
}

void Connection::close() {
    if (fd_ >= 0) ei_close_connection(fd_);
    fd_ = -1;
}

std::optional<Connection> Connection::open(const NodeName& target, const std::string& cookie,
                                           int timeout_ms, ConnectFailure& failure) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    if (!ei_ready()) {
        failure = {ConnectFailure::Kind::unreachable, "erl_interface failed to initialise", {}};
        return std::nullopt;
    }
    std::string error;
    auto address = resolve_ipv4(target.host, error);
    if (!address) {
        failure = {ConnectFailure::Kind::unreachable, error, {}};
        return std::nullopt;
    }
    EpmdNames names = epmd_names(target.host, static_cast<int>(remaining_ms(deadline)));
    if (!names.reached) {
        failure = {ConnectFailure::Kind::unreachable,
                   names.error + " (no Erlang node runs on " + target.host +
                       ", or its epmd listens on another port: ERL_EPMD_PORT)",
                   {}};
        return std::nullopt;
    }
    bool registered = false;
    for (const auto& name : names.names) registered = registered || name == target.alive;
    if (!registered) {
        failure = {ConnectFailure::Kind::not_registered,
                   "no node \"" + target.alive + "\" is registered in epmd on " + target.host,
                   names.names};
        return std::nullopt;
    }

    Connection connection;
    // Our own name must be of the same kind as the target's: short names and long names do not
    // connect to each other.
    std::string own_host = local_short_host();
    if (target.long_name) {
        auto local = local_address_towards(*address);
        own_host = local ? *local : "127.0.0.1";
    }
    std::string alive = "supsim_capture_" + std::to_string(::getpid()) + "_" +
                        std::to_string(connection_counter.fetch_add(1));
    connection.own_name_ = alive + "@" + own_host;
    unsigned creation = static_cast<unsigned>(
        (std::chrono::system_clock::now().time_since_epoch().count() & 0x7ffffff) + 4);
    if (ei_connect_xinit(&connection.node_, own_host.c_str(), alive.c_str(),
                         connection.own_name_.c_str(), &*address, cookie.c_str(), creation) < 0) {
        failure = {
            ConnectFailure::Kind::unreachable,
            "cannot set up a node named " + connection.own_name_ + " (name or cookie too long)",
            {}};
        return std::nullopt;
    }
    std::string alive_target = target.alive;
    int fd =
        ei_xconnect_tmo(&connection.node_, &*address, alive_target.data(), remaining_ms(deadline));
    if (fd < 0) {
        int code = erl_errno;
        if (code == ETIMEDOUT) {
            failure = {ConnectFailure::Kind::timeout,
                       "node " + target.full() + " did not complete the handshake within " +
                           std::to_string(timeout_ms) + " ms",
                       {}};
        } else {
            // epmd lists the node, so the node is there: it closed the handshake. The usual
            // reason is a cookie that differs from the node's.
            failure = {ConnectFailure::Kind::refused,
                       "node " + target.full() +
                           " refused the connection during the handshake: the cookie is probably "
                           "not the node's",
                       {}};
        }
        return std::nullopt;
    }
    connection.fd_ = fd;
    return connection;
}

CallResult Connection::call(const char* module, const char* function, const ei_x_buff& args,
                            int timeout_ms) {
    CallResult result;
    if (fd_ < 0) {
        result.message = "the connection was lost";
        return result;
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string mod = module, fun = function;
    if (ei_rpc_to(&node_, fd_, mod.data(), fun.data(), args.buff, args.index) < 0) {
        close();
        result.message = "the connection was lost while sending a request";
        return result;
    }
    ei_x_buff reply;
    ei_x_new(&reply);
    for (;;) {
        if (std::chrono::steady_clock::now() >= deadline) {
            close();
            result.status = CallResult::Status::timeout;
            result.message = "no reply within " + std::to_string(timeout_ms) + " ms";
            break;
        }
        erlang_msg msg;
        reply.index = 0;
        int got = ei_xreceive_msg_tmo(fd_, &msg, &reply, remaining_ms(deadline));
        if (got == ERL_TICK) continue;
        if (got == ERL_ERROR) {
            if (erl_errno == ETIMEDOUT) continue;  // the loop checks the deadline
            close();
            result.message = "the connection was lost (the node went down or closed it)";
            break;
        }
        if (msg.msgtype != ERL_SEND && msg.msgtype != ERL_REG_SEND) continue;
        int index = 0, version = 0;
        ei_decode_version(reply.buff, &index, &version);
        auto term = decode_term(reply.buff, &index);
        // rex answers {rex, Reply}; anything else addressed to us is not ours to read.
        if (!term || !term->is_tuple(2) || !term->items[0].is_atom("rex")) continue;
        Term value = std::move(term->items[1]);
        if (value.is_tuple(2) && value.items[0].is_atom("badrpc")) {
            result.status = CallResult::Status::badrpc;
            result.value = std::move(value.items[1]);
        } else {
            result.status = CallResult::Status::ok;
            result.value = std::move(value);
        }
        break;
    }
    ei_x_free(&reply);
    return result;
}

}  // namespace appgraph::capture
