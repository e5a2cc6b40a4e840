// Start order, stop order and worst-case shutdown times, from the tree alone. Start order is
// depth first in child order (a supervisor starts before its children); stop order is its mirror
// (children in reverse start order, each subtree before its supervisor, applications last started
// first). The worst case follows the shutdown settings: brutal_kill costs nothing, a timeout T at
// most T, an infinity worker is unbounded, and a supervisor waits for its children one after the
// other (all at once for DynamicSupervisor and simple_one_for_one), capped by its own timeout.

#include "libappgraph/supervision/analysis.hpp"

#include <algorithm>

namespace appgraph::supervision {

namespace {

using Bound = std::optional<std::int64_t>;  // nullopt = unbounded

Bound add(Bound a, Bound b) {
    return (a && b) ? Bound(*a + *b) : std::nullopt;
}
Bound max_of(Bound a, Bound b) {
    return (a && b) ? Bound(std::max(*a, *b)) : std::nullopt;
}

bool is_dynamic(const SupervisorSpec& sup) {
    return sup.dynamic || sup.strategy == Strategy::simple_one_for_one;
}

class OrderBuilder {
public:
    explicit OrderBuilder(OrderReport& report) : report_(report) {}

    // Time for the children of `spec` to stop once it is asked to stop.
    Bound children_time(const ChildSpec& spec, const std::string& path) {
        const SupervisorSpec& sup = *spec.supervisor;
        Bound total = 0;
        if (is_dynamic(sup)) {
            // All at once: the slowest spec a child can be started from.
            for (const auto& c : sup.children) total = max_of(total, child_time(c, path + "/*"));
            if (sup.template_child)
                total = max_of(total, child_time(*sup.template_child, path + "/*"));
            for (const auto& c : sup.start_child_specs)
                total = max_of(total, child_time(c, path + "/*"));
            for (const auto& c : sup.running_children)
                total = max_of(total, child_time(c, path + "/" + c.id));
        } else {
            for (const auto& c : sup.children) total = add(total, child_time(c, path + "/" + c.id));
        }
        return total;
    }

    // Worst time from the parent's shutdown signal until the child is gone.
    Bound child_time(const ChildSpec& spec, const std::string& path) {
        if (spec.shutdown.kind == Shutdown::Kind::brutal_kill) {
            if (spec.supervisor) (void)children_time(spec, path);
            return 0;
        }
        Bound own = spec.supervisor ? children_time(spec, path) : std::nullopt;
        if (spec.shutdown.kind == Shutdown::Kind::timeout) {
            Bound cap = spec.shutdown.ms;
            return own ? std::min(*own, *cap) : cap;
        }
        return own;  // infinity: a worker is unbounded, a supervisor waits for its subtree
    }

    void starts(const ChildSpec& spec, const std::string& path, int depth) {
        OrderedProcess p;
        p.path = path;
        p.depth = depth;
        p.supervisor = static_cast<bool>(spec.supervisor);
        if (spec.supervisor && is_dynamic(*spec.supervisor))
            p.note = spec.supervisor->dynamic
                         ? "DynamicSupervisor: children come from start-child"
                         : "simple_one_for_one: children come from start-child";
        report_.start_order.push_back(p);
        if (!spec.supervisor || is_dynamic(*spec.supervisor)) return;
        for (const auto& c : spec.supervisor->children) starts(c, path + "/" + c.id, depth + 1);
    }

    void supervisors(const ChildSpec& spec, const std::string& path) {
        if (!spec.supervisor) return;
        Bound self = children_time(spec, path);
        if (spec.shutdown.kind == Shutdown::Kind::timeout)
            self = self ? std::min(*self, spec.shutdown.ms) : spec.shutdown.ms;
        if (spec.shutdown.kind == Shutdown::Kind::brutal_kill) self = 0;
        report_.shutdown.push_back({path, self});
        if (is_dynamic(*spec.supervisor)) return;
        for (const auto& c : spec.supervisor->children) supervisors(c, path + "/" + c.id);
    }

private:
    OrderReport& report_;
};

}  // namespace

OrderReport order_tree(const Tree& tree) {
    OrderReport report;
    OrderBuilder builder(report);
    Bound node = 0;
    std::vector<std::size_t> app_starts;
    for (const auto& app : tree.applications) {
        app_starts.push_back(report.start_order.size());
        std::string top_path = tree.bare ? app.top.id : app.name + "/" + app.top.id;
        if (!tree.bare) {
            OrderedProcess a;
            a.path = app.name;
            a.application = true;
            report.start_order.push_back(a);
        }
        builder.starts(app.top, top_path, tree.bare ? 0 : 1);
        builder.supervisors(app.top, top_path);
        // The application master waits for the top supervisor, whatever its shutdown setting.
        Bound app_time = builder.children_time(app.top, top_path);
        if (!tree.bare) report.shutdown.push_back({app.name, app_time});
        node = add(node, app_time);
    }
    // Stop order: applications last-started first; inside one, the mirror of its start order
    // (reverse start order at every level puts each subtree before its supervisor).
    for (std::size_t i = app_starts.size(); i-- > 0;) {
        std::size_t begin = app_starts[i];
        std::size_t end = i + 1 < app_starts.size() ? app_starts[i + 1] : report.start_order.size();
        for (std::size_t k = end; k-- > begin;) report.stop_order.push_back(report.start_order[k]);
    }
    report.node_ms = node;
    return report;
}

}  // namespace appgraph::supervision
