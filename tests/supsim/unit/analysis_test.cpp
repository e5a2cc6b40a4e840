// supsim order and tolerate: start/stop order, worst-case shutdown bounds, and the crash interval
// each level survives, checked against the simulator itself.

#include "libappgraph/supervision/analysis.hpp"
#include "sim_support.hpp"

using namespace suptest;

namespace {
std::vector<std::string> paths(const std::vector<OrderedProcess>& list) {
    std::vector<std::string> out;
    for (const auto& p : list) out.push_back(p.path);
    return out;
}
}  // namespace

TEST_CASE("start order is depth first; stop order mirrors it, applications last-started first") {
    Tree t = load(R"({"applications": [
        {"name": "a", "supervisor": {"id": "A", "children": [{"id": "x"}, {"id": "S", "children": [{"id": "y"}]}, {"id": "z"}]}},
        {"name": "b", "supervisor": {"id": "B", "children": [{"id": "w"}]}}]})");
    OrderReport r = order_tree(t);
    CHECK(paths(r.start_order) == std::vector<std::string>{"a", "a/A", "a/A/x", "a/A/S", "a/A/S/y",
                                                           "a/A/z", "b", "b/B", "b/B/w"});
    CHECK(paths(r.stop_order) == std::vector<std::string>{"b/B/w", "b/B", "b", "a/A/z", "a/A/S/y",
                                                          "a/A/S", "a/A/x", "a/A", "a"});
}

TEST_CASE("worst-case shutdown: sums, caps, all-at-once dynamic children, infinity propagating") {
    Tree t = load(R"({"applications": [{"name": "app", "supervisor": {"id": "Top", "children": [
        {"id": "k", "shutdown": "brutal_kill"},
        {"id": "w", "shutdown": 2000},
        {"id": "Capped", "shutdown": 3000, "children": [{"id": "x"}, {"id": "y"}]},
        {"id": "Pool", "strategy": "simple_one_for_one", "children": [{"id": "t", "shutdown": 700}]},
        {"id": "Open", "children": [{"id": "forever", "shutdown": "infinity"}]}]}}]})");
    OrderReport r = order_tree(t);
    REQUIRE(r.shutdown.size() == 5);
    CHECK(r.shutdown[0].path == "app/Top");
    CHECK_FALSE(r.shutdown[0].ms.has_value());  // Open waits forever for `forever`
    CHECK(r.shutdown[1].path == "app/Top/Capped");
    CHECK(r.shutdown[1].ms == 3000);  // 2 x 5000 capped by its own 3000
    CHECK(r.shutdown[2].path == "app/Top/Pool");
    CHECK(r.shutdown[2].ms == 700);  // all children at once
    CHECK(r.shutdown[3].path == "app/Top/Open");
    CHECK_FALSE(r.shutdown[3].ms.has_value());
    CHECK(r.shutdown[4].path == "app");
    CHECK_FALSE(r.node_ms.has_value());
    Tree finite = load(
        R"({"supervisor": {"id": "S", "children": [{"id": "a"}, {"id": "b", "shutdown": 250}]}})");
    CHECK(order_tree(finite).node_ms == 5250);
}

namespace {
// A chain of supervisors, 5 levels deep at most, each permanent; the worker at the bottom crashes.
std::string chain_tree(const std::vector<std::pair<int, int>>& levels,
                       const char* start_type = "permanent") {
    std::string inner = R"({"id": "w"})";
    for (std::size_t i = levels.size(); i-- > 0;) {
        inner = R"({"id": "L)" + std::to_string(i) + R"(", "intensity": )" +
                std::to_string(levels[i].first) + R"(, "period": )" +
                std::to_string(levels[i].second) + R"(, "children": [)" + inner + "]}";
    }
    return std::string(R"({"applications": [{"name": "app", "start_type": ")") + start_type +
           R"(", "supervisor": )" + inner + "}]}";
}

std::string worker_path(std::size_t depth) {
    std::string p = "app";
    for (std::size_t i = 0; i < depth; ++i) p += "/L" + std::to_string(i);
    return p + "/w";
}

// Does the supervisor at `path` give up when the worker crashes every `interval_us`?
bool gives_up(const std::string& json, std::size_t depth, const std::string& level_path,
              std::int64_t interval_us, std::int64_t phase_us) {
    Tree tree = load(json);
    ScriptEvent e;
    e.every_us = interval_us;
    e.t_us = 0;
    e.path = worker_path(depth);
    e.reason = "crash";
    e.line = 1;
    SimulationOptions options;
    options.phase_us = phase_us;
    options.until_us = 400 * 1000000LL;
    CompactSink sink;
    simulate(tree, {e}, options, sink);
    return sink.text.find("max_intensity " + level_path + " ") != std::string::npos;
}
}  // namespace

