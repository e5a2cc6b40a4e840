// The top of the engine: booting the applications in order, the application masters and the
// application controller (the start type's rule when a top supervisor ends, the node halt,
// application:stop and init:stop, one stop at a time), the scripted actions (crash, exit, start
// failures, start-child, terminate-child, stop-app, stop-node, with an `ignored` event when the
// target is not running) and the end-of-run summary.

#include "engine.hpp"

#include <algorithm>

namespace appgraph::supervision {

// ---- applications and the node ---------------------------------------------------------------

// The top supervisor of `app` has ended. Its master kills what is left of the application, then
// exits; the application controller hears of it when it is free.
void Engine::application_ended(std::uint32_t app, const std::string& reason) {
    // The calls the top supervisor failed were answered as it died, before its master acted.
    report_failed_calls();
    AppState& a = apps_[app];
    a.running = false;
    kill_app_ghosts(app);
    if (controller_stopping_ == app) {
        app_stopped(app);
        return;
    }
    a.exit_reason = reason;
    // Without applications there is no controller; while the node stops, it reports nothing.
    if (tree_.bare || node_stopping_) return;
    controller({ControllerWork::Kind::app_ended, app});
}

// application_controller on the exit of an application's master: the info report (app_exit),
// then the start type's rule.
void Engine::report_app_exit(std::uint32_t app) {
    const AppState& a = apps_[app];
    emit_app_exit(a);
    bool halt = a.spec->start_type == StartType::permanent ||
                (a.spec->start_type == StartType::transient && a.exit_reason != "normal");
    // application_controller stops with {application_terminated, App, Reason}.
    if (halt) halt_node(a.path, "application_terminated:" + a.path + ":" + a.exit_reason);
}

// The info report of an application that ended: its exit reason and start type.
void Engine::emit_app_exit(const AppState& a) {
    TraceEvent e;
    e.t_us = now_us_;
    e.kind = TraceKind::app_exit;
    e.path = a.path;
    e.reason = a.exit_reason;
    e.start_type = a.spec->start_type;
    ++trace_events_;
    sink_.on_event(e);
}

// Work reaches the application controller: done at once unless it is stopping an application,
// after which it takes its mailbox in order.
void Engine::controller(ControllerWork work) {
    if (controller_stopping_ != kNoSlot) {
        controller_queue_.push_back(std::move(work));
        return;
    }
    carry_out(work);
}

void Engine::carry_out(const ControllerWork& work) {
    switch (work.kind) {
        case ControllerWork::Kind::app_ended:
            report_app_exit(work.app);
            return;
        case ControllerWork::Kind::stop_app:
            if (!apps_[work.app].running) {
                // application:stop answers {error, {not_started, App}}.
                ignored_call(ActionKind::stop_app, apps_[work.app].path, "not_started");
                return;
            }
            begin_app_stop(work.app);
            return;
        case ControllerWork::Kind::stop_node:
            // init:stop: the controller stops every running application, last started first,
            // and the node stops.
            halt_requested_ = true;
            halt_node(std::string(), "stop");
            return;
    }
}

// application:stop: the application master sends the top supervisor an exit `shutdown` and
// waits for it (the supervisor stops its children, reverse start order, each with its shutdown);
// the controller is busy until then. A top supervisor already ending on its own (giving up, or
// asked to stop by a crash) is waited for as it is.
void Engine::begin_app_stop(std::uint32_t app) {
    controller_stopping_ = app;
    const std::uint32_t top = apps_[app].top;
    if (slots_[top].life != Life::running) return;
    slots_[top].stop_asked = true;
    ask_to_stop(top, "shutdown");
}

// The stopped application is reported (`app_exit` with reason `stopped`, whatever its start
// type: a stopped application never halts the node), and the controller goes on with its mailbox.
void Engine::app_stopped(std::uint32_t app) {
    AppState& a = apps_[app];
    controller_stopping_ = kNoSlot;
    if (node_stopping_) {
        a.exit_reason = "shutdown";
        stop_next_for_halt();
        return;
    }
    a.exit_reason = "stopped";
    emit_app_exit(a);
    while (controller_stopping_ == kNoSlot && !node_stopping_ && !controller_queue_.empty()) {
        ControllerWork work = std::move(controller_queue_.front());
        controller_queue_.pop_front();
        carry_out(work);
    }
}

std::uint32_t Engine::find_app(const std::string& name) const {
    for (std::uint32_t i = 0; i < apps_.size(); ++i)
        if (apps_[i].path == name) return i;
    return kNoSlot;
}

// The application controller terminates: it stops the running applications one after the
// other, last started first, each as application:stop does (over time, the master killing what
// is left), reporting none of them, then the node stops. `reason` is the controller's own exit
// reason, which init reports, and `cause` the application that made it stop (none for
// init:stop). The script is no longer applied; what is under way carries on meanwhile.
void Engine::halt_node(const std::string& cause, const std::string& reason) {
    node_stopping_ = true;
    halt_app_ = cause;
    halt_reason_ = reason;
    controller_queue_.clear();
    stop_next_for_halt();
}

// The next application to stop is the last started one still running: those already stopped
// and those that ended meanwhile (the controller, terminating, reported nothing) are not.
void Engine::stop_next_for_halt() {
    for (std::uint32_t i = static_cast<std::uint32_t>(apps_.size()); i-- > 0;) {
        if (!apps_[i].running) continue;
        begin_app_stop(i);
        return;
    }
    halted_ = true;
    halt_us_ = now_us_;
    emit(TraceKind::node_halt, halt_app_, halt_reason_);
}

void Engine::finish(std::int64_t t_us) {
    advance(t_us);
    if (node_stopping_) advance(kForever);
}

// Applications start in order. One that fails to start is reported (start_error with the
// application as path); as application_controller does on application_start_failure, a permanent
// or transient one then stops the applications already running and the node, while a temporary
// one is only reported and the boot goes on.
void Engine::boot() {
    for (std::uint32_t i = 0; i < apps_.size() && !halted(); ++i) {
        std::string reason;
        StartResult r = start(apps_[i].top, reason);
        if (r == StartResult::ok) {
            apps_[i].running = true;
            continue;
        }
        if (r == StartResult::ignored) reason = "ignore";
        apps_[i].exit_reason = reason;
        if (tree_.bare) continue;
        emit(TraceKind::start_error, apps_[i].path, reason);
        // application_controller stops with {application_start_failure, App, Reason}.
        if (apps_[i].spec->start_type != StartType::temporary)
            halt_node(apps_[i].path, "application_start_failure:" + apps_[i].path + ":" + reason);
    }
    drain();  // a halt begun by a failed start has top supervisors to stop
}

// ---- scripted events -------------------------------------------------------------------------

void Engine::ignored_call(ActionKind action, const std::string& path, const char* why) {
    TraceEvent e;
    e.t_us = now_us_;
    e.kind = TraceKind::ignored;
    e.path = path;
    e.reason = why;
    e.action = to_string(action);
    ++trace_events_;
    sink_.on_event(e);
}

// What is under way up to `t_us` happens first; then the event. Crashes land on the process at
// once; start-child and terminate-child are calls, which wait in the supervisor's mailbox.
void Engine::apply(const ScriptEvent& event, std::int64_t t_us) {
    // Events written for one instant are taken as one after the other: each once the node is
    // quiet again, as a harness injecting them in turn sees it (see the man page's TIME).
    advance(options_.settle || t_us == last_script_us_ ? kForever : t_us);
    last_script_us_ = t_us;
    if (halted()) return;
    now_us_ = std::max(now_us_, t_us);
    switch (event.action) {
        case ActionKind::crash:
        case ActionKind::exit: {
            std::uint32_t slot = lookup(event.path);
            const Life life = slot == kNoSlot ? Life::stopped : slots_[slot].life;
            const bool kill = event.reason == "killed";
            if (kill && life != Life::running && life != Life::leaving && kill_ghost(event.path))
                break;
            if (life == Life::leaving && !kill && slots_[slot].silent_stop &&
                !slots_[slot].stop_asked)
                break;
            // A leaving process no longer runs the code that would crash; a kill lands anyway.
            if (life != Life::running && !(life == Life::leaving && kill)) {
                ignored_call(event.action, event.path, "not_running");
                return;
            }
            crash(slot, event.reason);
            break;
        }
        case ActionKind::fail_start: {
            std::uint32_t slot = lookup(event.path);
            if (slot == kNoSlot) {
                auto& pending = pending_failures_[event.path];
                pending.first += event.count;
                pending.second = event.reason;
            } else {
                slots_[slot].fail_starts += event.count;
                slots_[slot].fail_reason = event.reason;
            }
            return;
        }
        case ActionKind::ignore_start: {
            std::uint32_t slot = lookup(event.path);
            if (slot == kNoSlot)
                pending_ignores_[event.path] = true;
            else
                slots_[slot].ignore_next = true;
            return;
        }
        case ActionKind::start_child:
        case ActionKind::terminate_child: {
            std::uint32_t sup = lookup(event.path);
            const Life life = sup == kNoSlot ? Life::stopped : slots_[sup].life;
            if ((life != Life::running && life != Life::leaving) || !slots_[sup].spec->supervisor) {
                ignored_call(event.action, event.path + "/" + event.child_id,
                             "supervisor_not_running");
                return;
            }
            Message m;
            m.kind = event.action == ActionKind::start_child ? Message::Kind::start_child
                                                             : Message::Kind::terminate_child;
            m.child_id = event.child_id;
            m.spec_id = event.spec_id;
            if (event.action == ActionKind::terminate_child) {
                // OTP answers ok for a listed child that is not running; the scenario reports
                // not_running when the child was not alive as the call was made.
                const std::uint32_t child = lookup(event.path + "/" + event.child_id);
                const Life cl = child == kNoSlot ? Life::stopped : slots_[child].life;
                m.child_alive = cl == Life::running || cl == Life::leaving;
            }
            deliver(sup, std::move(m));
            break;
        }
        case ActionKind::stop_app:
            controller({ControllerWork::Kind::stop_app, find_app(event.path)});
            break;
        case ActionKind::stop_node:
            controller({ControllerWork::Kind::stop_node, 0});
            break;
    }
    drain();
}

// supervisor:start_child / restart_child, handled by an idle supervisor.
void Engine::start_child(std::uint32_t sup, const std::string& child_id,
                         const std::string& spec_id) {
    const std::string child_path = slots_[sup].path + "/" + child_id;
    const ActionKind action = ActionKind::start_child;
    const SupervisorSpec& flags = *slots_[sup].spec->supervisor;
    std::uint32_t child = lookup(child_path);
    std::string reason;
    if (!accepts_dynamic_children(flags)) {
        if (child == kNoSlot) {
            ignored_call(action, child_path, "not_found");
            return;
        }
        Slot& c = slots_[child];
        if (c.pos != kNoSlot) {
            // supervisor:restart_child/2 on a listed child.
            if (c.life == Life::running)
                ignored_call(action, child_path, "running");
            else if (c.life == Life::restarting)
                ignored_call(action, child_path, "restarting");
            else if (start(child, reason) == StartResult::ignored)
                drop_child(child);
            return;
        }
        // A child of init/1's list that is no longer listed was temporary and is forgotten:
        // supervisor:restart_child/2 answers {error, not_found}.
        const auto& initial = slots_[sup].static_children;
        if (std::find(initial.begin(), initial.end(), child) != initial.end()) {
            ignored_call(action, child_path, "not_found");
            return;
        }
        // supervisor:start_child/2 with a spec: appended, stopped first.
        list_child(sup, child);
        StartResult r = start(child, reason);
        if (r == StartResult::failed ||
            (r == StartResult::ignored && slots_[child].spec->restart == RestartType::temporary))
            unlist_child(child);
        return;
    }
    if (child != kNoSlot) {
        ignored_call(action, child_path, "already_present");
        return;
    }
    const Slot& owner = slots_[sup];
    std::int64_t uncounted =
        owner.generation == owner.uncounted_generation ? owner.uncounted_children : 0;
    if (flags.max_children &&
        static_cast<std::int64_t>(owner.children.size() - owner.removed) + uncounted >=
            *flags.max_children) {
        ignored_call(action, child_path, "max_children");
        return;
    }
    const ChildSpec* spec = nullptr;
    if (flags.strategy == Strategy::simple_one_for_one) {
        spec = &flags.children.front();
    } else {
        std::string_view name = spec_id.empty() ? std::string_view(child_id) : spec_id;
        for (const auto& candidate : flags.start_child_specs)
            if (candidate.id == name) spec = &candidate;
        if (!spec)
            for (const auto& candidate : flags.running_children)
                if (candidate.id == name) spec = &candidate;
        if (!spec && spec_id.empty() && flags.template_child) spec = &*flags.template_child;
    }
    if (!spec) {
        ignored_call(action, child_path, "no_child_spec");
        return;
    }
    child = allocate(*spec, sup, slots_[sup].app, child_path, true);
    list_child(sup, child);
    StartResult r = start(child, reason);
    if (r != StartResult::ok) unlist_child(child);
}

void Engine::start_captured_children() {
    // Depth first, in start order: a supervisor's captured children start after it, and those
    // of a captured child supervisor right after that child.
    auto visit = [&](auto&& self, const ChildSpec& spec, const std::string& path) -> void {
        if (!spec.supervisor || halted()) return;
        const SupervisorSpec& sup = *spec.supervisor;
        if (!accepts_dynamic_children(sup))
            for (const auto& child : sup.children) self(self, child, path + "/" + child.id);
        if (sup.running_total == 0) return;
        std::uint32_t slot = lookup(path);
        if (slot == kNoSlot || slots_[slot].life != Life::running) return;
        for (const auto& child : sup.running_children) {
            start_child(slot, child.id, std::string());
            drain();
            self(self, child, path + "/" + child.id);
        }
        Slot& s = slots_[slot];
        s.uncounted_children =
            sup.running_total - static_cast<std::int64_t>(sup.running_children.size());
        s.uncounted_generation = s.generation;
    };
    for (const auto& app : tree_.applications)
        visit(visit, app.top, tree_.bare ? app.top.id : app.name + "/" + app.top.id);
}

// supervisor:terminate_child, handled by an idle supervisor: busy until the child has stopped.
void Engine::terminate_child(std::uint32_t sup, const std::string& child_id, bool child_alive) {
    const std::string child_path = slots_[sup].path + "/" + child_id;
    std::uint32_t child = lookup(child_path);
    if (child == kNoSlot || slots_[child].pos == kNoSlot || slots_[child].parent != sup) {
        ignored_call(ActionKind::terminate_child, child_path, "not_found");
        return;
    }
    if (slots_[child].life != Life::running) {
        // terminate_child on a stopped or restarting child only forgets a temporary one. One
        // that died with its EXIT still queued is taken as stopped: the EXIT changes nothing.
        if (!child_alive) ignored_call(ActionKind::terminate_child, child_path, "not_running");
        if (slots_[child].life == Life::stopped) slots_[child].incarnation = next_serial_++;
        drop_child(child);
        return;
    }
    slots_[sup].job.child = child;
    slots_[sup].job.called_on_dead = !child_alive;
    begin_job(sup, Job::Kind::terminate_child, 0, false);
}

// ---- summary ---------------------------------------------------------------------------------

SimulationSummary Engine::summary() const {
    SimulationSummary out;
    out.end_us = now_us_;
    out.trace_events = trace_events_;
    out.node_halted = halted_;
    out.halt_requested = halt_requested_;
    out.halt_us = halt_us_;
    out.halt_application = halt_app_;
    out.halt_reason = halt_reason_;
    // Walk the tree in start order: every static supervisor for the counts, running processes.
    auto visit = [&](auto&& self, std::uint32_t slot) -> void {
        const Slot& s = slots_[slot];
        if (s.life == Life::running || s.life == Life::leaving) out.running.push_back(s.path);
        if (!s.spec->supervisor) return;
        if (!s.dynamic_instance) out.supervisors.push_back({s.path, s.restarts, s.give_ups});
        for (std::uint32_t c : s.children)
            if (c != kNoSlot) self(self, c);
        for (std::uint32_t c : s.static_children)
            if (slots_[c].pos == kNoSlot && slots_[c].spec->supervisor) self(self, c);
    };
    for (const auto& app : apps_) {
        visit(visit, app.top);
        out.applications.push_back({app.path, app.spec->start_type, app.running, app.exit_reason});
    }
    return out;
}

}  // namespace appgraph::supervision
