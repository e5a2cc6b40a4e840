#pragma once
// Supervisor states as each release keeps them. OTP's supervisor keeps its flags and children in
// a #state record and each child in a #child record (lib/stdlib/src/supervisor.erl); the record's
// fields are not an API and have changed between releases, so the capture decodes them only for
// releases whose layout it knows, chosen from the node's stdlib version, and checks the shape of
// what it reads against that layout. Elixir's DynamicSupervisor keeps a struct whose keys are
// read by name.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "term.hpp"

namespace appgraph::capture {

// 1-based element positions, as in erlang:element/2; 0 = the field does not exist.
struct SupervisorLayout {
    const char* releases;  // "OTP 24 to 28"
    int state_size, name, strategy, children, dynamics, intensity, period, auto_shutdown, module,
        args;
    int child_size, child_pid, child_id, child_mfargs, child_restart, child_significant,
        child_shutdown, child_type;
};

// The layout for a node whose stdlib application has version `stdlib_vsn`; nullptr when the
// version is not one whose supervisor record is known. `known` describes the versions that are.
const SupervisorLayout* layout_for_stdlib(const std::string& stdlib_vsn);
extern const char* const kKnownStdlibVersions;

// Elixir releases whose DynamicSupervisor struct is known.
bool known_elixir(const std::string& elixir_vsn);
extern const char* const kKnownElixirVersions;

// One child as its supervisor knows it, plus what the node says of its process.
struct ChildReading {
    Term id;                  // the child id (DynamicSupervisor and simple_one_for_one: none)
    std::string module;       // the start module
    std::string restart;      // permanent | transient | temporary
    Term shutdown;            // brutal_kill | infinity | integer
    bool supervisor = false;  // child_type
    bool significant = false;
    std::optional<Term> pid;  // the running process
    bool restarting = false;
    bool dead = false;  // listed by its supervisor but already gone
    std::optional<bool> trap_exit;
    std::string registered_name;
};

struct SupervisorReading {
    bool dynamic = false;  // an Elixir DynamicSupervisor
    std::string registered_name;
    std::string module;  // the callback module
    std::string strategy;
    std::int64_t intensity = 1, period = 5;
    std::string auto_shutdown = "never";
    std::optional<std::int64_t> max_children;    // DynamicSupervisor; nullopt = infinity
    std::vector<std::string> extra_arguments;    // printed terms
    std::vector<ChildReading> children;          // static children, in start order
    std::vector<ChildReading> dynamic_children;  // kept, in start (pid) order
    std::size_t dynamic_total = 0;
};

// Decodes the reply of kSupervisorExpression; nullopt with `error` set when its shape is not the
// layout's (the state record of another release, or not a supervisor).
std::optional<SupervisorReading> decode_supervisor_reply(const Term& reply,
                                                         const SupervisorLayout& layout,
                                                         std::string& error);

}  // namespace appgraph::capture
