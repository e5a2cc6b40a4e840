#pragma once
// The running state of a simulation: every process slot, what each supervisor is doing, and the
// operations OTP's supervisor performs on them (start, exit handling, restart per strategy,
// termination with shutdown timeouts, give-up and escalation). Internal to libappgraph; the
// public entry point is simulate() in simulator.hpp.

#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "libappgraph/supervision/simulator.hpp"
#include "restart_window.hpp"

namespace appgraph::supervision {

constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max() / 4;

enum class Life : std::uint8_t { stopped, running, restarting };

// Shared rules of the engine's translation units.
inline bool is_shutdown_reason(const std::string& reason) {
    return reason == "normal" || reason == "shutdown" || reason.rfind("shutdown:", 0) == 0;
}

// DynamicSupervisor and simple_one_for_one: children come from start-child, stop all at once.
inline bool accepts_dynamic_children(const SupervisorSpec& sup) {
    return sup.dynamic || sup.strategy == Strategy::simple_one_for_one;
}

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

// One process as its supervisor knows it: a child spec and, while listed, a place among its
// siblings. Static children keep their slot for the whole simulation; dynamic children (started
// with start-child under a DynamicSupervisor or simple_one_for_one) get one while they exist.
struct Slot {
    const ChildSpec* spec = nullptr;
    std::uint32_t parent = kNoSlot;  // the supervising slot; kNoSlot for a top supervisor
    std::uint32_t app = 0;
    std::uint32_t pos = kNoSlot;  // index in the parent's `children`, kNoSlot when not listed
    std::string path;
    Life life = Life::stopped;
    bool dynamic_instance = false;  // freed when it leaves its supervisor
    bool in_use = true;
    std::uint64_t serial = 0;      // distinguishes reuses of a freed slot
    std::int64_t fail_starts = 0;  // next starts that return an error
    std::string fail_reason;
    bool ignore_next = false;  // next start returns ignore
    // Supervisor state (spec->supervisor set).
    std::vector<std::uint32_t> children;         // start order; kNoSlot marks a removed child
    std::uint32_t removed = 0;                   // kNoSlot entries in `children`
    std::vector<std::uint32_t> static_children;  // init/1's children, in order
    std::vector<std::uint32_t> addable;          // start_child_specs of a static supervisor
    RestartWindow window;
    std::uint64_t generation = 0;  // bumped at every start
    std::uint64_t restarts = 0;
    std::uint64_t give_ups = 0;
    // simple_one_for_one before OTP 27: entries of restarts that returned ignore, left without a
    // process; stopping the children then crashes the supervisor (crashed_stopping).
    std::uint32_t phantoms = 0;
    bool crashed_stopping = false;
    // Captured dynamic children not listed in the tree (--max-dynamic): they count against
    // max_children while the supervisor runs the generation they were captured in.
    std::int64_t uncounted_children = 0;
    std::uint64_t uncounted_generation = 0;
};

struct AppState {
    const ApplicationSpec* spec = nullptr;
    std::uint32_t top = kNoSlot;
    std::string path;  // the application name ("" when the tree is bare)
    bool running = false;
    std::string exit_reason;
};

class Engine {
public:
    Engine(const Tree& tree, const SimulationOptions& options, TraceSink& sink);

    void boot();
    // Starts the dynamic children a captured tree lists, right after boot (see running_children).
    void start_captured_children();
    void apply(const ScriptEvent& event, std::int64_t t_us);
    void run_pending_retries();
    bool halted() const { return halted_; }
    SimulationSummary summary() const;
    std::uint64_t trace_events() const { return trace_events_; }

private:
    enum class StartResult { ok, ignored, failed };
    struct Retry {
        std::uint32_t sup;
        std::uint64_t sup_generation;
        std::uint32_t child;
        std::uint64_t child_serial;
    };

    // Slots.
    std::uint32_t allocate(const ChildSpec& spec, std::uint32_t parent, std::uint32_t app,
                           std::string path, bool dynamic_instance);
    void build_static_children(std::uint32_t slot);
    void free_slot(std::uint32_t slot);
    void list_child(std::uint32_t sup, std::uint32_t child);
    void unlist_child(std::uint32_t child);
    void clear_children(std::uint32_t sup);
    std::uint32_t lookup(const std::string& path) const;

    // Trace.
    void emit(TraceKind kind, const std::string& path, std::string_view reason = {});

    // What OTP's supervisor does.
    StartResult start(std::uint32_t slot, std::string& error_reason);
    std::int64_t stop_duration(std::uint32_t slot) const;
    void terminate(std::uint32_t slot);
    // True when the deadline passed and the children left were killed.
    bool terminate_children(std::uint32_t sup, std::size_t from, std::int64_t deadline,
                            bool unlist_temporary);
    void kill_subtree(std::uint32_t slot);
    // `reason`, or function_clause when stopping the children crashed the supervisor.
    std::string stop_reason(std::uint32_t sup, const std::string& reason) const;
    void process_ended(std::uint32_t slot, const std::string& reason);
    void child_exited(std::uint32_t sup, std::uint32_t child, const std::string& reason);
    void restart_child(std::uint32_t sup, std::uint32_t child);
    void drop_child(std::uint32_t child);
    void group_restart(std::uint32_t sup, std::uint32_t child, std::size_t from);
    void stop_supervisor(std::uint32_t sup, const std::string& reason);
    bool significant_alive(std::uint32_t sup) const;
    void application_ended(std::uint32_t app, const std::string& reason);
    void halt_node(std::uint32_t app, const std::string& reason);

    // Scripted actions.
    void crash(std::uint32_t slot, const std::string& reason);
    void start_child(const ScriptEvent& event);
    void terminate_child(const ScriptEvent& event);
    void ignored(const ScriptEvent& event, const std::string& path, const char* why);

    const Tree& tree_;
    SimulationOptions options_;
    TraceSink& sink_;
    std::deque<Slot> slots_;  // a deque: references stay valid as slots are added
    std::vector<std::uint32_t> free_slots_;
    std::unordered_map<std::string, std::uint32_t> by_path_;
    std::unordered_map<std::string, std::pair<std::int64_t, std::string>> pending_failures_;
    std::unordered_map<std::string, bool> pending_ignores_;
    std::vector<AppState> apps_;
    std::deque<Retry> retries_;
    std::int64_t now_us_ = 0;
    std::uint64_t trace_events_ = 0;
    std::uint64_t next_serial_ = 1;
    bool halted_ = false;
    std::int64_t halt_us_ = 0;
    std::string halt_app_;
    std::string halt_reason_;
};

}  // namespace appgraph::supervision
