// The supervisor state machine, following OTP's supervisor.erl (OTP 25) step by step:
// - start: a supervisor starts its children in order; a child that fails makes it terminate the
//   ones already started (reverse order) and fail with {shutdown,{failed_to_start_child,Id,R}}.
// - a child's exit goes through the restart-type table (do_restart/3); only a child actually
//   being restarted counts against the intensity (add_restart/1) and triggers the strategy.
// - one_for_all / rest_for_one terminate the group in reverse start order, dropping temporary
//   children, then start it in start order; a failed start leaves the child "restarting" and
//   queues a retry (try_again_restart) that goes through the intensity check again.
// - giving up reports reached_max_restart_intensity, terminates the rest and exits `shutdown`,
//   which the parent handles like any child exit, up to the application controller.
// Termination honours brutal_kill / timeout / infinity with each child's simulated stop time.
// Slot bookkeeping is in engine_slots.cpp, applications and scripted actions in engine_actions.cpp.

#include "engine.hpp"

#include <algorithm>

namespace appgraph::supervision {

// ---- start -----------------------------------------------------------------------------------

Engine::StartResult Engine::start(std::uint32_t slot, std::string& error_reason) {
    Slot& s = slots_[slot];
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
    s.life = Life::running;
    emit(TraceKind::start, s.path);
    if (!s.spec->supervisor) return StartResult::ok;
    const SupervisorSpec& sup = *s.spec->supervisor;
    ++s.generation;
    s.window.reset(sup.intensity, sup.period);
    s.phantoms = 0;
    s.crashed_stopping = false;
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
            // init/1 fails: no retry at start; what was started is stopped again.
            slots_[c].life = Life::stopped;
            terminate_children(slot, 0, kForever, false);
            clear_children(slot);
            slots_[slot].life = Life::stopped;
            error_reason = "shutdown:failed_to_start_child:" + slots_[c].spec->id + ":" + reason;
            emit(TraceKind::start_error, slots_[slot].path, error_reason);
            return StartResult::failed;
        }
    }
    return StartResult::ok;
}

// ---- termination -----------------------------------------------------------------------------

// How long stopping `slot` takes from the moment its supervisor asks, shutdown timeout included.
std::int64_t Engine::stop_duration(std::uint32_t slot) const {
    const Slot& s = slots_[slot];
    if (s.life != Life::running) return 0;
    const Shutdown& sd = s.spec->shutdown;
    if (sd.kind == Shutdown::Kind::brutal_kill) return 0;
    std::int64_t own = s.spec->stop_ms * 1000;
    if (s.spec->supervisor) {
        bool concurrent = accepts_dynamic_children(*s.spec->supervisor);
        std::int64_t children = 0;
        for (std::uint32_t c : s.children) {
            if (c == kNoSlot) continue;
            std::int64_t d = stop_duration(c);
            children = concurrent ? std::max(children, d) : std::min(kForever, children + d);
        }
        own = std::min(kForever, own + children);
    }
    if (sd.kind == Shutdown::Kind::timeout) own = std::min(own, sd.ms * 1000);
    return own;
}

// The supervisor stops one running child: shutdown signal, wait up to the timeout, then kill.
void Engine::terminate(std::uint32_t slot) {
    Slot& s = slots_[slot];
    if (s.life != Life::running) {
        s.life = Life::stopped;
        return;
    }
    const Shutdown& sd = s.spec->shutdown;
    if (sd.kind == Shutdown::Kind::brutal_kill) {
        kill_subtree(slot);
        slots_[slot].life = Life::stopped;
        emit(TraceKind::terminate, slots_[slot].path, "killed");
        return;
    }
    std::int64_t deadline = sd.kind == Shutdown::Kind::timeout ? now_us_ + sd.ms * 1000 : kForever;
    // A supervisor first stops its own children; if they are not all done by the deadline it is
    // killed there, and the children it had not stopped yet die with it.
    bool killed = s.spec->supervisor && terminate_children(slot, 0, deadline, false);
    if (s.spec->supervisor) clear_children(slot);
    if (!killed) {
        std::int64_t finish = now_us_ + slots_[slot].spec->stop_ms * 1000;
        killed = finish > deadline;
        now_us_ = killed ? deadline : finish;
    }
    slots_[slot].life = Life::stopped;
    emit(TraceKind::terminate, slots_[slot].path,
         killed ? std::string("killed") : stop_reason(slot, "shutdown"));
}

