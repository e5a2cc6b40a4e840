// Drives the engine through the script in time order: scripted lines sorted by time (equal times
// in file order), merged with the occurrences of repeating `every` lines, which are produced
// lazily from a heap so that a long crash storm costs no memory. fail-start and ignore-start
// lines at time 0 are applied before the boot, so that a scenario can make the boot itself fail.
// What the events set off runs in the engine's own time (engine_time.cpp): before each event the
// engine catches up to its time, and after the last one it runs on to the end of the run.

#include "libappgraph/supervision/simulator.hpp"

#include <algorithm>
#include <queue>

#include "engine.hpp"

namespace appgraph::supervision {

SimulationSummary simulate(const Tree& tree, const std::vector<ScriptEvent>& script,
                           const SimulationOptions& options, TraceSink& sink) {
    Engine engine(tree, options, sink);
    // Start failures and ignores scripted at time 0 describe the boot itself: apply them first.
    std::vector<bool> done(script.size(), false);
    std::uint64_t processed = 0;
    for (std::size_t i = 0; i < script.size(); ++i) {
        const ScriptEvent& e = script[i];
        if (e.t_us == 0 && e.every_us == 0 &&
            (e.action == ActionKind::fail_start || e.action == ActionKind::ignore_start)) {
            engine.apply(e, 0);
            done[i] = true;
            ++processed;
        }
    }
    engine.boot();
    engine.start_captured_children();

    std::vector<const ScriptEvent*> once;
    struct Repeat {
        std::int64_t next_us;
        int line;
        const ScriptEvent* event;
        bool operator>(const Repeat& other) const {
            return next_us != other.next_us ? next_us > other.next_us : line > other.line;
        }
    };
    std::priority_queue<Repeat, std::vector<Repeat>, std::greater<Repeat>> repeats;
    std::int64_t latest = 0;
    for (std::size_t i = 0; i < script.size(); ++i) {
        const ScriptEvent& e = script[i];
        latest = std::max(latest, e.t_us);
        if (done[i]) continue;
        if (e.every_us > 0)
            repeats.push({e.t_us, e.line, &e});
        else
            once.push_back(&e);
    }
    std::stable_sort(once.begin(), once.end(),
                     [](const ScriptEvent* a, const ScriptEvent* b) { return a->t_us < b->t_us; });
    std::int64_t until = options.until_us ? *options.until_us : latest + 60 * 1000000LL;

    std::size_t next_once = 0;
    while (!engine.halted()) {
        bool have_once = next_once < once.size() && once[next_once]->t_us <= until;
        bool have_repeat = !repeats.empty() && repeats.top().next_us <= until;
        if (!have_once && !have_repeat) break;
        bool take_once =
            have_once && (!have_repeat || once[next_once]->t_us < repeats.top().next_us ||
                          (once[next_once]->t_us == repeats.top().next_us &&
                           once[next_once]->line < repeats.top().line));
        if (take_once) {
            const ScriptEvent* e = once[next_once++];
            engine.apply(*e, e->t_us);
        } else {
            Repeat r = repeats.top();
            repeats.pop();
            engine.apply(*r.event, r.next_us);
            r.next_us += r.event->every_us;
            repeats.push(r);
        }
        ++processed;
    }
    engine.advance(until);
    SimulationSummary summary = engine.summary();
    summary.script_events = processed;
    return summary;
}

}  // namespace appgraph::supervision
