// Node names, cookies and epmd's NAMES request (erts/epmd: a 2-byte length, NAMES_REQ = 110; the
// reply is epmd's own port as 4 bytes, then one "name NAME at port PORT" line per node).

#include "libappgraph/capture/node.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "libappgraph/diagnostic.hpp"
#include "libappgraph/read_file.hpp"
#include "socket_util.hpp"

namespace appgraph::capture {

namespace {

bool valid_alive(const std::string& alive) {
    if (alive.empty() || alive.size() > 200) return false;
    for (char c : alive)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-'))
            return false;
    return true;
}

bool valid_host(const std::string& host) {
    if (host.empty() || host.size() > 250) return false;
    for (char c : host)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

// erl's check_cookie: printable ASCII, trailing newlines, carriage returns and blanks dropped.
std::optional<std::string> cookie_text(const std::string& content, const std::string& path,
                                       std::string& error) {
    std::string value = content;
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' '))
        value.pop_back();
    for (char c : value)
        if (c < ' ' || c > '~') {
            error = "cookie file " + path + " has characters erl does not accept in a cookie";
            return std::nullopt;
        }
    if (value.empty()) {
        error = "cookie file " + path + " is empty";
        return std::nullopt;
    }
    if (value.size() > 255) {
        error = "cookie file " + path + " holds a cookie longer than 255 characters";
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> read_whole(const std::string& path, std::string& error) {
    try {
        return read_text_file(path);
    } catch (const DiagnosticError& e) {
        error = "cookie file " + path + ": " + e.diagnostic().message;
        return std::nullopt;
    }
}

std::optional<Cookie> checked_cookie(const std::string& path, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        error = "cannot read cookie file " + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        error = "cookie file " + path + " is not a regular file";
        return std::nullopt;
    }
    if ((st.st_mode & 077) != 0) {
        error = "cookie file " + path +
                " must be accessible by its owner only (erl refuses it too; chmod 400 it)";
        return std::nullopt;
    }
    auto content = read_whole(path, error);
    if (!content) return std::nullopt;
    auto value = cookie_text(*content, path, error);
    if (!value) return std::nullopt;
    return Cookie{*value, path};
}

}  // namespace

std::string local_short_host() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
    std::string host = name;
    if (auto dot = host.find('.'); dot != std::string::npos) host.resize(dot);
    return host;
}

std::optional<NodeName> parse_node_name(const std::string& text, std::string& error) {
    NodeName node;
    auto at = text.find('@');
    node.alive = text.substr(0, at);
    node.host = at == std::string::npos ? local_short_host() : text.substr(at + 1);
    if (!valid_alive(node.alive)) {
        error = "\"" + text +
                "\" is not a node name: the part before '@' takes letters, digits, '_' and '-'";
        return std::nullopt;
    }
    if (!valid_host(node.host) || node.host.find('@') != std::string::npos) {
        error = "\"" + text + "\" is not a node name: expected NAME@HOST";
        return std::nullopt;
    }
    node.long_name = node.host.find('.') != std::string::npos;
    return node;
}

std::optional<Cookie> default_cookie(std::string& error) {
    const char* home = std::getenv("HOME");
    std::string home_path = home && *home ? std::string(home) + "/.erlang.cookie" : "";
    std::string xdg;
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
        xdg = std::string(config) + "/erlang/.erlang.cookie";
    else if (home && *home)
        xdg = std::string(home) + "/.config/erlang/.erlang.cookie";
    for (const std::string& path : {home_path, xdg}) {
        if (path.empty()) continue;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) continue;
        return checked_cookie(path, error);
    }
    error = "no cookie: " + (home_path.empty() ? std::string("$HOME is not set") : home_path) +
            " does not exist" + (xdg.empty() ? "" : " (nor " + xdg + ")") +
            "; give the node's cookie with --cookie-file FILE or --cookie COOKIE";
    return std::nullopt;
}

std::optional<Cookie> cookie_from_file(const std::string& path, std::string& error) {
    auto content = read_whole(path, error);
    if (!content) return std::nullopt;
    auto value = cookie_text(*content, path, error);
    if (!value) return std::nullopt;
    return Cookie{*value, path};
}

int epmd_port() {
    if (const char* text = std::getenv("ERL_EPMD_PORT"); text && *text) {
        char* end = nullptr;
        long port = std::strtol(text, &end, 10);
        if (end && *end == '\0' && port > 0 && port < 65536) return static_cast<int>(port);
    }
    return 4369;
}

EpmdNames epmd_names(const std::string& host, int timeout_ms) {
    EpmdNames result;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::string error;
    auto address = resolve_ipv4(host, error);
    if (!address) {
        result.error = error;
        return result;
    }
    int fd = connect_with_deadline(*address, epmd_port(), deadline, error);
    if (fd < 0) {
        result.error =
            "cannot reach epmd on " + host + " port " + std::to_string(epmd_port()) + ": " + error;
        return result;
    }
    const unsigned char request[] = {0, 1, 110};
    std::string reply;
    bool ok = write_all_with_deadline(fd, request, sizeof request, deadline, error) &&
              read_to_eof_with_deadline(fd, reply, 1 << 20, deadline, error);
    ::close(fd);
    if (!ok || reply.size() < 4) {
        result.error = "epmd on " + host + " did not answer: " + (ok ? "short reply" : error);
        return result;
    }
    result.reached = true;
    std::istringstream lines(reply.substr(4));
    std::string line;
    while (std::getline(lines, line)) {
        // "name NAME at port PORT"
        if (line.rfind("name ", 0) != 0) continue;
        auto at = line.rfind(" at port ");
        if (at == std::string::npos || at <= 5) continue;
        result.names.push_back(line.substr(5, at - 5));
    }
    return result;
}

}  // namespace appgraph::capture