// Stops the running children listed from `from` on, in reverse start order (all at once for
// DynamicSupervisor and simple_one_for_one, which use one timer). Children that would not be done
// by `deadline` die with their supervisor when it is killed at that moment.
bool Engine::terminate_children(std::uint32_t sup, std::size_t from, std::int64_t deadline,
                                bool unlist_temporary) {
    Slot& s = slots_[sup];
    if (s.phantoms > 0) {
        // Before OTP 27, simple_one_for_one's terminate/2 meets the entry without a process and
        // crashes (function_clause): its children get the supervisor's exit through their links.
        s.crashed_stopping = true;
        for (std::size_t i = s.children.size(); i-- > from;) {
            const std::uint32_t c = slots_[sup].children[i];
            if (c == kNoSlot || slots_[c].life != Life::running) continue;
            kill_subtree(c);
            slots_[c].life = Life::stopped;
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
        // One shutdown signal to all, one timer: they finish in order of their stop times.
        std::vector<std::pair<std::int64_t, std::uint32_t>> timed;
        timed.reserve(order.size());
        for (std::uint32_t c : order) timed.emplace_back(stop_duration(c), c);
        std::stable_sort(timed.begin(), timed.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        for (std::size_t i = 0; i < timed.size(); ++i) order[i] = timed[i].second;
    }
    std::int64_t began = now_us_;
    bool dead = false;
    for (std::uint32_t c : order) {
        if (!dead && slots_[c].life == Life::running) {
            std::int64_t at = concurrent ? began : now_us_;
            // Without a deadline nothing can run out of time: skip computing the duration.
            if (deadline != kForever && at + stop_duration(c) > deadline) {
                now_us_ = std::max(now_us_, deadline);
                dead = true;
            } else if (concurrent) {
                std::int64_t latest = now_us_;
                now_us_ = began;
                terminate(c);
                now_us_ = std::max(now_us_, latest);
            } else {
                terminate(c);
            }
        }
        if (dead && slots_[c].life == Life::running) {
            kill_subtree(c);
            slots_[c].life = Life::stopped;
            emit(TraceKind::exit, slots_[c].path, "killed");
        }
        if (slots_[c].life == Life::restarting) slots_[c].life = Life::stopped;
        if (unlist_temporary && slots_[c].spec->restart == RestartType::temporary) unlist_child(c);
    }
    return dead;
}

std::string Engine::stop_reason(std::uint32_t sup, const std::string& reason) const {
    return slots_[sup].crashed_stopping ? std::string("function_clause") : reason;
}

// A process killed outright takes its whole subtree with it: each descendant dies `killed`.
void Engine::kill_subtree(std::uint32_t slot) {
    if (!slots_[slot].spec->supervisor) return;
    std::vector<std::uint32_t> list = slots_[slot].children;
    for (std::size_t i = list.size(); i-- > 0;) {
        std::uint32_t c = list[i];
        if (c == kNoSlot || slots_[c].life != Life::running) continue;
        kill_subtree(c);
        slots_[c].life = Life::stopped;
        emit(TraceKind::exit, slots_[c].path, "killed");
    }
    clear_children(slot);
}

// ---- exits and restarts ----------------------------------------------------------------------

void Engine::crash(std::uint32_t slot, const std::string& reason) {
    if (slots_[slot].spec->supervisor) {
        // A supervisor that stops runs terminate/2 (children in reverse order); one that is
        // killed takes its subtree down at once.
        if (reason == "killed")
            kill_subtree(slot);
        else
            terminate_children(slot, 0, kForever, false);
        clear_children(slot);
    }
    slots_[slot].life = Life::stopped;
    const std::string ended = reason == "killed" ? reason : stop_reason(slot, reason);
    emit(TraceKind::exit, slots_[slot].path, ended);
    process_ended(slot, ended);
}

void Engine::process_ended(std::uint32_t slot, const std::string& reason) {
    std::uint32_t parent = slots_[slot].parent;
    if (parent == kNoSlot) {
        application_ended(slots_[slot].app, reason);
        return;
    }
    child_exited(parent, slot, reason);
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
    stop_supervisor(sup, "shutdown");
}

// OTP's del_child: a temporary child (or any dynamic one) is forgotten, others are kept stopped.
void Engine::drop_child(std::uint32_t child) {
    Slot& c = slots_[child];
    c.life = Life::stopped;
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
        emit(TraceKind::max_intensity, s.path, "reached_max_restart_intensity");
        drop_child(child);
        stop_supervisor(sup, "shutdown");
        return;
    }
    ++s.restarts;
    const SupervisorSpec& flags = *s.spec->supervisor;
    if (flags.strategy == Strategy::one_for_all) {
        group_restart(sup, child, 0);
        return;
    }
    if (flags.strategy == Strategy::rest_for_one) {
        group_restart(sup, child, slots_[child].pos);
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
        slots_[child].life = Life::restarting;
        retries_.push_back({sup, s.generation, child, slots_[child].serial});
    }
}

void Engine::group_restart(std::uint32_t sup, std::uint32_t child, std::size_t from) {
    // The restarted child itself is not running; a temporary one (possible on a retry) goes.
    slots_[child].life = Life::stopped;
    if (slots_[child].spec->restart == RestartType::temporary) unlist_child(child);
    terminate_children(sup, from, kForever, true);
    for (std::size_t i = from; i < slots_[sup].children.size(); ++i) {
        std::uint32_t c = slots_[sup].children[i];
        if (c == kNoSlot) continue;
        std::string reason;
        StartResult r = start(c, reason);
        if (r == StartResult::ignored && slots_[c].spec->restart == RestartType::temporary) {
            unlist_child(c);
        } else if (r == StartResult::failed) {
            slots_[c].life = Life::restarting;
            retries_.push_back({sup, slots_[sup].generation, c, slots_[c].serial});
            return;
        }
    }
}

void Engine::run_pending_retries() {
    while (!retries_.empty() && !halted_) {
        Retry r = retries_.front();
        retries_.pop_front();
        const Slot& s = slots_[r.sup];
        if (!s.in_use || s.life != Life::running || s.generation != r.sup_generation) continue;
        const Slot& c = slots_[r.child];
        if (!c.in_use || c.serial != r.child_serial || c.life != Life::restarting ||
            c.parent != r.sup)
            continue;
        restart_child(r.sup, r.child);
    }
}

// The supervisor ends itself (gave up, or auto_shutdown): children in reverse order, then exit.
void Engine::stop_supervisor(std::uint32_t sup, const std::string& given) {
    terminate_children(sup, 0, kForever, false);
    clear_children(sup);
    slots_[sup].life = Life::stopped;
    const std::string reason = stop_reason(sup, given);
    emit(TraceKind::exit, slots_[sup].path, reason);
    process_ended(sup, reason);
}

}  // namespace appgraph::supervision
