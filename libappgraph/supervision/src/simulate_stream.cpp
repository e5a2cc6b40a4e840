// Drives the engine through a script read as it goes (EventSource): one-off lines come in time
// order and are applied one at a time, merged with the occurrences of repeating `every` lines,
// which are produced lazily from a heap keyed by (time, line) so that a long crash storm costs no
// memory. fail-start and ignore-start lines at time 0 are applied before the boot, so that a
// scenario can make the boot itself fail; the other lines at time 0 wait for the boot, in file
// order. What the events set off runs in the engine's own time (engine_time.cpp): before each
// event the engine catches up to its time, and after the last one it runs on to the end of the run.
//
// Without --until, repeating lines stop 60 s after the latest time of the script, which is only
// known at its end; it is needed only then: while a one-off line is still ahead, no repeat can
// pass it, and that line is no later than the latest time.

#include <algorithm>
#include <deque>
#include <limits>
#include <queue>
#include <stdexcept>

#include "engine.hpp"
#include "libappgraph/supervision/simulator.hpp"

namespace appgraph::supervision {

namespace {

bool applies_before_boot(const ScriptEvent& e) {
    return e.t_us == 0 && e.every_us == 0 &&
           (e.action == ActionKind::fail_start || e.action == ActionKind::ignore_start);
}

}  // namespace

SimulationSummary simulate(const Tree& tree, EventSource& script, const SimulationOptions& options,
                           TraceSink& sink) {
    Engine engine(tree, options, sink);
    std::uint64_t processed = 0;
    std::int64_t latest = 0;
    // --until, else 60 s after the latest line: known once the script is read to its end.
    auto end_of_run = [&] {
        return options.until_us ? *options.until_us : latest + 60 * 1000000LL;
    };
    std::int64_t previous = std::numeric_limits<std::int64_t>::min();
    bool exhausted = false;
    auto pull = [&](ScriptEvent& into) {
        if (!script.next(into)) {
            exhausted = true;
            return false;
        }
        if (into.t_us < previous)
            throw std::invalid_argument("simulate: the event of line " + std::to_string(into.line) +
                                        " comes before the one read before it");
        previous = into.t_us;
        latest = std::max(latest, into.t_us);
        return true;
    };

    // The repeating lines, kept for the whole run (a deque: the heap points into it).
    std::deque<ScriptEvent> repeating;
    struct Repeat {
        std::int64_t next_us;
        int line;
        const ScriptEvent* event;
        bool operator>(const Repeat& other) const {
            return next_us != other.next_us ? next_us > other.next_us : line > other.line;
        }
    };
    std::priority_queue<Repeat, std::vector<Repeat>, std::greater<Repeat>> repeats;
    auto add_repeat = [&](const ScriptEvent& e) {
        repeating.push_back(e);
        repeats.push({e.t_us, e.line, &repeating.back()});
    };

    // The next one-off line: first those at time 0 read before the boot, then `ahead`, which is
    // read with every repeating line before it moved to the heap.
    std::deque<ScriptEvent> at_boot;
    ScriptEvent ahead;
    bool have_ahead = false;
    auto read_ahead = [&] {
        have_ahead = false;
        while (pull(ahead)) {
            if (ahead.every_us > 0) {
                add_repeat(ahead);
                continue;
            }
            have_ahead = true;
            return;
        }
    };

    // Start failures and ignores scripted at time 0 describe the boot itself: apply them first.
    while (pull(ahead)) {
        if (applies_before_boot(ahead)) {
            engine.apply(ahead, 0);
            ++processed;
        } else if (ahead.every_us > 0) {
            add_repeat(ahead);
        } else if (ahead.t_us == 0) {
            at_boot.push_back(ahead);
        } else {
            have_ahead = true;
            break;
        }
    }
    engine.boot();
    engine.start_captured_children();

    while (!engine.halted()) {
        const ScriptEvent* once =
            !at_boot.empty() ? &at_boot.front() : (have_ahead ? &ahead : nullptr);
        const std::int64_t until =
            options.until_us || exhausted ? end_of_run() : std::numeric_limits<std::int64_t>::max();
        bool have_once = once && once->t_us <= until;
        bool have_repeat = !repeats.empty() && repeats.top().next_us <= until;
        if (!have_once && !have_repeat) break;
        bool take_once =
            have_once && (!have_repeat || once->t_us < repeats.top().next_us ||
                          (once->t_us == repeats.top().next_us && once->line < repeats.top().line));
        if (take_once) {
            engine.apply(*once, once->t_us);
            if (!at_boot.empty())
                at_boot.pop_front();
            else
                read_ahead();
        } else {
            Repeat r = repeats.top();
            repeats.pop();
            engine.apply(*r.event, r.next_us);
            r.next_us += r.event->every_us;
            repeats.push(r);
        }
        ++processed;
    }
    // What the last events set off runs on to the end of the run.
    engine.finish(end_of_run());
    SimulationSummary summary = engine.summary();
    summary.script_events = processed;
    return summary;
}

}  // namespace appgraph::supervision
