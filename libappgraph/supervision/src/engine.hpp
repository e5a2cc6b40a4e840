#pragma once
// The running state of a simulation: every process slot, what each supervisor is doing, and the
// operations OTP's supervisor performs on them (start, exit handling, restart per strategy,
// termination with shutdown timeouts, give-up and escalation). Time is per process, as in OTP:
// a discrete-event simulation with one queue of timed events (a worker's terminate/2 ending, a
// shutdown timeout running out, an old process of a killed subtree ending) ordered by (time,
// sequence), and one mailbox per supervisor, which handles one message at a time and is busy
// while it waits for a child to stop. The application controller is modelled as such a process
// too: it carries out one stop at a time, and what reaches it meanwhile waits. Internal to
// libappgraph; the public entry point is simulate() in simulator.hpp.

#include <cstdint>
#include <deque>
#include <limits>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "libappgraph/supervision/simulator.hpp"
#include "restart_window.hpp"

namespace appgraph::supervision {

constexpr std::uint32_t kNoSlot = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max() / 4;

// `leaving`: alive but ending (a worker in terminate/2, a supervisor told to stop or giving up);
// a scripted crash no longer lands on it.
enum class Life : std::uint8_t { stopped, running, restarting, leaving };

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

// A message in a supervisor's mailbox. Everything is copied in: nothing points back into the
// script, which the driver may stream and discard.
struct Message {
    enum class Kind : std::uint8_t {
        child_exit,       // EXIT from a child (child, incarnation, reason)
        retry,            // try_again_restart for a child whose restart failed
        stop,             // stop with `reason`: sys:terminate from the script, or the parent's EXIT
        start_child,      // supervisor:start_child / restart_child (child_id, spec_id)
        terminate_child,  // supervisor:terminate_child (child_id)
    };
    Kind kind = Kind::child_exit;
    std::uint32_t child = kNoSlot;
    std::uint64_t incarnation = 0;
    std::string reason;
    std::string child_id;
    std::string spec_id;
    bool child_alive = false;  // terminate_child: the child was alive when the call was made
};

// What a busy supervisor is doing: stopping `order` one after another (all at once for dynamic
// supervisors), then the continuation of `kind`.
struct Job {
    enum class Kind : std::uint8_t { none, group_restart, terminate_child, stop };
    Kind kind = Kind::none;
    std::vector<std::uint32_t> order;  // children to stop, in the order they are stopped
    std::size_t next = 0;
    std::uint32_t outstanding = 0;  // children signalled that have not ended yet
    bool concurrent = false;
    bool unlist_temporary = false;
    std::uint32_t child = kNoSlot;  // group_restart: the restarted child; terminate_child: target
    std::size_t from = 0;           // group_restart: first position restarted
    std::string reason;             // stop: the exit reason
    // terminate_child of a child that was not alive when the call was made but had been
    // restarted by the time the supervisor took it: reported not_running once done.
    bool called_on_dead = false;
};

// One process as its supervisor knows it: a child spec and, while listed, a place among its
// siblings. Static children keep their slot for the whole simulation; dynamic children (started
// with start-child under a DynamicSupervisor or simple_one_for_one) get one while they exist.
// A slot holds the current process of its path; an old process still ending after its
// supervisor was killed lives on only as timed events (see Engine::abandon).
struct Slot {
    const ChildSpec* spec = nullptr;
    std::uint32_t parent = kNoSlot;  // the supervising slot; kNoSlot for a top supervisor
    std::uint32_t app = 0;
    std::uint32_t pos = kNoSlot;  // index in the parent's `children`, kNoSlot when not listed
    std::string path;
    Life life = Life::stopped;
    bool dynamic_instance = false;  // freed when it leaves its supervisor
    bool in_use = true;
    bool holds_name = false;  // its registered name is taken by this process
    bool stop_asked = false;  // its supervisor is stopping it and waits for its end
    // A supervisor stopping on a scripted request or by auto_shutdown: a further crash aimed at
    // it waits for the same end and shows nothing (sys:terminate again).
    bool silent_stop = false;
    // A supervisor ending on its own (it gave up, or a scripted crash is stopping it): when its
    // parent asks it to stop meanwhile and waits, its end is still an `exit`, as it did not
    // end because it was asked.
    bool own_end = false;
    std::uint64_t serial = 0;       // distinguishes reuses of a freed slot
    std::uint64_t incarnation = 0;  // bumped at every start and when the process is abandoned
    std::int64_t fail_starts = 0;   // next starts that return an error
    std::string fail_reason;
    bool ignore_next = false;  // next start returns ignore
    // A worker in terminate/2: when it ends and with which reason.
    std::int64_t leave_end_us = 0;
    bool leave_killed = false;
    // Supervisor state (spec->supervisor set).
    std::vector<std::uint32_t> children;         // start order; kNoSlot marks a removed child
    std::uint32_t removed = 0;                   // kNoSlot entries in `children`
    std::vector<std::uint32_t> static_children;  // init/1's children, in order
    std::vector<std::uint32_t> addable;          // start_child_specs of a static supervisor
    RestartWindow window;
    std::uint64_t generation = 0;  // bumped at every start
    std::uint64_t restarts = 0;
    std::uint64_t give_ups = 0;
    std::deque<Message> mailbox;
    Job job;
    bool ready = false;  // queued to handle its mailbox or to resume its job
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

// Work for the application controller, a process like any other: it carries out one stop at a
// time (application:stop is a call it handles to the end, init:stop waits behind it), and the
// exits of applications that reach it meanwhile wait in its mailbox.
struct ControllerWork {
    enum class Kind : std::uint8_t {
        app_ended,  // an application's master exited (with the application's exit_reason)
        stop_app,   // application:stop(app)
        stop_node,  // init:stop()
    };
    Kind kind = Kind::app_ended;
    std::uint32_t app = 0;
};

// A timed event of the queue.
struct Timed {
    enum class Kind : std::uint8_t {
        worker_stopped,    // a worker's terminate/2 returns (slot, incarnation)
        shutdown_timeout,  // a supervisor's timer for a child runs out (slot: the child)
        ghost,             // a process of a killed subtree ends (payload: ghosts_[aux])
    };
    std::int64_t t_us = 0;
    std::uint64_t seq = 0;
    Kind kind = Kind::worker_stopped;
    std::uint32_t slot = kNoSlot;
    std::uint64_t incarnation = 0;
    std::uint32_t aux = 0;
    bool operator>(const Timed& o) const { return t_us != o.t_us ? t_us > o.t_us : seq > o.seq; }
};

// What an old process of a killed subtree reports when it ends.
struct Ghost {
    std::string path;
    std::string reason;
    std::string name;          // registered name it releases, or empty
    std::uint32_t app = 0;     // its application, whose master kills it when the application ends
    std::uint64_t serial = 0;  // when the process started: the order of its application's kills
    bool live = false;         // false once killed from outside (or freed)
};

class Engine {
public:
    Engine(const Tree& tree, const SimulationOptions& options, TraceSink& sink);

