// Runs the chain of supervisors above a steadily crashing child once per phase class of the
// whole-second boundaries (see give_up_times.hpp) with the same restart window as the engine,
// until the chain ends, the run is seen to repeat itself, or a horizon of crashes.
// The crash times k*D lie on a grid of gcd(D, 1 s); phases that differ by less than one grid step
// stamp every restart in the same second, so one phase per grid step stands for all of them.

#include "give_up_times.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "engine.hpp"
#include "restart_window.hpp"

namespace appgraph::supervision {

std::vector<GiveUpTimes> give_up_times(const ChainRun& chain, std::int64_t interval_us) {
    constexpr std::int64_t kSecond = 1000000;
    const std::size_t n = chain.levels.size();
    const std::int64_t step = std::gcd(interval_us, kSecond);
    const auto phases = static_cast<std::uint64_t>(kSecond / step);
    // Enough crashes for every level of a small chain to give up, bounded in work overall.
    const std::uint64_t horizon = std::max<std::uint64_t>(2000, 20000000 / phases);
    std::vector<GiveUpTimes> out(n);
    for (auto& level : out) {
        level.phases = phases;
        level.horizon = horizon;
    }
    // Levels above the first one that is not restarted never give up.
    std::size_t reach = 0;
    while (reach + 1 < n && chain.levels[reach].restarted_by_parent) ++reach;
    std::vector<RestartWindow> windows(n);
    std::vector<std::optional<std::pair<std::uint64_t, std::int64_t>>> first(n);
    for (std::uint64_t p = 0; p < phases; ++p) {
        const std::int64_t phase_us = static_cast<std::int64_t>(p) * step;
        for (std::size_t i = 0; i < n; ++i) {
            windows[i].reset(chain.levels[i].intensity, chain.levels[i].period);
            first[i].reset();
        }
        bool stopped = false;
        std::set<std::vector<std::int64_t>> seen;  // states after a restart of a supervisor
        for (std::uint64_t k = 0; k < horizon && !stopped; ++k) {
            const std::int64_t t = static_cast<std::int64_t>(k) * interval_us;
            const std::int64_t second = floor_div(t + phase_us, kSecond);
            for (std::size_t i = 0;; ++i) {
                if (windows[i].add(second)) {
                    // Level i restarted what is under it: those start with an empty history.
                    for (std::size_t j = 0; j < i; ++j)
                        windows[j].reset(chain.levels[j].intensity, chain.levels[j].period);
                    for (std::size_t j = 0; j < i; ++j)
                        if (chain.dynamic_under[j]) stopped = true;  // the crashing part is gone
                    if (i > 0 && !stopped) {
                        // Everything under level i starts afresh: the future depends only on
                        // where the next crash falls in the second and on the histories above.
                        // Seen before, the run repeats itself without a new give-up.
                        std::vector<std::int64_t> state{static_cast<std::int64_t>(k % phases)};
                        for (std::size_t j = i; j < n; ++j) {
                            state.push_back(-1);  // separates the levels' histories
                            windows[j].append_ages(second, state);
                        }
                        state.push_back(static_cast<std::int64_t>(i));
                        if (!seen.insert(std::move(state)).second) stopped = true;
                    }
                    break;
                }
                if (!first[i]) first[i] = {k + 1, t};
                if (i + 1 == n || !chain.levels[i].restarted_by_parent) {
                    stopped = true;  // the chain ends here: nothing more happens
                    break;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            GiveUpTimes& level = out[i];
            if (!first[i]) {
                const auto& safe = chain.survives_from_us[i];
                if (!stopped && i <= reach && !(safe && interval_us >= *safe)) ++level.undecided;
                continue;
            }
            const auto [crash, t] = *first[i];
            if (level.gave_up == 0 || t < level.earliest_us) {
                level.earliest_us = t;
                level.earliest_crash = crash;
            }
            if (level.gave_up == 0 || t > level.latest_us) {
                level.latest_us = t;
                level.latest_crash = crash;
            }
            ++level.gave_up;
        }
    }
    return out;
}

}  // namespace appgraph::supervision
