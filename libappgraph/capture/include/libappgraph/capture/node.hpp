#pragma once
// Naming and reaching a running Erlang node: node names as `erl -sname` / `erl -name` write them,
// the cookie as erl finds it, and the names registered in a host's epmd (the port mapper every
// distributed node registers with), which `supsim capture` uses to complete node names and to
// say which nodes do run when the one asked for does not.

#include <optional>
#include <string>
#include <vector>

namespace appgraph::capture {

struct NodeName {
    std::string alive;       // the part before '@'
    std::string host;        // the part after '@'
    bool long_name = false;  // -name (host with a dot, or an IP address) rather than -sname
    std::string full() const { return alive + "@" + host; }
};

// Parses NAME@HOST, or NAME alone (this machine's short host name, as `erl -sname NAME` uses).
// nullopt with `error` set for names erl would refuse.
std::optional<NodeName> parse_node_name(const std::string& text, std::string& error);

// This machine's host name as `erl -sname` writes it (up to the first dot).
std::string local_short_host();

// Where the cookie came from and what it is.
struct Cookie {
    std::string value;
    std::string source;  // "--cookie", the file path
};

// The cookie erl itself would use without -setcookie: $HOME/.erlang.cookie, else
// $XDG_CONFIG_HOME/erlang/.erlang.cookie (OTP 25 and later); the same checks as erl (a regular
// file readable by its owner only, printable characters). nullopt with `error` set otherwise.
std::optional<Cookie> default_cookie(std::string& error);

// Reads a cookie file given explicitly (no permission check: the user chose it).
std::optional<Cookie> cookie_from_file(const std::string& path, std::string& error);

// The TCP port of epmd: ERL_EPMD_PORT when set (as erl and erl_interface read it), else 4369.
int epmd_port();

struct EpmdNames {
    bool reached = false;
    std::string error;               // why epmd could not be asked, when !reached
    std::vector<std::string> names;  // alive names registered there
};

// Asks epmd on `host` for its registered names (the NAMES request), within `timeout_ms`.
EpmdNames epmd_names(const std::string& host, int timeout_ms);

}  // namespace appgraph::capture
