// The supervisor state machine, following OTP's supervisor.erl (OTP 25) step by step:
// - start: a supervisor starts its children in order; a child that fails makes it terminate the
//   ones already started (reverse order) and fail with {shutdown,{failed_to_start_child,Id,R}}.
//   A child with a registered name still held (by an old process winding down) fails to start
//   with already_started.
// - a child's exit goes through the restart-type table (do_restart/3); only a child actually
//   being restarted counts against the intensity (add_restart/1, stamped when the supervisor
//   handles the EXIT) and triggers the strategy.
// - one_for_all / rest_for_one stop the group in reverse start order, dropping temporary
//   children, then start it in start order; a failed start leaves the child "restarting" and
//   queues a retry (try_again_restart) behind the mailbox, which goes through the intensity
//   check again.
// - giving up reports reached_max_restart_intensity, stops the rest and exits `shutdown`, which
//   the parent handles like any child exit, up to the application controller.
// Stopping a child takes time: the supervisor signals it and is busy until it ends (a worker's
// terminate/2, a child supervisor stopping its own children), or kills it when its shutdown
// timeout runs out. Killing a supervisor kills that process alone (see Engine::kill).
// The queue and mailboxes are in engine_time.cpp, slots in engine_slots.cpp, applications and
// scripted actions in engine_actions.cpp.

#include "engine.hpp"

#include <algorithm>

