// The process slots of a simulation: every static child of the tree gets one slot for the whole
// run (so its path, pending start failures and restart counts survive its supervisor's restarts);
// dynamic children get a slot from a free list while they exist. Each supervisor keeps its
// children in start order in a vector with tombstones for removed children and each child knows
// its position, so removal, "the children after X" and reverse-order walks never search.

#include "engine.hpp"

namespace appgraph::supervision {

Engine::Engine(const Tree& tree, const SimulationOptions& options, TraceSink& sink)
    : tree_(tree), options_(options), sink_(sink) {
    for (std::size_t i = 0; i < tree.applications.size(); ++i) {
        const auto& app = tree.applications[i];
        AppState state;
        state.spec = &app;
        state.path = tree.bare ? std::string() : app.name;
        std::string top_path = tree.bare ? app.top.id : app.name + "/" + app.top.id;
        state.top = allocate(app.top, kNoSlot, static_cast<std::uint32_t>(i), top_path, false);
        apps_.push_back(std::move(state));
    }
}

// ---- slots -----------------------------------------------------------------------------------

std::uint32_t Engine::allocate(const ChildSpec& spec, std::uint32_t parent, std::uint32_t app,
                               std::string path, bool dynamic_instance) {
    std::uint32_t index;
    if (!free_slots_.empty()) {
        index = free_slots_.back();
        free_slots_.pop_back();
        slots_[index] = Slot{};
    } else {
        index = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    }
    Slot& s = slots_[index];
    s.spec = &spec;
    s.parent = parent;
    s.app = app;
    s.path = std::move(path);
    s.dynamic_instance = dynamic_instance;
    s.serial = next_serial_++;
    if (!pending_failures_.empty()) {
        if (auto it = pending_failures_.find(s.path); it != pending_failures_.end()) {
            s.fail_starts = it->second.first;
            s.fail_reason = it->second.second;
            pending_failures_.erase(it);
        }
    }
    if (!pending_ignores_.empty() && pending_ignores_.erase(s.path) > 0) s.ignore_next = true;
    by_path_[s.path] = index;
    if (spec.supervisor) build_static_children(index);
    return index;
}

void Engine::build_static_children(std::uint32_t slot) {
    const SupervisorSpec& sup = *slots_[slot].spec->supervisor;
    if (accepts_dynamic_children(sup)) return;
    for (const auto& child : sup.children) {
        std::uint32_t c =
            allocate(child, slot, slots_[slot].app, slots_[slot].path + "/" + child.id,
                     slots_[slot].dynamic_instance);
        slots_[slot].static_children.push_back(c);
    }
    for (const auto& child : sup.start_child_specs) {
        std::uint32_t c =
            allocate(child, slot, slots_[slot].app, slots_[slot].path + "/" + child.id,
                     slots_[slot].dynamic_instance);
        slots_[slot].addable.push_back(c);
    }
}

// Frees a dynamic instance and everything under it. Start failures or ignores still pending for
// its path go back to the pending tables: they apply to the next process with that path.
void Engine::free_slot(std::uint32_t slot) {
    Slot& s = slots_[slot];
    for (std::uint32_t c : s.children)
        if (c != kNoSlot && slots_[c].in_use && slots_[c].dynamic_instance) free_slot(c);
    for (std::uint32_t c : s.static_children)
        if (slots_[c].in_use) free_slot(c);
    for (std::uint32_t c : s.addable)
        if (slots_[c].in_use) free_slot(c);
    if (s.fail_starts > 0) pending_failures_[s.path] = {s.fail_starts, s.fail_reason};
    if (s.ignore_next) pending_ignores_[s.path] = true;
    by_path_.erase(s.path);
    s.in_use = false;
    s.children.clear();
    s.static_children.clear();
    s.addable.clear();
    free_slots_.push_back(slot);
}

void Engine::list_child(std::uint32_t sup, std::uint32_t child) {
    Slot& s = slots_[sup];
    // Compact the tombstones of removed children once they are the majority: positions stay
    // valid between compactions, which only happen here, never while a list is being walked.
    if (s.removed > 16 && s.removed * 2 > s.children.size()) {
        std::size_t out = 0;
        for (std::uint32_t c : s.children) {
            if (c == kNoSlot) continue;
            slots_[c].pos = static_cast<std::uint32_t>(out);
            s.children[out++] = c;
        }
        s.children.resize(out);
        s.removed = 0;
    }
    slots_[child].pos = static_cast<std::uint32_t>(s.children.size());
    s.children.push_back(child);
}

void Engine::unlist_child(std::uint32_t child) {
    Slot& c = slots_[child];
    if (c.pos == kNoSlot || c.parent == kNoSlot) return;
    Slot& s = slots_[c.parent];
    s.children[c.pos] = kNoSlot;
    ++s.removed;
    c.pos = kNoSlot;
    c.life = Life::stopped;
    if (c.dynamic_instance && slots_[c.parent].spec->supervisor &&
        accepts_dynamic_children(*slots_[c.parent].spec->supervisor))
        free_slot(child);
}

// After a supervisor stopped: its static children stay known (stopped), dynamic ones are gone.
void Engine::clear_children(std::uint32_t sup) {
    Slot& s = slots_[sup];
    std::vector<std::uint32_t> list;
    list.swap(s.children);
    for (std::uint32_t c : list) {
        if (c == kNoSlot) continue;
        slots_[c].pos = kNoSlot;
        slots_[c].life = Life::stopped;
        if (slots_[c].dynamic_instance && accepts_dynamic_children(*s.spec->supervisor))
            free_slot(c);
    }
    slots_[sup].removed = 0;
}

std::uint32_t Engine::lookup(const std::string& path) const {
    auto it = by_path_.find(path);
    return it == by_path_.end() ? kNoSlot : it->second;
}

void Engine::emit(TraceKind kind, const std::string& path, std::string_view reason) {
    TraceEvent e;
    e.t_us = now_us_;
    e.kind = kind;
    e.path = path;
    e.reason = reason;
    ++trace_events_;
    sink_.on_event(e);
}

}  // namespace appgraph::supervision
