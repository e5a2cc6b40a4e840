// How often can a child crash before each level above it gives up? Derived from OTP's intensity
// rule: a supervisor gives up at the restart that makes intensity+1 restarts fall within `period`
// whole seconds (inclusive). For a child crashing every D seconds, intensity I >= 1 and period P:
// - I restarts span I*D seconds; their whole-second stamps differ by floor(I*D) or ceil(I*D)
//   depending on where the second boundaries fall. With D >= (P+1)/I every span is more than P:
//   the supervisor survives whatever the phase. Below, it gives up at every phase: with
//   D <= P/I at the (I+1)-th crash; in [P/I, (P+1)/I) as soon as the fractional position of a
//   crash falls in a stretch of width 1 - frac(I*D) of the second, which the positions of k*D
//   (a finite grid, D being a whole number of microseconds) all reach in turn. The phase only
//   decides how soon: give_up_times() works out the earliest and latest over all phases.
// - A supervisor that gives up is restarted by its parent (if permanent) with an empty history,
//   so it gives up at most once every I+1 crashes: its parent sees restarts at least (I+1)*D
//   apart. Level j therefore survives from D * prod(I_k + 1) over the levels below it (or when a
//   level below survives), and surely gives up when every level below gives up exactly every
//   I_k+1 crashes (D <= P_k/I_k) and its own rule holds at that period.
// - A transient or temporary supervisor that gives up exits `shutdown` and is not restarted:
//   nothing above it can give up. Dynamic children are not restarted with their supervisor.
// The application ends when its top supervisor does; the node halts with a permanent or
// transient application, never for a temporary one.

#include "libappgraph/supervision/analysis.hpp"

#include <algorithm>
#include <numeric>

#include "give_up_times.hpp"