namespace appgraph::supervision {

// ---- start -----------------------------------------------------------------------------------

Engine::StartResult Engine::start(std::uint32_t slot, std::string& error_reason) {
    Slot& s = slots_[slot];
    s.incarnation = next_serial_++;
    if (s.fail_starts > 0) {
        --s.fail_starts;
        error_reason = s.fail_reason;
        emit(TraceKind::start_error, s.path, error_reason);
        return StartResult::failed;
    }
    if (s.ignore_next) {
        s.ignore_next = false;
        emit(TraceKind::start_ignore, s.path);
        return StartResult::ignored;
    }
    const std::string& name = s.spec->registered_name;
    if (!name.empty()) {
        // gen_server's register_name: the old process of this path may still hold the name.
        if (names_.count(name) > 0) {
            error_reason = "already_started";
            emit(TraceKind::start_error, s.path, error_reason);
            return StartResult::failed;
        }
        names_[name] = 1;
        s.holds_name = true;
    }
    s.life = Life::running;
    s.stop_asked = false;
    s.silent_stop = false;
    s.own_end = false;
    emit(TraceKind::start, s.path);
    if (!s.spec->supervisor) return StartResult::ok;
    const SupervisorSpec& sup = *s.spec->supervisor;
    ++s.generation;
    s.window.reset(sup.intensity, sup.period);
    s.phantoms = 0;
    s.crashed_stopping = false;
    s.mailbox.clear();
    s.job = Job{};
    s.ready = false;
    s.children.clear();
    s.removed = 0;
    for (std::uint32_t c : s.static_children) list_child(slot, c);
    for (std::size_t i = 0; i < slots_[slot].children.size(); ++i) {
        std::uint32_t c = slots_[slot].children[i];
        std::string reason;
        StartResult r = start(c, reason);
        if (r == StartResult::ignored) {
            if (slots_[c].spec->restart == RestartType::temporary) unlist_child(c);
        } else if (r == StartResult::failed) {
            // init/1 fails: no retry at start; what was started is stopped again (at once: the
            // simulation does not make the starting parent wait for that).
            slots_[c].life = Life::stopped;
            terminate_children_now(slot, 0, kForever);
            clear_children(slot);
            set_dead(slot);
            error_reason = "shutdown:failed_to_start_child:" + slots_[c].spec->id + ":" + reason;
            emit(TraceKind::start_error, slots_[slot].path, error_reason);
            return StartResult::failed;
        }
    }
    return StartResult::ok;
}

// The process is gone: it no longer holds its registered name.
void Engine::set_dead(std::uint32_t slot) {
    Slot& s = slots_[slot];
    if (s.holds_name) {
        auto it = names_.find(s.spec->registered_name);
        if (it != names_.end() && --it->second == 0) names_.erase(it);
        s.holds_name = false;
    }
    s.life = Life::stopped;
    s.stop_asked = false;
}

// ---- stopping children, over time ---------------------------------------------------------------

// The supervisor starts a job: stop `order` (its children from `from` on, reverse start order),
// then continue by kind. Called while it handles a message, so it is not busy.
void Engine::begin_job(std::uint32_t sup, Job::Kind kind, std::size_t from, bool unlist_temporary) {
    Slot& s = slots_[sup];
    Job& j = s.job;
    j.kind = kind;
    j.order.clear();
    j.next = 0;
    j.outstanding = 0;
    j.from = from;
    j.unlist_temporary = unlist_temporary;
    j.concurrent = accepts_dynamic_children(*s.spec->supervisor);
    if (kind != Job::Kind::terminate_child) {
        for (std::size_t i = s.children.size(); i-- > from;)
            if (s.children[i] != kNoSlot) j.order.push_back(s.children[i]);
    } else {
        j.order.push_back(j.child);
    }
    if (kind == Job::Kind::stop && s.phantoms > 0) {
        // Before OTP 27, simple_one_for_one's terminate/2 meets the entry without a process and
        // crashes (function_clause): its children get the supervisor's exit through their links.
        s.crashed_stopping = true;
        for (std::uint32_t c : j.order) {
            if (slots_[c].life != Life::running && slots_[c].life != Life::leaving) continue;
            kill_subtree_now(c);
            set_dead(c);
            emit(TraceKind::exit, slots_[c].path, "function_clause");
        }
        j.order.clear();
    }
    resume(sup);
}

// Signals the next children of the job: one at a time, or all at once for dynamic supervisors;
// the job's continuation runs once every child signalled has ended.
void Engine::resume(std::uint32_t sup) {
    Job& j = slots_[sup].job;
    for (;;) {
        if (j.next < j.order.size() && (j.concurrent || j.outstanding == 0)) {
            signal_child(sup, j.order[j.next++]);
            continue;
        }
        if (j.next >= j.order.size() && j.outstanding == 0) finish_job(sup);
        return;
    }
}

// The supervisor stops one child: shutdown signal, then wait up to the timeout, then kill.
void Engine::signal_child(std::uint32_t sup, std::uint32_t child) {
    Slot& x = slots_[child];
    Job& j = slots_[sup].job;
    if (x.life == Life::stopped || x.life == Life::restarting) {
        // Already dead or not running. OTP's shutdown/2 takes an EXIT of it still queued out
        // of the mailbox: that EXIT will change nothing.
        if (x.life == Life::stopped) x.incarnation = next_serial_++;
        after_stop(sup, child);
        return;
    }
    const Shutdown& sd = x.spec->shutdown;
    if (sd.kind == Shutdown::Kind::brutal_kill) {
        kill(child);
        emit(TraceKind::terminate, x.path, "killed");
        report_failed_calls();
        after_stop(sup, child);
        return;
    }
    if (!x.spec->supervisor) {
        if (x.life == Life::leaving) {  // already in terminate/2: wait for it
            x.stop_asked = true;
            ++j.outstanding;
            return;
        }
        // A worker that does not trap exits dies of the shutdown signal at once.
        std::int64_t takes = x.spec->trap_exit.value_or(true) ? x.spec->stop_ms * 1000 : 0;
        bool cut = sd.kind == Shutdown::Kind::timeout && takes > sd.ms * 1000;
        if (cut) takes = sd.ms * 1000;
        if (takes == 0) {
            set_dead(child);
            emit(TraceKind::terminate, x.path, cut ? "killed" : "shutdown");
            after_stop(sup, child);
            return;
        }
        x.life = Life::leaving;
        x.stop_asked = true;
        x.leave_end_us = now_us_ + takes;
        x.leave_killed = cut;
        schedule({x.leave_end_us, 0, Timed::Kind::worker_stopped, child, x.incarnation, 0});
        ++j.outstanding;
        return;
    }
    // A child supervisor gets the EXIT in its mailbox and stops its children first.
    x.stop_asked = true;
    if (x.life == Life::running) ask_to_stop(child, "shutdown");
    if (sd.kind == Shutdown::Kind::timeout)
        schedule(
            {now_us_ + sd.ms * 1000, 0, Timed::Kind::shutdown_timeout, child, x.incarnation, 0});
    ++j.outstanding;
}

// A child its supervisor was stopping has ended with `reason`: report it (a terminate, or an
// exit when it was killed from outside meanwhile), go on with the job.
void Engine::child_stopped(std::uint32_t child, const std::string& reason, TraceKind kind) {
    Slot& x = slots_[child];
    set_dead(child);
    emit(kind, x.path, reason);
    std::uint32_t sup = x.parent;
    if (sup == kNoSlot) {
        // A top supervisor its application master asked to stop (application:stop).
        application_ended(x.app, reason);
        return;
    }
    Job& j = slots_[sup].job;
    if (j.kind == Job::Kind::none || j.outstanding == 0) return;
    after_stop(sup, child);
    if (--j.outstanding == 0) make_ready(sup);
}

void Engine::after_stop(std::uint32_t sup, std::uint32_t child) {
    Slot& x = slots_[child];
    if (x.life == Life::restarting) x.life = Life::stopped;
    if (slots_[sup].job.unlist_temporary && x.spec->restart == RestartType::temporary)
        unlist_child(child);
}

void Engine::finish_job(std::uint32_t sup) {
    Slot& s = slots_[sup];
    // The job's list keeps its capacity for the next one: group restarts come in storms.
    Job& j = s.job;
    const Job::Kind kind = j.kind;
    const std::size_t from = j.from;
    const std::uint32_t child = j.child;
    const bool called_on_dead = j.called_on_dead;
    const std::string reason = kind == Job::Kind::stop ? std::move(j.reason) : std::string();
    j.kind = Job::Kind::none;
    j.order.clear();
    j.next = 0;
    j.outstanding = 0;
    j.child = kNoSlot;
    j.called_on_dead = false;
    j.reason.clear();
    switch (kind) {
        case Job::Kind::group_restart:
            start_group(sup, from);
            break;
        case Job::Kind::terminate_child: {
            // drop_child may free the slot of a dynamic child: its path is kept first.
            const std::string path = called_on_dead ? slots_[child].path : std::string();
            drop_child(child);
            if (called_on_dead) ignored_call(ActionKind::terminate_child, path, "not_running");
            break;
        }
        case Job::Kind::stop:
            supervisor_ended(sup, reason);
            return;
        case Job::Kind::none:
            break;
    }
    if (!slots_[sup].mailbox.empty()) make_ready(sup);
}

// A supervisor has stopped its children and exits: reported as `terminate` when its own
// supervisor asked (and waits for it), else as `exit`, an EXIT its supervisor will handle.
void Engine::supervisor_ended(std::uint32_t sup, const std::string& given) {
    clear_children(sup);
    fail_calls(sup);
    const std::string reason = stop_reason(sup, given);
    if (slots_[sup].stop_asked) {
        child_stopped(sup, reason, slots_[sup].own_end ? TraceKind::exit : TraceKind::terminate);
        report_failed_calls();
        return;
    }
    set_dead(sup);
    emit(TraceKind::exit, slots_[sup].path, reason);
    report_failed_calls();
    process_ended(sup, reason);
}

// The process dies at once, alone. A supervisor's children get the EXIT through their links and
// wind down by themselves (abandon): their old processes end later, while the slots are free for
// whatever its supervisor starts next.
void Engine::kill(std::uint32_t slot) {
    Slot& s = slots_[slot];
    if (s.spec->supervisor) {
        fail_calls(slot);
        abandon_children(slot, 0, now_us_);
        s.mailbox.clear();
        s.job = Job{};
    }
    set_dead(slot);
}

std::string Engine::stop_reason(std::uint32_t sup, const std::string& reason) const {
    return slots_[sup].crashed_stopping ? std::string("function_clause") : reason;
}

// ---- stopping at once ------------------------------------------------------------------------

// How long stopping `slot` takes from the moment its supervisor asks, shutdown timeout included.
std::int64_t Engine::stop_duration(std::uint32_t slot) const {
    const Slot& s = slots_[slot];
    if (s.life != Life::running && s.life != Life::leaving) return 0;
    const Shutdown& sd = s.spec->shutdown;
    if (sd.kind == Shutdown::Kind::brutal_kill) return 0;
    std::int64_t own = s.spec->trap_exit.value_or(true) ? s.spec->stop_ms * 1000 : 0;
    if (s.spec->supervisor) {
        own = 0;
        bool concurrent = accepts_dynamic_children(*s.spec->supervisor);
        std::int64_t children = 0;
        for (std::uint32_t c : s.children) {
            if (c == kNoSlot) continue;
            std::int64_t d = stop_duration(c);
            children = concurrent ? std::max(children, d) : std::min(kForever, children + d);
        }
        own = std::min(kForever, children);
    }
    if (sd.kind == Shutdown::Kind::timeout) own = std::min(own, sd.ms * 1000);
    return own;
}

// Stops one child and its subtree on the spot, for a failed init/1: the clock does not move, but
// who is killed still follows the stop times.
void Engine::terminate_now(std::uint32_t slot) {
    Slot& s = slots_[slot];
    if (s.life != Life::running && s.life != Life::leaving) {
        set_dead(slot);
        return;
    }
    const Shutdown& sd = s.spec->shutdown;
    if (sd.kind == Shutdown::Kind::brutal_kill) {
        if (s.spec->supervisor) abandon_children(slot, 0, now_us_);
        set_dead(slot);
        emit(TraceKind::terminate, slots_[slot].path, "killed");
        return;
    }
    std::int64_t deadline = sd.kind == Shutdown::Kind::timeout ? now_us_ + sd.ms * 1000 : kForever;
    bool killed = s.spec->supervisor && terminate_children_now(slot, 0, deadline);
    if (s.spec->supervisor) clear_children(slot);
    if (!killed && !s.spec->supervisor) {
        std::int64_t own = s.spec->trap_exit.value_or(true) ? s.spec->stop_ms * 1000 : 0;
        killed = now_us_ + own > deadline;
    }
    set_dead(slot);
    emit(TraceKind::terminate, slots_[slot].path,
         killed ? std::string("killed") : stop_reason(slot, "shutdown"));
}

// Stops the running children listed from `from` on, in reverse start order (all at once for
// DynamicSupervisor and simple_one_for_one, which use one timer). Children that would not be done
// by `deadline` die with their supervisor when it is killed at that moment.
bool Engine::terminate_children_now(std::uint32_t sup, std::size_t from, std::int64_t deadline) {
    Slot& s = slots_[sup];
    if (s.phantoms > 0) {
        s.crashed_stopping = true;
        for (std::size_t i = s.children.size(); i-- > from;) {
            const std::uint32_t c = slots_[sup].children[i];
            if (c == kNoSlot || slots_[c].life != Life::running) continue;
            kill_subtree_now(c);
            set_dead(c);
            emit(TraceKind::exit, slots_[c].path, "function_clause");
        }
        return false;
    }
    bool concurrent = accepts_dynamic_children(*s.spec->supervisor);
    std::vector<std::uint32_t> order;
    for (std::size_t i = s.children.size(); i-- > from;) {
        if (s.children[i] != kNoSlot) order.push_back(s.children[i]);
    }
    if (concurrent && order.size() > 1) {
        std::vector<std::pair<std::int64_t, std::uint32_t>> timed;
        timed.reserve(order.size());
        for (std::uint32_t c : order) timed.emplace_back(stop_duration(c), c);
        std::stable_sort(timed.begin(), timed.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (std::size_t i = 0; i < timed.size(); ++i) order[i] = timed[i].second;
    }
    bool dead = false;
    for (std::uint32_t c : order) {
        Life life = slots_[c].life;
        bool alive = life == Life::running || life == Life::leaving;
        if (!dead && alive) {
            if (deadline != kForever && now_us_ + stop_duration(c) > deadline)
                dead = true;
            else
                terminate_now(c);
        }
        life = slots_[c].life;
        // The supervisor is killed at the deadline: the children it has not stopped get the
        // EXIT through their links and wind down by themselves.
        if (dead && (life == Life::running || life == Life::leaving))
            abandon(c, deadline, "killed");
        if (slots_[c].life == Life::restarting) slots_[c].life = Life::stopped;
    }
    return dead;
}

// The children of a supervisor killed at `at`, from `from` on: each winds down by itself.
void Engine::abandon_children(std::uint32_t sup, std::size_t from, std::int64_t at) {
    Slot& s = slots_[sup];
    for (std::size_t i = s.children.size(); i-- > from;) {
        std::uint32_t c = s.children[i];
        if (c != kNoSlot) abandon(c, at, "killed");
    }
    clear_children(sup);
}

// A process that crashes in its terminate/2 (simple_one_for_one before OTP 27) takes its subtree
// with it.
void Engine::kill_subtree_now(std::uint32_t slot) {
    if (!slots_[slot].spec->supervisor) return;
    std::vector<std::uint32_t> list = slots_[slot].children;
    for (std::size_t i = list.size(); i-- > 0;) {
        std::uint32_t c = list[i];
        if (c == kNoSlot) continue;
        if (slots_[c].life != Life::running && slots_[c].life != Life::leaving) continue;
        kill_subtree_now(c);
        set_dead(c);
        emit(TraceKind::exit, slots_[c].path, "killed");
    }
    clear_children(slot);
}

// ---- exits and restarts ----------------------------------------------------------------------

// A scripted crash of a running process (or a kill, which lands on a leaving one too).
void Engine::crash(std::uint32_t slot, const std::string& reason) {
    Slot& s = slots_[slot];
    if (reason == "killed") {
        const bool asked = s.stop_asked;
        kill(slot);
        if (asked) {
            // Its supervisor was stopping it and sees it end killed; the kill came from outside.
            s.stop_asked = true;
            child_stopped(slot, "killed", TraceKind::exit);
            report_failed_calls();
            return;
        }
        emit(TraceKind::exit, s.path, "killed");
        report_failed_calls();
        process_ended(slot, "killed");
        return;
    }
    if (s.spec->supervisor) {
        // sys:terminate: a system message the supervisor handles in turn, after what it is busy
        // with; from now on it is leaving.
        s.silent_stop = true;
        s.own_end = true;
        ask_to_stop(slot, reason);
        return;
    }
    set_dead(slot);
    emit(TraceKind::exit, s.path, reason);
    process_ended(slot, reason);
}

void Engine::process_ended(std::uint32_t slot, const std::string& reason) {
    std::uint32_t parent = slots_[slot].parent;
    if (parent == kNoSlot) {
        application_ended(slots_[slot].app, reason);
        return;
    }
    const Life life = slots_[parent].life;
    if (life != Life::running && life != Life::leaving) return;
    Message m;
    m.kind = Message::Kind::child_exit;
    m.child = slot;
    m.incarnation = slots_[slot].incarnation;
    m.reason = reason;
    deliver(parent, std::move(m));
}

// One message, taken from the mailbox of an idle supervisor.
void Engine::handle(std::uint32_t sup, Message& m) {
    switch (m.kind) {
        case Message::Kind::child_exit: {
            const Slot& c = slots_[m.child];
            // An EXIT from a process that is no longer the child (restarted, or stopped by the
            // supervisor meanwhile) changes nothing.
            if (!c.in_use || c.parent != sup || c.pos == kNoSlot ||
                c.incarnation != m.incarnation || c.life != Life::stopped)
                return;
            child_exited(sup, m.child, m.reason);
            return;
        }
        case Message::Kind::retry: {
            const Slot& c = slots_[m.child];
            if (!c.in_use || c.parent != sup || c.incarnation != m.incarnation ||
                c.life != Life::restarting)
                return;
            restart_child(sup, m.child);
            return;
        }
        case Message::Kind::stop:
            slots_[sup].life = Life::leaving;
            slots_[sup].job.reason = m.reason;
            begin_job(sup, Job::Kind::stop, 0, false);
            return;
        case Message::Kind::start_child:
            start_child(sup, m.child_id, m.spec_id);
            return;
        case Message::Kind::terminate_child:
            terminate_child(sup, m.child_id, m.child_alive);
            return;
    }
}

void Engine::child_exited(std::uint32_t sup, std::uint32_t child, const std::string& reason) {
    const ChildSpec& spec = *slots_[child].spec;
    bool restart = spec.restart == RestartType::permanent ||
                   (spec.restart == RestartType::transient && !is_shutdown_reason(reason));
    if (restart) {
        restart_child(sup, child);
        return;
    }
    bool significant = spec.significant;
    drop_child(child);
    const SupervisorSpec& flags = *slots_[sup].spec->supervisor;
    if (!significant || flags.auto_shutdown == AutoShutdown::never) return;
    if (flags.auto_shutdown == AutoShutdown::all_significant && significant_alive(sup)) return;
    emit(TraceKind::auto_shutdown, slots_[sup].path);
    slots_[sup].silent_stop = true;
    slots_[sup].own_end = true;
    stop_supervisor(sup, "shutdown");
}

// OTP's del_child: a temporary child (or any dynamic one) is forgotten, others are kept stopped.
void Engine::drop_child(std::uint32_t child) {
    Slot& c = slots_[child];
    if (c.life != Life::leaving) c.life = Life::stopped;
    bool dynamic_parent =
        c.parent != kNoSlot && accepts_dynamic_children(*slots_[c.parent].spec->supervisor);
    if (c.spec->restart == RestartType::temporary || dynamic_parent) unlist_child(child);
}

bool Engine::significant_alive(std::uint32_t sup) const {
    for (std::uint32_t c : slots_[sup].children) {
        if (c != kNoSlot && slots_[c].spec->significant && slots_[c].life != Life::stopped)
            return true;
    }
    return false;
}

void Engine::restart_child(std::uint32_t sup, std::uint32_t child) {
    Slot& s = slots_[sup];
    std::int64_t now = floor_div(now_us_ + options_.phase_us, 1000000);
    if (!s.window.add(now)) {
        ++s.give_ups;
        s.silent_stop = false;
        s.own_end = true;
        emit(TraceKind::max_intensity, s.path, "reached_max_restart_intensity");
        drop_child(child);
        stop_supervisor(sup, "shutdown");
        return;
    }
    ++s.restarts;
    const SupervisorSpec& flags = *s.spec->supervisor;
    if (flags.strategy == Strategy::one_for_all || flags.strategy == Strategy::rest_for_one) {
        // The restarted child itself is not running; a temporary one (possible on a retry) goes.
        std::size_t from = flags.strategy == Strategy::one_for_all ? 0 : slots_[child].pos;
        slots_[child].life = Life::stopped;
        if (slots_[child].spec->restart == RestartType::temporary) unlist_child(child);
        begin_job(sup, Job::Kind::group_restart, from, true);
        return;
    }
    std::string reason;
    StartResult r = start(child, reason);
    if (r == StartResult::ignored) {
        // Before OTP 27, simple_one_for_one kept an entry without a process.
        if (flags.strategy == Strategy::simple_one_for_one &&
            options_.otp_release < kOtpRulesChanged)
            ++slots_[sup].phantoms;
        drop_child(child);
    } else if (r == StartResult::failed) {
        retry_later(sup, child);
    }
}

// A restart that failed is tried again through the supervisor's own mailbox (OTP's
// try_again_restart cast), after whatever it already has queued.
void Engine::retry_later(std::uint32_t sup, std::uint32_t child) {
    slots_[child].life = Life::restarting;
    Message m;
    m.kind = Message::Kind::retry;
    m.child = child;
    m.incarnation = slots_[child].incarnation;
    deliver(sup, std::move(m));
}

// The second half of a group restart: the children from `from` on start in start order.
void Engine::start_group(std::uint32_t sup, std::size_t from) {
    for (std::size_t i = from; i < slots_[sup].children.size(); ++i) {
        std::uint32_t c = slots_[sup].children[i];
        if (c == kNoSlot) continue;
        std::string reason;
        StartResult r = start(c, reason);
        if (r == StartResult::ignored && slots_[c].spec->restart == RestartType::temporary) {
            unlist_child(c);
        } else if (r == StartResult::failed) {
            retry_later(sup, c);
            return;
        }
    }
}

// The supervisor ends itself (gave up, or auto_shutdown): children in reverse order, then exit.
void Engine::stop_supervisor(std::uint32_t sup, const std::string& reason) {
    slots_[sup].life = Life::leaving;
    slots_[sup].job.reason = reason;
    begin_job(sup, Job::Kind::stop, 0, false);
}

}  // namespace appgraph::supervision
