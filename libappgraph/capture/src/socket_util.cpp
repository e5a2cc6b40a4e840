// Deadline-bound socket steps for the epmd client and the connection set-up.

#include "socket_util.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace appgraph::capture {

namespace {

int wait_for(int fd, short events, Deadline deadline) {
    for (;;) {
        pollfd p{fd, events, 0};
        int r = ::poll(&p, 1, static_cast<int>(remaining_ms(deadline)));
        if (r < 0 && errno == EINTR) continue;
        if (r == 0 && std::chrono::steady_clock::now() >= deadline) return 0;
        if (r == 0) continue;
        return r;
    }
}

}  // namespace

unsigned remaining_ms(Deadline deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    return left < 1 ? 1u : static_cast<unsigned>(left);
}

std::optional<in_addr> resolve_ipv4(const std::string& host, std::string& error) {
    in_addr address{};
    if (::inet_pton(AF_INET, host.c_str(), &address) == 1) return address;
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc != 0 || found == nullptr) {
        error = "cannot resolve host \"" + host + "\": " + ::gai_strerror(rc);
        return std::nullopt;
    }
    address = reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr;
    ::freeaddrinfo(found);
    return address;
}

int connect_with_deadline(in_addr address, int port, Deadline deadline, std::string& error) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error = std::strerror(errno);
        return -1;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr = address;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        if (errno != EINPROGRESS) {
            error = std::strerror(errno);
            ::close(fd);
            return -1;
        }
        if (wait_for(fd, POLLOUT, deadline) == 0) {
            error = "timed out";
            ::close(fd);
            return -1;
        }
        int so_error = 0;
        socklen_t len = sizeof so_error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
        if (so_error != 0) {
            error = std::strerror(so_error);
            ::close(fd);
            return -1;
        }
    }
    return fd;
}

bool write_all_with_deadline(int fd, const void* data, std::size_t size, Deadline deadline,
                             std::string& error) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        if (wait_for(fd, POLLOUT, deadline) == 0) {
            error = "timed out";
            return false;
        }
        ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            error = std::strerror(errno);
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_to_eof_with_deadline(int fd, std::string& out, std::size_t limit, Deadline deadline,
                               std::string& error) {
    char buffer[4096];
    for (;;) {
        if (wait_for(fd, POLLIN, deadline) == 0) {
            error = "timed out";
            return false;
        }
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            error = std::strerror(errno);
            return false;
        }
        if (n == 0) return true;
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() > limit) {
            error = "reply too large";
            return false;
        }
    }
}

std::optional<std::string> local_address_towards(in_addr address) {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::nullopt;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    to.sin_addr = address;
    sockaddr_in local{};
    socklen_t len = sizeof local;
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0 &&
              ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0;
    ::close(fd);
    if (!ok) return std::nullopt;
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &local.sin_addr, text, sizeof text);
    return std::string(text);
}

}  // namespace appgraph::capture
