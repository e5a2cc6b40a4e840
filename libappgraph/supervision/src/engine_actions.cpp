// The top of the engine: booting the applications in order, the application controller's rules
// when a top supervisor ends (permanent / transient / temporary, the node halt), the scripted
// actions (crash, exit, start failures, start-child, terminate-child, with an `ignored` event
// when the target is not running) and the end-of-run summary.

#include "engine.hpp"

#include <algorithm>

namespace appgraph::supervision {

// ---- applications and the node ---------------------------------------------------------------

void Engine::application_ended(std::uint32_t app, const std::string& reason) {
    AppState& a = apps_[app];
    a.running = false;
    a.exit_reason = reason;
    if (tree_.bare) return;
    TraceEvent e;
    e.t_us = now_us_;
    e.kind = TraceKind::app_exit;
    e.path = a.path;
    e.reason = reason;
    e.start_type = a.spec->start_type;
    ++trace_events_;
    sink_.on_event(e);
    bool halt = a.spec->start_type == StartType::permanent ||
                (a.spec->start_type == StartType::transient && reason != "normal");
    // application_controller stops with {application_terminated, App, Reason}.
    if (halt) halt_node(app, "application_terminated:" + a.path + ":" + reason);
}

// The application controller stops the other running applications (last started first), then
// the node stops; `reason` is the controller's own exit reason, which init reports.
void Engine::halt_node(std::uint32_t app, const std::string& reason) {
    for (std::size_t i = apps_.size(); i-- > 0;) {
        if (!apps_[i].running) continue;
        terminate(apps_[i].top);
        apps_[i].running = false;
        apps_[i].exit_reason = "shutdown";
    }
    halted_ = true;
    halt_us_ = now_us_;
    halt_app_ = apps_[app].path;
    halt_reason_ = reason;
    emit(TraceKind::node_halt, apps_[app].path, reason);
    retries_.clear();
}

// Applications start in order. One that fails to start is reported (start_error with the
// application as path); as application_controller does on application_start_failure, a permanent
// or transient one then stops the applications already running and the node, while a temporary
// one is only reported and the boot goes on.
void Engine::boot() {
    for (std::uint32_t i = 0; i < apps_.size() && !halted_; ++i) {
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
            halt_node(i, "application_start_failure:" + apps_[i].path + ":" + reason);
    }
}

// ---- scripted events -------------------------------------------------------------------------

void Engine::ignored(const ScriptEvent& event, const std::string& path, const char* why) {
    TraceEvent e;
    e.t_us = now_us_;
    e.kind = TraceKind::ignored;
    e.path = path;
    e.reason = why;
    e.action = to_string(event.action);
    ++trace_events_;
    sink_.on_event(e);
}

void Engine::apply(const ScriptEvent& event, std::int64_t t_us) {
    if (halted_) return;
    now_us_ = std::max(now_us_, t_us);
    switch (event.action) {
        case ActionKind::crash:
        case ActionKind::exit: {
            std::uint32_t slot = lookup(event.path);
            if (slot == kNoSlot || slots_[slot].life != Life::running) {
                ignored(event, event.path, "not_running");
                return;
            }
            crash(slot, event.reason);
            return;
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
            start_child(event);
            return;
        case ActionKind::terminate_child:
            terminate_child(event);
            return;
    }
}

void Engine::start_child(const ScriptEvent& event) {
    std::uint32_t sup = lookup(event.path);
    std::string child_path = event.path + "/" + event.child_id;
    if (sup == kNoSlot || slots_[sup].life != Life::running || !slots_[sup].spec->supervisor) {
        ignored(event, child_path, "supervisor_not_running");
        return;
    }
    const SupervisorSpec& flags = *slots_[sup].spec->supervisor;
    std::uint32_t child = lookup(child_path);
    std::string reason;
    if (!accepts_dynamic_children(flags)) {
        if (child == kNoSlot) {
            ignored(event, child_path, "not_found");
            return;
        }
        Slot& c = slots_[child];
        if (c.pos != kNoSlot) {
            // supervisor:restart_child/2 on a listed child.
            if (c.life == Life::running)
                ignored(event, child_path, "running");
            else if (c.life == Life::restarting)
                ignored(event, child_path, "restarting");
            else if (start(child, reason) == StartResult::ignored)
                drop_child(child);
            return;
        }
        // A child of init/1's list that is no longer listed was temporary and is forgotten:
        // supervisor:restart_child/2 answers {error, not_found}.
        const auto& initial = slots_[sup].static_children;
        if (std::find(initial.begin(), initial.end(), child) != initial.end()) {
            ignored(event, child_path, "not_found");
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
        ignored(event, child_path, "already_present");
        return;
    }
    const Slot& owner = slots_[sup];
    std::int64_t uncounted =
        owner.generation == owner.uncounted_generation ? owner.uncounted_children : 0;
    if (flags.max_children &&
        static_cast<std::int64_t>(owner.children.size() - owner.removed) + uncounted >=
            *flags.max_children) {
        ignored(event, child_path, "max_children");
        return;
    }
    const ChildSpec* spec = nullptr;
    if (flags.strategy == Strategy::simple_one_for_one) {
        spec = &flags.children.front();
    } else {
        std::string_view name =
            event.spec_id.empty() ? std::string_view(event.child_id) : event.spec_id;
        for (const auto& candidate : flags.start_child_specs)
            if (candidate.id == name) spec = &candidate;
        if (!spec)
            for (const auto& candidate : flags.running_children)
                if (candidate.id == name) spec = &candidate;
        if (!spec && event.spec_id.empty() && flags.template_child) spec = &*flags.template_child;
    }
    if (!spec) {
        ignored(event, child_path, "no_child_spec");
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
        if (!spec.supervisor || halted_) return;
        const SupervisorSpec& sup = *spec.supervisor;
        if (!accepts_dynamic_children(sup))
            for (const auto& child : sup.children) self(self, child, path + "/" + child.id);
        if (sup.running_total == 0) return;
        std::uint32_t slot = lookup(path);
        if (slot == kNoSlot || slots_[slot].life != Life::running) return;
        for (const auto& child : sup.running_children) {
            ScriptEvent event;
            event.action = ActionKind::start_child;
            event.path = path;
            event.child_id = child.id;
            start_child(event);
            run_pending_retries();
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

void Engine::terminate_child(const ScriptEvent& event) {
    std::uint32_t sup = lookup(event.path);
    std::string child_path = event.path + "/" + event.child_id;
    if (sup == kNoSlot || slots_[sup].life != Life::running) {
        ignored(event, child_path, "supervisor_not_running");
        return;
    }
    std::uint32_t child = lookup(child_path);
    if (child == kNoSlot || slots_[child].pos == kNoSlot || slots_[child].parent != sup) {
        ignored(event, child_path, "not_found");
        return;
    }
    if (slots_[child].life != Life::running) {
        // terminate_child on a stopped or restarting child only forgets a temporary one.
        ignored(event, child_path, "not_running");
    } else {
        terminate(child);
    }
    drop_child(child);
}

// ---- summary ---------------------------------------------------------------------------------

SimulationSummary Engine::summary() const {
    SimulationSummary out;
    out.end_us = now_us_;
    out.trace_events = trace_events_;
    out.node_halted = halted_;
    out.halt_us = halt_us_;
    out.halt_application = halt_app_;
    out.halt_reason = halt_reason_;
    // Walk the tree in start order: every static supervisor for the counts, running processes.
    auto visit = [&](auto&& self, std::uint32_t slot) -> void {
        const Slot& s = slots_[slot];
        if (s.life == Life::running) out.running.push_back(s.path);
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