namespace appgraph::supervision {

namespace {

struct ChainLink {
    const ChildSpec* spec;
    std::string path;
    bool dynamic = false;  // a dynamic child of the link above
};

// ceil/floor of seconds given as a ratio, in microseconds, without floating point rounding.
std::int64_t ceil_us(std::int64_t numerator_s, std::int64_t denominator) {
    std::int64_t n = numerator_s * 1000000;
    return (n + denominator - 1) / denominator;
}
std::int64_t floor_us(std::int64_t numerator_s, std::int64_t denominator) {
    return numerator_s * 1000000 / denominator;
}

}  // namespace

ToleranceReport tolerate(const Tree& tree, const std::string& path, Diagnostics& diagnostics,
                         std::optional<std::int64_t> interval_us) {
    ToleranceReport report;
    report.path = path;
    report.interval_us = interval_us;
    const auto unknown = [&](const std::string& problem) {
        diagnostics.error(DiagnosticKind::unknown_process, SourceLocation{tree.source, 0, 0, {}},
                          path + ": " + problem, {}, {path});
        return report;
    };
    // Resolve PATH to the chain of specs from the application down.
    std::vector<ChainLink> chain;  // top supervisor first, the crashing process last
    const ApplicationSpec* app = nullptr;
    std::size_t slash = path.find('/');
    std::string first = path.substr(0, slash);
    std::string rest = slash == std::string::npos ? std::string() : path.substr(slash + 1);
    for (const auto& a : tree.applications) {
        if (tree.bare ? a.top.id == first : a.name == first) app = &a;
    }
    if (!app) {
        return unknown("no application or root supervisor \"" + first + "\"");
    }
    std::string prefix = first;
    if (!tree.bare) {
        std::size_t s2 = rest.find('/');
        std::string top_id = rest.substr(0, s2);
        if (top_id != app->top.id) {
            return unknown(rest.empty()
                               ? "\"" + path + "\" is an application; name a process under it"
                               : "application " + app->name + " has no top supervisor \"" + top_id +
                                     "\"");
        }
        prefix += "/" + top_id;
        rest = s2 == std::string::npos ? std::string() : rest.substr(s2 + 1);
    }
    chain.push_back({&app->top, prefix});
    while (!rest.empty()) {
        std::size_t s = rest.find('/');
        std::string id = rest.substr(0, s);
        rest = s == std::string::npos ? std::string() : rest.substr(s + 1);
        const ChildSpec* parent = chain.back().spec;
        if (!parent->supervisor) {
            return unknown("\"" + chain.back().path + "\" is a worker and has no children");
        }
        const SupervisorSpec& sup = *parent->supervisor;
        const ChildSpec* found = nullptr;
        bool dynamic = sup.dynamic || sup.strategy == Strategy::simple_one_for_one;
        if (dynamic) {
            for (const auto& c : sup.start_child_specs)
                if (c.id == id) found = &c;
            for (const auto& c : sup.running_children)
                if (c.id == id) found = &c;
            if (!found && sup.template_child) found = &*sup.template_child;
            if (!found && !sup.children.empty()) found = &sup.children.front();
        } else {
            for (const auto& c : sup.children)
                if (c.id == id) found = &c;
            for (const auto& c : sup.start_child_specs)
                if (c.id == id) found = &c;
        }
        if (!found) {
            return unknown("supervisor \"" + chain.back().path + "\" has no child \"" + id + "\"");
        }
        chain.push_back({found, chain.back().path + "/" + id, dynamic});
    }

    const ChildSpec& crashing = *chain.back().spec;
    // Walk up from the crashing process's supervisor. Both bounds only ever decrease going up: a
    // level survives whenever a level below it survives.
    std::optional<std::int64_t> survives;  // nullopt: no interval survives (yet)
    std::optional<std::int64_t> gives_up;  // every interval below gives up (nullopt: every one)
    // The levels so far give up exactly every I+1 crashes for intervals below this (nullopt: all).
    std::optional<std::int64_t> exact;
    std::int64_t multiplier = 1;  // crashes of PATH per restart seen at this level
    ChainRun run;                 // the same chain, for give_up_times()
    std::string stopped_note;     // set once nothing above can give up
    if (crashing.restart == RestartType::temporary)
        stopped_note =
            chain.back().path + " is temporary: never restarted, so its crashes never count";
    for (std::size_t j = chain.size() - 1; j-- > 0;) {
        const ChildSpec& sup_spec = *chain[j].spec;
        const SupervisorSpec& sup = *sup_spec.supervisor;
        ToleranceLevel level;
        level.kind = ToleranceLevel::Kind::supervisor;
        level.path = chain[j].path;
        level.intensity = sup.intensity;
        level.period = sup.period;
        if (!stopped_note.empty()) {
            level.always_survives = true;
            level.note = stopped_note;
        } else {
            if (sup.intensity > 0) {
                std::int64_t divisor = static_cast<std::int64_t>(sup.intensity) * multiplier;
                std::int64_t own = ceil_us(sup.period + 1, divisor);
                if (!survives || own < *survives) survives = own;
                // It surely gives up below its own threshold as long as the levels below give up
                // exactly every I+1 crashes, so that it sees the period multiplier * D.
                gives_up = exact ? std::min(own, *exact) : own;
                // With I*D <= P (at the period it sees) it gives up at exactly the (I+1)-th.
                std::int64_t exact_here = floor_us(sup.period, divisor) + 1;
                exact = exact ? std::min(*exact, exact_here) : exact_here;
            }
            level.survives_from_us = survives;
            level.gives_up_below_us = survives ? gives_up : std::nullopt;
            if (multiplier > 1)
                level.note = "sees at most one restart per " + std::to_string(multiplier) +
                             " crashes (the levels below give up in between)";
            else if (sup.intensity == 0)
                level.note = "intensity 0: gives up at the first restart";
        }
        report.levels.push_back(level);
        run.levels.push_back(
            {sup.intensity, sup.period, sup_spec.restart == RestartType::permanent && j > 0});
        run.dynamic_under.push_back(chain[j + 1].dynamic);
        run.survives_from_us.push_back(level.always_survives ? std::nullopt : survives);
        // What the next level up sees when this one gives up.
        if (stopped_note.empty()) {
            if (sup_spec.restart != RestartType::permanent && j > 0) {
                stopped_note = chain[j].path + " is " + to_string(sup_spec.restart) +
                               ": not restarted after giving up, so nothing above it gives up "
                               "(its subtree stays down)";
            } else if (chain.back().dynamic && j == chain.size() - 2) {
                stopped_note = chain.back().path + " is a dynamic child: it is gone once " +
                               chain[j].path + " restarts, so nothing above gives up because of it";
            } else {
                // Saturate: beyond a million crashes per restart the bound is a microsecond.
                multiplier = std::min<std::int64_t>(
                    multiplier * (static_cast<std::int64_t>(sup.intensity) + 1), 1000000000000LL);
            }
        }
    }
    // At a given interval: when each level gives up, over all phases. A temporary PATH is never
    // restarted, so nothing counts its crashes.
    GiveUpTimes never;
    if (interval_us) {
        never.phases = static_cast<std::uint64_t>(1000000 / std::gcd(*interval_us, 1000000LL));
        std::vector<GiveUpTimes> times = crashing.restart == RestartType::temporary
                                             ? std::vector<GiveUpTimes>(run.levels.size(), never)
                                             : give_up_times(run, *interval_us);
        for (std::size_t i = 0; i < times.size(); ++i) report.levels[i].at_interval = times[i];
    }
    if (tree.bare) return report;
    // The application ends when its top supervisor does.
    ToleranceLevel app_level = report.levels.empty() ? ToleranceLevel{} : report.levels.back();
    if (chain.size() == 1) {
        app_level = ToleranceLevel{};
        app_level.note = "the top supervisor itself crashing ends the application";
        if (interval_us) {
            // At the first crash, whatever the phase.
            app_level.at_interval = never;
            app_level.at_interval->gave_up = never.phases;
            app_level.at_interval->earliest_crash = app_level.at_interval->latest_crash = 1;
        }
        if (crashing.restart == RestartType::temporary)
            app_level.note += " (whatever its restart type)";
    }
    if (!app_level.always_survives && chain.size() > 1) app_level.note.clear();
    app_level.kind = ToleranceLevel::Kind::application;
    app_level.path = app->name;
    app_level.intensity = 0;
    app_level.period = 0;
    report.levels.push_back(app_level);
    ToleranceLevel node = app_level;
    node.kind = ToleranceLevel::Kind::node;
    node.path = "node";
    if (app->start_type == StartType::temporary) {
        node = ToleranceLevel{};
        node.kind = ToleranceLevel::Kind::node;
        node.path = "node";
        node.always_survives = true;
        node.note = "application " + app->name + " is temporary: its exit does not stop the node";
        if (interval_us) node.at_interval = never;
    } else if (!node.always_survives) {
        node.note = std::string("application ") + app->name + " is " + to_string(app->start_type) +
                    ": the node halts when it ends (on Nerves, a reboot)";
    }
    report.levels.push_back(node);
    return report;
}

}  // namespace appgraph::supervision