TEST_CASE("tolerate: the analytic bounds agree with the simulator at every level") {
    const std::vector<std::vector<std::pair<int, int>>> trees = {
        {{1, 5}},
        {{3, 5}},
        {{2, 1}, {1, 5}},
        {{3, 5}, {1, 10}, {2, 3}},
        {{1, 1}, {2, 2}, {1, 3}, {3, 4}, {1, 5}}};
    for (const auto& levels : trees) {
        std::string json = chain_tree(levels);
        CAPTURE(json);
        Tree tree = load(json);
        appgraph::Diagnostics diagnostics;
        ToleranceReport report = tolerate(tree, worker_path(levels.size()), diagnostics);
        REQUIRE(diagnostics.ok());
        REQUIRE(report.levels.size() == levels.size() + 2);
        for (std::size_t k = 0; k < levels.size(); ++k) {
            const ToleranceLevel& level = report.levels[k];
            CAPTURE(level.path);
            REQUIRE(level.survives_from_us.has_value());
            REQUIRE(level.gives_up_below_us.has_value());
            // Survives at the bound, whatever the phase.
            for (std::int64_t phase : {0, 250000, 500000, 999999})
                CHECK_FALSE(
                    gives_up(json, levels.size(), level.path, *level.survives_from_us, phase));
            // Gives up just below the lower bound (to the millisecond) at every phase, maybe
            // late: --interval counts (checked against runs in the next test case).
            const std::int64_t below = (*level.gives_up_below_us - 1) / 1000 * 1000;
            ToleranceReport at = tolerate(tree, worker_path(levels.size()), diagnostics, below);
            CHECK(at.levels[k].at_interval->gave_up == at.levels[k].at_interval->phases);
            // And soon at the interval the levels below make it see exactly.
            for (std::int64_t phase : {0, 500000, 999999})
                CHECK(gives_up(json, levels.size(), level.path, below / 4, phase));
        }
        // The application and the node follow the top supervisor.
        CHECK(report.levels[levels.size()].survives_from_us ==
              report.levels[levels.size() - 1].survives_from_us);
        CHECK(report.levels.back().kind == ToleranceLevel::Kind::node);
    }
}

TEST_CASE("tolerate: exact figures, and levels a crash can never reach") {
    Tree tree = load(chain_tree({{3, 5}, {1, 5}}, "temporary"));
    appgraph::Diagnostics diagnostics;
    ToleranceReport r = tolerate(tree, "app/L0/L1/w", diagnostics);
    REQUIRE(r.levels.size() == 4);
    CHECK(r.levels[0].survives_from_us == 6000000);   // (5+1)/1
    CHECK(r.levels[0].gives_up_below_us == 6000000);  // below (P+1)/I: at every phase
    CHECK(r.levels[1].survives_from_us == 1000000);   // (5+1)/(3*2)
    CHECK(r.levels[1].gives_up_below_us == 1000000);  // L1 gives up every 2 crashes below 5 s
    CHECK(r.levels[3].always_survives);               // temporary application: the node stays up
    Tree transient_mid = load(R"({"supervisor": {"id": "T", "children": [
        {"id": "M", "restart": "transient", "intensity": 1, "children": [{"id": "w", "restart": "temporary"}]},
        {"id": "N", "restart": "transient", "intensity": 1, "children": [{"id": "v"}]}]}})");
    CHECK(tolerate(transient_mid, "T/M/w", diagnostics).levels[0].always_survives);
    ToleranceReport n = tolerate(transient_mid, "T/N/v", diagnostics);
    CHECK(n.levels[0].survives_from_us == 6000000);
    CHECK(n.levels[1].always_survives);
    CHECK(diagnostics.ok());
    CHECK(tolerate(transient_mid, "T/X", diagnostics).levels.empty());
    REQUIRE(diagnostics.all().size() == 1);
    CHECK(diagnostics.all()[0].kind == appgraph::DiagnosticKind::unknown_process);
    CHECK(appgraph::format_diagnostic(diagnostics.all()[0]) ==
          "tree.json: T/X: supervisor \"T\" has no child \"X\"");
}

