// Restart intensity exactly as OTP's add_restart/1 counts it: whole seconds (floor of the time
// plus --phase), an inclusive window of `period` seconds, give up at intensity + 1 restarts;
// a group restart counts once; every retry of a failed restart counts again.

#include "sim_support.hpp"

using namespace suptest;

namespace {
std::string sup(int intensity, int period, const char* strategy = "one_for_one") {
    return std::string(R"({"supervisor": {"id": "S", "strategy": ")") + strategy +
           R"(", "intensity": )" + std::to_string(intensity) + R"(, "period": )" +
           std::to_string(period) + R"(, "children": [{"id": "a"}, {"id": "b"}]}})";
}
bool gave_up(const Run& r) {
    return r.trace.find("max_intensity S") != std::string::npos;
}
}  // namespace

TEST_CASE("exactly intensity restarts within the period survive; one more gives up") {
    CHECK_FALSE(gave_up(run(sup(3, 5), "1 crash S/a\n2 crash S/a\n3 crash S/a\n")));
    Run r = run(sup(3, 5), "1 crash S/a\n2 crash S/a\n3 crash S/a\n6 crash S/a\n");
    CHECK(after(r.trace, 6) ==
          "6 exit S/a crash\n6 max_intensity S reached_max_restart_intensity\n"
          "6 terminate S/b shutdown\n6 exit S shutdown\n");
    CHECK(r.summary.supervisors.at(0).restarts == 3);
    CHECK(r.summary.supervisors.at(0).give_ups == 1);
}

TEST_CASE("the window is inclusive: a restart exactly `period` seconds older still counts") {
    CHECK(gave_up(run(sup(1, 5), "10 crash S/a\n15 crash S/a\n")));
    CHECK_FALSE(gave_up(run(sup(1, 5), "10 crash S/a\n16 crash S/a\n")));
}

TEST_CASE("Erlang defaults: 1 restart in 5 s; --elixir-defaults: 3 in 5 s") {
    const char* json = R"({"supervisor": {"id": "S", "children": [{"id": "a"}]}})";
    Tree erlang = load(json);
    CHECK(erlang.applications[0].top.supervisor->intensity == 1);
    CHECK(erlang.applications[0].top.supervisor->period == 5);
    Tree elixir = load(json, true);
    CHECK(elixir.applications[0].top.supervisor->intensity == 3);
}

TEST_CASE("intensity 0: the first restartable exit stops the supervisor") {
    Run r = run(sup(0, 5), "1 crash S/b\n");
    CHECK(after(r.trace, 1) ==
          "1 exit S/b crash\n1 max_intensity S reached_max_restart_intensity\n"
          "1 terminate S/a shutdown\n1 exit S shutdown\n");
}

TEST_CASE("whole seconds: gaps between P and P+1 depend on the phase") {
    // intensity 1, period 1: crashes 1.6 s apart. Stamps floor(t + phase).
    const std::string script = "0.5 crash S/a\n2.1 crash S/a\n";
    // phase 0: seconds 0 and 2 -> 0 < 2 - 1, survives.
    CHECK_FALSE(gave_up(run(sup(1, 1), script)));
    // phase 0.5: seconds 1 and 2 -> 1 >= 2 - 1, gives up.
    SimulationOptions half;
    half.phase_us = 500000;
    CHECK(gave_up(run(sup(1, 1), script, half)));
    // supervisor_SUITE multiple_restarts: 2.1 s gaps with period 1 always survive.
    SimulationOptions late;
    late.phase_us = 999999;
    CHECK_FALSE(gave_up(run(sup(1, 1), "0 every 2.1 crash S/a\n", late)));
}

TEST_CASE("a group restart counts once, however many children it restarts") {
    Run r = run(sup(1, 5, "one_for_all"), "1 crash S/a\n");
    CHECK(r.summary.supervisors.at(0).restarts == 1);
    CHECK_FALSE(gave_up(r));
    CHECK(gave_up(run(sup(1, 5, "one_for_all"), "1 crash S/a\n2 crash S/b\n")));
}

TEST_CASE("a supervisor that gives up is a child exiting with shutdown for its parent") {
    const char* json = R"({"supervisor": {"id": "Top", "intensity": 1, "children": [
        {"id": "Mid", "intensity": 0, "children": [{"id": "w"}]},
        {"id": "T", "restart": "transient", "intensity": 0, "children": [{"id": "v"}]}]}})";
    Run r = run(json, "1 crash Top/Mid/w\n2 crash Top/T/v\n3 crash Top/Mid/w\n");
    CHECK(after(r.trace, 1) ==
          "1 exit Top/Mid/w crash\n1 max_intensity Top/Mid reached_max_restart_intensity\n1 exit "
          "Top/Mid shutdown\n"
          "1 start Top/Mid\n1 start Top/Mid/w\n"
          // transient: shutdown is not a reason to restart it
          "2 exit Top/T/v crash\n2 max_intensity Top/T reached_max_restart_intensity\n2 exit Top/T "
          "shutdown\n"
          "3 exit Top/Mid/w crash\n3 max_intensity Top/Mid reached_max_restart_intensity\n3 exit "
          "Top/Mid shutdown\n"
          "3 max_intensity Top reached_max_restart_intensity\n3 exit Top shutdown\n");
}

TEST_CASE("every INTERVAL repeats until --until") {
    SimulationOptions options;
    options.until_us = 10 * 1000000LL;
    Run r = run(sup(100, 5), "0 every 2.5 crash S/a\n", options);
    CHECK(count(r.trace, "exit S/a crash") == 5);  // 0, 2.5, 5, 7.5, 10
    CHECK(r.summary.end_us == 10 * 1000000LL);
}
