// The boot-order entry points: prepare the release (checks and use rewriting), sort it the way
// sort_appls does, then derive what the boot script does with the sorted list: load every
// application but those of type `none`, and start (application:start_boot) every application
// that no application includes and whose type is not `load` or `none`.

#include <algorithm>

#include "libappgraph/join.hpp"
#include "prepared.hpp"
#include "resolve_reference.hpp"

namespace appgraph {

namespace detail {

namespace {

std::vector<std::string> names_of(const Prepared& p, const std::vector<int>& ids) {
    std::vector<std::string> out;
    for (int id : ids) out.push_back(p.names.name(id));
    return out;
}

void fill_graph(const Prepared& p, Resolution& r) {
    for (const auto& e : p.entries) {
        GraphNode node;
        node.name = p.names.name(e.name);
        node.original_uses = names_of(p, e.original_uses);
        node.uses = names_of(p, e.uses);
        node.includes = names_of(p, e.includes);
        node.optional = names_of(p, e.optional);
        for (auto [from, to] : e.rewrites)
            node.rewrites.emplace_back(p.names.name(from), to < 0 ? "" : p.names.name(to));
        r.graph.push_back(std::move(node));
    }
}

}  // namespace

Resolution finish(const Prepared& p, const SortResult& sorted, bool explain) {
    Resolution r;
    if (explain) fill_graph(p, r);
    if (!sorted.circular.empty()) {
        Diagnostic err;
        err.kind = DiagnosticKind::circular_dependencies;
        err.involved = names_of(p, sorted.circular);
        err.cycle = find_cycle(p, sorted.circular);
        err.message = "circular dependencies among " + join(err.involved);
        if (!err.cycle.empty()) err.message += ": " + format_cycle(err.cycle);
        r.errors.push_back(std::move(err));
    }
    if (!sorted.missing.empty()) {
        Diagnostic err;
        err.kind = DiagnosticKind::undefined_applications;
        err.involved = names_of(p, sorted.missing);
        err.message = "applications needed but not in the release: " + join(err.involved);
        r.errors.push_back(std::move(err));
    }
    if (!r.errors.empty()) return r;

    std::vector<char> included(p.names.size(), 0);
    std::vector<char> running(p.names.size(), 0);  // started by the controller so far
    for (const auto& e : p.entries)
        for (int id : e.includes) element(included, id) = 1;
    for (int index : sorted.order) {
        const Entry& e = element(p.entries, index);
        ResolvedApp app;
        app.name = p.names.name(e.name);
        app.vsn = e.vsn;
        app.type = e.type;
        if (int inc = element(p.includer, e.name); inc >= 0)
            app.included_by = p.names.name(element(p.entries, inc).name);
        app.loaded = e.type != StartType::none;
        app.started =
            !element(included, e.name) && e.type != StartType::load && e.type != StartType::none;
        if (app.started) r.start.push_back(app.name);
        // application_controller's check_start_cond: start_boot returns {error, {not_started,
        // U}} unless every non-optional `applications` entry U has started; init ignores that
        // result, so the node boots without the application. The entries checked are those of
        // the script's copy of the .app: the uses as systools rewrote them.
        if (app.started) {
            for (int used : e.uses) {
                if (element(running, used) ||
                    std::find(e.optional.begin(), e.optional.end(), used) != e.optional.end())
                    continue;
                app.started = false;
                app.not_started_because = p.names.name(used);
                break;
            }
        }
        if (app.started) element(running, e.name) = 1;
        if (explain) {
            if (int by = element(sorted.pulled_by, index); by >= 0)
                app.pulled_in_by = p.names.name(element(p.entries, by).name);
            for (const auto* list : {&e.uses, &e.includes}) {
                for (int d : *list) {
                    if (element(p.entry_of, d) >= 0) app.waited_for.push_back(p.names.name(d));
                }
            }
        }
        r.applications.push_back(std::move(app));
    }
    return r;
}

}  // namespace detail

namespace {

Resolution resolve_with(const Release& release, const std::vector<Application>& apps,
                        bool reference, bool explain = true, bool all_errors = false) {
    detail::Prepared p = detail::prepare(release, apps, all_errors);
    if (all_errors && !p.errors.empty()) {
        // The checks' errors, then the sort's that are not the same finding again (its
        // undefined set repeats check_undefined's). An include cycle leaves nothing to sort.
        Resolution r;
        r.errors = std::move(p.errors);
        bool include_cycle = false, undefined = false;
        for (const auto& e : r.errors) {
            include_cycle = include_cycle || e.kind == DiagnosticKind::include_cycle;
            undefined = undefined || e.kind == DiagnosticKind::undefined_applications;
        }
        if (include_cycle || p.entry_of.empty()) return r;
        Resolution sorted = detail::finish(p, detail::sort_reference(p), false);
        for (auto& e : sorted.errors)
            if (!(undefined && e.kind == DiagnosticKind::undefined_applications))
                r.errors.push_back(std::move(e));
        return r;
    }
    if (!p.errors.empty()) {
        Resolution r;
        r.errors = std::move(p.errors);
        return r;
    }
    detail::SortResult sorted =
        (reference || p.duplicate_entries) ? detail::sort_reference(p) : detail::sort_fast(p);
    return detail::finish(p, sorted, explain);
}

}  // namespace

Resolution resolve_boot(const Release& release, const std::vector<Application>& apps,
                        const ResolveOptions& options) {
    return resolve_with(release, apps, false, options.explain, options.all_errors);
}

Resolution resolve_boot_reference(const Release& release, const std::vector<Application>& apps) {
    return resolve_with(release, apps, true);
}

std::string format_cycle(const std::vector<CycleStep>& cycle) {
    if (cycle.empty()) return "";
    std::string path = cycle.front().from;
    for (const auto& step : cycle) path += " -> " + step.to;
    std::vector<std::string> reason_list;
    for (const auto& step : cycle) reason_list.push_back(step.reason);
    const std::string reasons = join(reason_list, "; ");
    return path + " (" + reasons + ")";
}

}  // namespace appgraph
