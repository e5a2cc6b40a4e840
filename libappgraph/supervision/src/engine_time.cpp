// Time in the engine: every process keeps its own, as in OTP. A queue of timed events ordered by
// (time, sequence) holds what is under way (a worker's terminate/2, a shutdown timer, the old
// processes of a killed subtree ending); every supervisor has a mailbox and handles one message
// at a time, and is busy while it waits for a child to stop, so only its own later messages wait.
// Supervisors with work to do at the current instant are taken in turn from a ready list, so a
// chain of exits up a deep tree never recurses.

#include "engine.hpp"

#include <algorithm>

namespace appgraph::supervision {

void Engine::schedule(Timed event) {
    event.seq = next_seq_++;
    queue_.push(event);
}

void Engine::advance(std::int64_t t_us) {
    while (!halted_ && !queue_.empty() && queue_.top().t_us <= t_us) {
        Timed e = queue_.top();
        queue_.pop();
        // A timer whose process has ended meanwhile neither acts nor moves the clock.
        if (stale(e)) continue;
        now_us_ = std::max(now_us_, e.t_us);
        run_timed(e);
        drain();
    }
}

bool Engine::stale(const Timed& e) const {
    if (e.kind == Timed::Kind::ghost) return false;
    const Slot& s = slots_[e.slot];
    if (!s.in_use || s.incarnation != e.incarnation || s.life != Life::leaving) return true;
    return e.kind == Timed::Kind::shutdown_timeout && !s.stop_asked;
}

void Engine::run_timed(const Timed& e) {
    switch (e.kind) {
        case Timed::Kind::worker_stopped: {
            const Slot& s = slots_[e.slot];
            if (stale(e)) return;
            child_stopped(e.slot, s.leave_killed ? "killed" : "shutdown");
            return;
        }
        case Timed::Kind::shutdown_timeout: {
            // The supervisor waited long enough: it kills the child, alone.
            if (stale(e)) return;
            kill(e.slot);
            child_stopped(e.slot, "killed");
            report_failed_calls();
            return;
        }
        case Timed::Kind::ghost: {
            Ghost& g = ghosts_[e.aux];
            if (g.live) emit(TraceKind::terminate, g.path, g.reason);
            if (g.live) release_ghost_name(g);
            g = Ghost{};
            free_ghosts_.push_back(e.aux);
            report_failed_calls();
            return;
        }
    }
}

void Engine::deliver(std::uint32_t sup, Message message) {
    Slot& s = slots_[sup];
    s.mailbox.push_back(std::move(message));
    if (s.job.kind == Job::Kind::none) make_ready(sup);
}

// The supervisor is asked to stop with `reason` (an exit signal from its parent or its
// application master, sys:terminate): it is leaving from now on and takes the request when it is
// free.
void Engine::ask_to_stop(std::uint32_t sup, const std::string& reason) {
    slots_[sup].life = Life::leaving;
    Message m;
    m.kind = Message::Kind::stop;
    m.reason = reason;
    deliver(sup, std::move(m));
}

void Engine::make_ready(std::uint32_t sup) {
    Slot& s = slots_[sup];
    if (s.ready) return;
    s.ready = true;
    ready_.push_back(sup);
}

// Runs everything that happens at the current instant: each ready supervisor handles one
// message (or goes on with its job) and goes to the back of the list if it has more to do.
void Engine::drain() {
    while (!ready_.empty() && !halted_) {
        const std::uint32_t sup = ready_.front();
        ready_.pop_front();
        Slot& s = slots_[sup];
        if (!s.ready) continue;
        s.ready = false;
        if (!s.in_use || (s.life != Life::running && s.life != Life::leaving)) continue;
        if (s.job.kind != Job::Kind::none) {
            if (s.job.outstanding == 0) resume(sup);
        } else if (!s.mailbox.empty()) {
            Message m = std::move(s.mailbox.front());
            s.mailbox.pop_front();
            handle(sup, m);
        }
        report_failed_calls();
        Slot& after = slots_[sup];
        if (!after.in_use || (after.life != Life::running && after.life != Life::leaving)) continue;
        if (after.job.kind == Job::Kind::none ? !after.mailbox.empty() : after.job.outstanding == 0)
            make_ready(sup);
    }
}

// Calls waiting in the mailbox of a supervisor that ends fail: supervisor_not_running, reported
// once its end is (report_failed_calls); so does a terminate_child it was carrying out.
void Engine::fail_calls(std::uint32_t sup) {
    Slot& s = slots_[sup];
    if (s.job.kind == Job::Kind::terminate_child && s.job.child != kNoSlot)
        failed_calls_.emplace_back(ActionKind::terminate_child, slots_[s.job.child].path);
    for (const Message& m : s.mailbox) {
        if (m.kind != Message::Kind::start_child && m.kind != Message::Kind::terminate_child)
            continue;
        failed_calls_.emplace_back(m.kind == Message::Kind::start_child
                                       ? ActionKind::start_child
                                       : ActionKind::terminate_child,
                                   s.path + "/" + m.child_id);
    }
    s.mailbox.clear();
}

void Engine::report_failed_calls() {
    if (failed_calls_.empty()) return;
    std::vector<std::pair<ActionKind, std::string>> calls;
    calls.swap(failed_calls_);
    for (const auto& [action, path] : calls) ignored_call(action, path, "supervisor_not_running");
}

void Engine::ghost_at(std::int64_t t_us, std::uint32_t slot, const std::string& reason,
                      const std::string& name) {
    std::uint32_t index;
    if (!free_ghosts_.empty()) {
        index = free_ghosts_.back();
        free_ghosts_.pop_back();
    } else {
        index = static_cast<std::uint32_t>(ghosts_.size());
        ghosts_.emplace_back();
    }
    const Slot& s = slots_[slot];
    ghosts_[index] = Ghost{s.path, reason, name, s.app, s.incarnation, true};
    schedule({t_us, 0, Timed::Kind::ghost, kNoSlot, 0, index});
}

// A kill aimed at a path whose latest process is an old one still winding down lands on it: it
// dies at once (exit killed) instead of ending later. False when there is none.
bool Engine::kill_ghost(const std::string& path) {
    std::uint32_t found = kNoSlot;
    for (std::uint32_t i = 0; i < ghosts_.size(); ++i) {
        if (ghosts_[i].live && ghosts_[i].path == path) found = i;
    }
    if (found == kNoSlot) return false;
    Ghost& g = ghosts_[found];
    g.live = false;
    release_ghost_name(g);
    emit(TraceKind::exit, path, "killed");
    return true;
}

// An application's master ends by killing every process left in its group (OTP's
// application_master:kill_all_procs): here the old processes of its killed subtrees still
// winding down. They are killed one after the other in the order they started, as the master
// walks the process table.
void Engine::kill_app_ghosts(std::uint32_t app) {
    std::vector<std::uint32_t> found;
    for (std::uint32_t i = 0; i < ghosts_.size(); ++i)
        if (ghosts_[i].live && ghosts_[i].app == app) found.push_back(i);
    std::sort(found.begin(), found.end(), [&](std::uint32_t a, std::uint32_t b) {
        return ghosts_[a].serial < ghosts_[b].serial;
    });
    for (std::uint32_t i : found) {
        Ghost& g = ghosts_[i];
        g.live = false;
        release_ghost_name(g);
        emit(TraceKind::exit, g.path, "killed");
    }
}

void Engine::release_ghost_name(const Ghost& g) {
    if (g.name.empty()) return;
    auto it = names_.find(g.name);
    if (it != names_.end() && --it->second == 0) names_.erase(it);
}

// The process in `slot` gets the exit signal `reason` at `at` from its supervisor, which is dead:
// it ends by itself from now on (a worker that traps exits after its terminate/2, one that does
// not at once, a supervisor after stopping its own children in reverse order, each with its
// shutdown). Its ends become ghost events and the slot is free for a new process of the path.
// Returns when it ends.
std::int64_t Engine::abandon(std::uint32_t slot, std::int64_t at, const std::string& reason) {
    Slot& s = slots_[slot];
    if (s.life != Life::running && s.life != Life::leaving) {
        if (s.life == Life::restarting) s.life = Life::stopped;
        return at;
    }
    std::string name = s.holds_name ? s.spec->registered_name : std::string();
    s.holds_name = false;
    std::int64_t end = at;
    std::string why = reason;
    if (!s.spec->supervisor) {
        if (s.life == Life::leaving) {
            // Already in terminate/2 on its supervisor's request: that goes on.
            end = std::max(at, s.leave_end_us);
            why = s.leave_killed ? "killed" : "shutdown";
        } else if (s.spec->trap_exit.value_or(true)) {
            end = at + s.spec->stop_ms * 1000;
        }
    } else {
        for (std::size_t i = s.children.size(); i-- > 0;) {
            std::uint32_t c = s.children[i];
            if (c != kNoSlot) end = std::max(end, abandon_child(c, end));
        }
        fail_calls(slot);
        s.mailbox.clear();
        s.job = Job{};
        clear_children(slot);
    }
    ghost_at(end, slot, why, name);
    s.life = Life::stopped;
    s.stop_asked = false;
    s.incarnation = next_serial_++;
    return end;
}

// An abandoned supervisor stops `child` at `at` as its shutdown says; returns when it is done.
std::int64_t Engine::abandon_child(std::uint32_t child, std::int64_t at) {
    Slot& x = slots_[child];
    if (x.life != Life::running && x.life != Life::leaving) return abandon(child, at, "shutdown");
    const Shutdown& sd = x.spec->shutdown;
    if (x.life == Life::leaving) return abandon(child, at, "shutdown");
    if (sd.kind == Shutdown::Kind::brutal_kill) {
        if (x.spec->supervisor) {
            for (std::size_t i = x.children.size(); i-- > 0;) {
                std::uint32_t c = x.children[i];
                if (c != kNoSlot) abandon(c, at, "killed");
            }
        }
        std::string name = x.holds_name ? x.spec->registered_name : std::string();
        x.holds_name = false;
        ghost_at(at, child, "killed", name);
        if (x.spec->supervisor) clear_children(child);
        x.life = Life::stopped;
        x.incarnation = next_serial_++;
        return at;
    }
    if (sd.kind == Shutdown::Kind::timeout && !x.spec->supervisor) {
        std::int64_t takes = x.spec->trap_exit.value_or(true) ? x.spec->stop_ms * 1000 : 0;
        if (takes > sd.ms * 1000) {
            std::string name = x.holds_name ? x.spec->registered_name : std::string();
            x.holds_name = false;
            ghost_at(at + sd.ms * 1000, child, "killed", name);
            x.life = Life::stopped;
            x.incarnation = next_serial_++;
            return at + sd.ms * 1000;
        }
    }
    return abandon(child, at, "shutdown");
}

}  // namespace appgraph::supervision