namespace {
// When each level of the chain gives up with the worker crashing every `interval_us` from time 0,
// as `supsim run --phase` finds it: the first max_intensity of each supervisor (kNever if none).
constexpr std::int64_t kNever = -1;
std::vector<std::int64_t> first_give_ups(const std::string& json, std::size_t depth,
                                         std::int64_t interval_us, std::int64_t phase_us,
                                         std::int64_t until_us) {
    Tree tree = load(json);
    ScriptEvent e;
    e.every_us = interval_us;
    e.path = worker_path(depth);
    e.reason = "crash";
    e.line = 1;
    SimulationOptions options;
    options.phase_us = phase_us;
    options.until_us = until_us;
    CompactSink sink;
    simulate(tree, {e}, options, sink);
    std::vector<std::int64_t> out;
    for (std::size_t level = depth; level-- > 0;) {
        std::string path = "app";
        for (std::size_t i = 0; i <= level; ++i) path += "/L" + std::to_string(i);
        const std::size_t at = sink.text.find(" max_intensity " + path + " ");
        if (at == std::string::npos) {
            out.push_back(kNever);
            continue;
        }
        const std::size_t line = sink.text.rfind('\n', at);
        std::int64_t t = 0;
        parse_seconds(sink.text.substr(line == std::string::npos ? 0 : line + 1,
                                       at - (line == std::string::npos ? 0 : line + 1)),
                      t);
        out.push_back(t);
    }
    return out;
}
}  // namespace

TEST_CASE("tolerate --interval: earliest and latest give-up agree with runs at every phase") {
    struct Case {
        std::vector<std::pair<int, int>> levels;
        std::int64_t interval_us;
    };
    const Case cases[] = {{{{3, 5}}, 1900000},
                          {{{1, 5}}, 5500000},
                          {{{5, 3}}, 700000},
                          {{{10, 10}}, 1050000},
                          {{{3, 5}}, 1999000},
                          {{{2, 3}, {1, 10}}, 1700000},
                          {{{2, 3}, {2, 10}}, 1600000},
                          {{{2, 3}, {1, 10}}, 1900000},
                          {{{1, 2}, {3, 20}, {1, 40}}, 1300000},
                          {{{3, 5}}, 2000000},
                          {{{3, 5}}, 1000000}};
    for (const Case& c : cases) {
        const std::string json = chain_tree(c.levels);
        CAPTURE(json);
        CAPTURE(c.interval_us);
        appgraph::Diagnostics diagnostics;
        ToleranceReport report =
            tolerate(load(json), worker_path(c.levels.size()), diagnostics, c.interval_us);
        REQUIRE(diagnostics.ok());
        const GiveUpTimes& first = *report.levels.front().at_interval;
        const std::int64_t step = 1000000 / static_cast<std::int64_t>(first.phases);
        std::int64_t horizon = 0;
        for (std::size_t k = 0; k < c.levels.size(); ++k)
            horizon = std::max(horizon, report.levels[k].at_interval->latest_us);
        for (std::size_t k = 0; k < c.levels.size(); ++k) {
            const GiveUpTimes& g = *report.levels[k].at_interval;
            CAPTURE(report.levels[k].path);
            REQUIRE(g.undecided == 0);
            std::uint64_t gave_up = 0;
            std::int64_t earliest = kNever, latest = kNever;
            for (std::int64_t phase = 0; phase < 1000000; phase += step) {
                // Long enough for a level that does not give up by `latest` to show it would
                // not later either (the tolerate run saw the run repeat itself).
                const auto times = first_give_ups(json, c.levels.size(), c.interval_us, phase,
                                                  horizon + 60 * c.interval_us);
                if (times[k] == kNever) continue;
                ++gave_up;
                earliest = earliest == kNever ? times[k] : std::min(earliest, times[k]);
                latest = std::max(latest, times[k]);
            }
            CHECK(gave_up == g.gave_up);
            if (gave_up > 0) {
                CHECK(earliest == g.earliest_us);
                CHECK(latest == g.latest_us);
                CHECK(g.earliest_crash == static_cast<std::uint64_t>(earliest / c.interval_us) + 1);
            }
        }
        // The application ends and the node halts with the top supervisor.
        CHECK(report.levels[c.levels.size()].at_interval->latest_us ==
              report.levels[c.levels.size() - 1].at_interval->latest_us);
    }
    // Below (P+1)/I the crashing child's supervisor gives up at every phase.
    for (std::int64_t d : {1700000, 1800000, 1900000, 1950000, 1999000}) {
        appgraph::Diagnostics diagnostics;
        ToleranceReport r = tolerate(load(chain_tree({{3, 5}})), "app/L0/w", diagnostics, d);
        CHECK(r.levels[0].at_interval->gave_up == r.levels[0].at_interval->phases);
    }
}