    void boot();
    // Starts the dynamic children a captured tree lists, right after boot (see running_children).
    void start_captured_children();
    // Runs the timed events up to `t_us` (inclusive: what is under way finishes first), then
    // applies the scripted event at `t_us`. A scripted event at the same time as the one before
    // waits until everything that one set off has played out, and happens then.
    void apply(const ScriptEvent& event, std::int64_t t_us);
    // Runs the timed events up to `t_us` inclusive (the end of the run).
    void advance(std::int64_t t_us);
    // The node has halted, or is stopping: no further scripted event is applied.
    bool halted() const { return halted_ || node_stopping_; }
    // The end of the run: runs the timed events up to `t_us`, and a node stop under way to its end.
    void finish(std::int64_t t_us);
    SimulationSummary summary() const;
    std::uint64_t trace_events() const { return trace_events_; }

private:
    enum class StartResult { ok, ignored, failed };

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
    void ignored_call(ActionKind action, const std::string& path, const char* why);

    // Time: the event queue and the mailboxes (engine_time.cpp).
    void schedule(Timed event);
    void run_timed(const Timed& event);
    bool stale(const Timed& event) const;
    void deliver(std::uint32_t sup, Message message);
    void ask_to_stop(std::uint32_t sup, const std::string& reason);
    void retry_later(std::uint32_t sup, std::uint32_t child);
    void make_ready(std::uint32_t sup);
    void drain();
    void fail_calls(std::uint32_t sup);
    void report_failed_calls();
    std::int64_t abandon(std::uint32_t slot, std::int64_t at, const std::string& reason);
    std::int64_t abandon_child(std::uint32_t child, std::int64_t at);
    void ghost_at(std::int64_t t_us, std::uint32_t slot, const std::string& reason,
                  const std::string& name);
    bool kill_ghost(const std::string& path);
    void kill_app_ghosts(std::uint32_t app);
    void release_ghost_name(const Ghost& ghost);

    // What OTP's supervisor does.
    StartResult start(std::uint32_t slot, std::string& error_reason);
    void set_dead(std::uint32_t slot);
    void handle(std::uint32_t sup, Message& message);
    void begin_job(std::uint32_t sup, Job::Kind kind, std::size_t from, bool unlist_temporary);
    void resume(std::uint32_t sup);
    void signal_child(std::uint32_t sup, std::uint32_t child);
    void child_stopped(std::uint32_t child, const std::string& reason,
                       TraceKind kind = TraceKind::terminate);
    void after_stop(std::uint32_t sup, std::uint32_t child);
    void finish_job(std::uint32_t sup);
    void kill(std::uint32_t slot);
    void supervisor_ended(std::uint32_t sup, const std::string& reason);
    // Stopping at once, for a failed init/1: the clock does not move.
    std::int64_t stop_duration(std::uint32_t slot) const;
    void terminate_now(std::uint32_t slot);
    bool terminate_children_now(std::uint32_t sup, std::size_t from, std::int64_t deadline);
    void kill_subtree_now(std::uint32_t slot);
    void abandon_children(std::uint32_t sup, std::size_t from, std::int64_t at);
    // `reason`, or function_clause when stopping the children crashed the supervisor.
    std::string stop_reason(std::uint32_t sup, const std::string& reason) const;
    void process_ended(std::uint32_t slot, const std::string& reason);
    void child_exited(std::uint32_t sup, std::uint32_t child, const std::string& reason);
    void restart_child(std::uint32_t sup, std::uint32_t child);
    void drop_child(std::uint32_t child);
    void start_group(std::uint32_t sup, std::size_t from);
    void stop_supervisor(std::uint32_t sup, const std::string& reason);
    bool significant_alive(std::uint32_t sup) const;
    void application_ended(std::uint32_t app, const std::string& reason);
    void report_app_exit(std::uint32_t app);
    void emit_app_exit(const AppState& app);
    void controller(ControllerWork work);
    void carry_out(const ControllerWork& work);
    void begin_app_stop(std::uint32_t app);
    void app_stopped(std::uint32_t app);
    std::uint32_t find_app(const std::string& name) const;
    void halt_node(const std::string& cause, const std::string& reason);
    void stop_next_for_halt();

    // Scripted actions.
    void crash(std::uint32_t slot, const std::string& reason);
    void start_child(std::uint32_t sup, const std::string& child_id, const std::string& spec_id);
    void terminate_child(std::uint32_t sup, const std::string& child_id, bool child_alive);

    const Tree& tree_;
    SimulationOptions options_;
    TraceSink& sink_;
    std::deque<Slot> slots_;  // a deque: references stay valid as slots are added
    std::vector<std::uint32_t> free_slots_;
    std::unordered_map<std::string, std::uint32_t> by_path_;
    std::unordered_map<std::string, std::pair<std::int64_t, std::string>> pending_failures_;
    std::unordered_map<std::string, bool> pending_ignores_;
    std::unordered_map<std::string, std::uint32_t> names_;  // registered name -> holders
    std::vector<AppState> apps_;
    std::deque<ControllerWork> controller_queue_;
    // The application it is stopping (application:stop, or one after the other while the node
    // stops), if any: until that one has stopped, the controller's work waits.
    std::uint32_t controller_stopping_ = kNoSlot;
    std::priority_queue<Timed, std::vector<Timed>, std::greater<Timed>> queue_;
    std::uint64_t next_seq_ = 0;
    std::int64_t last_script_us_ = -1;  // time of the last scripted event applied
    std::vector<Ghost> ghosts_;
    std::vector<std::uint32_t> free_ghosts_;
    std::deque<std::uint32_t> ready_;
    // Calls failed by a supervisor's end, reported right after it: (action, child path).
    std::vector<std::pair<ActionKind, std::string>> failed_calls_;
    // The node is stopping: the controller stops the running applications (the last started
    // first), then the node halts; scripted events are no longer applied.
    bool node_stopping_ = false;
    std::int64_t now_us_ = 0;
    std::uint64_t trace_events_ = 0;
    std::uint64_t next_serial_ = 1;
    bool halted_ = false;
    bool halt_requested_ = false;
    std::int64_t halt_us_ = 0;
    std::string halt_app_;
    std::string halt_reason_;
};

}  // namespace appgraph::supervision
