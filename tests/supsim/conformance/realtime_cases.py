"""Cases for the real-time tier (conformance.py --realtime): supervision trees whose
workers take real time to stop, and scripts whose events land while terminations are
still going on, on processes that are gone or leaving, on supervisors busy waiting for a
child, and on supervisors killed while their children trap exits.

`cases()` are hand-written: the three situations of the spec's sections "Time is per
process, not global" and "A supervisor that is killed" as they were seen on OTP 25, and
the variations around them (kills by brutal_kill and by a shutdown timeout running out,
a queued EXIT, a supervisor asked to stop while busy, a worker that does not trap exits,
start-child of a temporary child that ended, a DynamicSupervisor's slow children). Each
carries facts written by hand (suite_cases.check_expectations), times included, so the
real run is held to the spec too.

`random_cases()` are seeded random trees and scripts built on tree_generator's
TreeBuilder with real-time rules. The timing rules that keep a real run deterministic:
- every slow worker takes a whole number of seconds to stop (1 or 2 s; at most
  SLOW_BUDGET_MS in a tree) and a shutdown timeout that cuts one short is a whole number
  of seconds too, so every consequence of an event happens at the event's fraction of a
  second plus whole seconds (plus a few ms of latency);
- scripted times are a whole second plus 0.1 to 0.5 and no two events of a script share
  their fraction unless they are further apart than everything one of them can set off:
  nothing scripted ever lands at the instant something else happens;
- the oracle puts whole monotonic seconds 0.15 s before the scenario's (supsim --phase
  0.15), so restarts count at 0.25 to 0.65 into a second, never near a boundary;
- a supervisor that can be killed (by `crash PATH killed` or its parent's brutal_kill)
  has only workers that trap exits and stop in different whole seconds: what its old
  children do after the kill happens later than, never at the same instant as, the
  parent's restart (OTP defines no order between the two); only its first child may hold
  a registered name or be made to fail to start, so that a restart failing at the kill's
  instant has started no sibling whose stop would end with its old self's; and a script
  kills only a supervisor its parent restarts at once (restarted_at_once), since a restart
  delayed by a sibling's whole-second stop could land with its old children's ends.
"""

import random
from fractions import Fraction

from scenario import Case
from suite_cases import app, case, script, sup, worker
import tree_generator

SLOW_BUDGET_MS = 3000
FRACTIONS = [Fraction(k, 10) for k in range(1, 6)]


def bare(top):
    return {"supervisor": top}


def cases():
    out = []
    # The spec's example: one_for_all S with a, b (terminate takes 2 s), c.
    s = sup("S", "one_for_all", [worker("a"), worker("b", stop_ms=2000), worker("c")],
            intensity=3, period=5)
    out.append(case(
        "rt_one_for_all_slow_terminate", bare(s),
        script("1 crash S/a", "2 crash S/c", "2.5 crash S/a", "5 crash S/b"),
        "a 2 s terminate blocks only S: the crashes at 2 and 2.5 hit dead processes, "
        "the group restarts once at 3.0, b's crash at 5 restarts it at 5", until=7,
        contains=["exit S/a crash", "terminate S/c shutdown", "ignored S/c not_running",
                  "ignored S/a not_running", "terminate S/b shutdown", "start S/a", "start S/b",
                  "start S/c", "exit S/b crash", "terminate S/c shutdown",
                  "terminate S/a shutdown", "start S/a", "start S/b", "start S/c"],
        timed=[("terminate S/b shutdown", 3.0), ("exit S/b crash", 5.0)],
        absent=["max_intensity S", "start S/a@3"], running=["S", "S/a", "S/b", "S/c"]))

    # A 5 s termination in one subtree; crashes 2 s apart in its sibling.
    r = sup("R", "one_for_one",
            [sup("A", "one_for_all", [worker("slow", stop_ms=5000, shutdown=10000),
                                      worker("x")]),
             sup("B", "one_for_one", [worker("y")], intensity=2, period=2)],
            intensity=3, period=5)
    out.append(case(
        "rt_slow_subtree_sibling_crashes", bare(r),
        script("1.1 crash R/A/x", "2.2 crash R/B/y", "4.2 crash R/B/y", "6.2 crash R/B/y"),
        "a slow termination in A does not delay B: its crashes stay 2 s apart and B "
        "survives (2 in 2 s)", until=8,
        contains=["exit R/A/x crash", "exit R/B/y crash", "start R/B/y", "exit R/B/y crash",
                  "start R/B/y", "terminate R/A/slow shutdown", "start R/A/slow", "start R/A/x",
                  "exit R/B/y crash", "start R/B/y"],
        timed=[("exit R/B/y crash", 4.2), ("start R/B/y", 4.2), ("terminate R/A/slow", 6.1)],
        absent=["max_intensity"],
        running=["R", "R/A", "R/A/slow", "R/A/x", "R/B", "R/B/y"]))

    # A killed supervisor whose registered child is still in terminate/2 when the parent
    # restarts it: already_started, the retry fails the same way, the parent gives up.
    k = sup("R", "one_for_one",
            [sup("K", "one_for_one", [worker("w", stop_ms=1000, registered_name="reg_w")])])
    out.append(case(
        "rt_killed_supervisor_registered_child", app(k),
        script("1.1 crash app/R/K killed"),
        "the old w still holds its name when R restarts K: K fails to start "
        "(already_started), the retry too, R gives up, the node halts", until=3,
        contains=["exit app/R/K killed", "start app/R/K",
                  "start_error app/R/K/w already_started",
                  "start_error app/R/K shutdown:failed_to_start_child:w:already_started",
                  "max_intensity app/R", "exit app/R shutdown", "exit app/R/K/w killed",
                  "app_exit app shutdown",
                  "node_halt app"],
        timed=[("max_intensity app/R", 1.1)], halted=True))

    k = sup("R", "one_for_one",
            [sup("K", "one_for_one", [worker("w1", stop_ms=1000), worker("w2", stop_ms=2000)])],
            intensity=3, period=5)
    out.append(case(
        "rt_killed_supervisor_winds_down", bare(k),
        script("1.1 crash R/K killed"),
        "K dies alone; R restarts it at once; the old w1 and w2 end 1 and 2 s later, "
        "beside the new ones", until=4,
        contains=["exit R/K killed", "start R/K", "start R/K/w1", "start R/K/w2",
                  "terminate R/K/w1 killed", "terminate R/K/w2 killed"],
        timed=[("start R/K/w2", 1.1), ("terminate R/K/w1 killed", 2.1),
               ("terminate R/K/w2 killed", 3.1)],
        running=["R", "R/K", "R/K/w1", "R/K/w2"]))

    k = sup("R", "one_for_one",
            [sup("K", "one_for_one",
                 [worker("w3", trap_exit=False),
                  sup("s2", "one_for_one", [worker("v", stop_ms=1000), worker("u", stop_ms=2000)])],
                 restart="temporary"),
             worker("keep")], intensity=3, period=5)
    out.append(case(
        "rt_killed_temporary_nested", bare(k),
        script("1.1 crash R/K killed"),
        "a killed temporary supervisor: w3 (not trapping exits) dies at once, s2 stops "
        "u then v with their own stop times and ends with killed", until=5,
        contains=["exit R/K killed", "terminate R/K/w3 killed", "terminate R/K/s2/u shutdown",
                  "terminate R/K/s2/v shutdown", "terminate R/K/s2 killed"],
        timed=[("terminate R/K/w3 killed", 1.1), ("terminate R/K/s2/u shutdown", 3.1),
               ("terminate R/K/s2 killed", 4.1)],
        absent=["start R/K@1"], running=["R", "R/keep"]))

    k = sup("R", "one_for_all",
            [sup("K", "one_for_one", [worker("w", stop_ms=1000)], shutdown="brutal_kill"),
             worker("x")], intensity=3, period=5)
    out.append(case(
        "rt_brutal_kill_supervisor", bare(k),
        script("1.1 crash R/x"),
        "R kills K (brutal_kill) and restarts the group at once; the old w ends 1 s later",
        until=3,
        contains=["exit R/x crash", "terminate R/K killed", "start R/K", "start R/K/w",
                  "start R/x", "terminate R/K/w killed"],
        timed=[("start R/x", 1.1), ("terminate R/K/w killed", 2.1)],
        running=["R", "R/K", "R/K/w", "R/x"]))

    k = sup("R", "one_for_all",
            [sup("K", "one_for_one", [worker("w", stop_ms=3000, shutdown="infinity")],
                 shutdown=1000),
             worker("x")], intensity=3, period=5)
    out.append(case(
        "rt_supervisor_shutdown_timeout", bare(k),
        script("1.1 crash R/x"),
        "K's 1 s shutdown runs out while w takes 3 s: K is killed at 2.1, the group "
        "restarts then, the old w ends at 4.1", until=5,
        contains=["exit R/x crash", "terminate R/K killed", "start R/K", "start R/K/w",
                  "start R/x", "terminate R/K/w shutdown"],
        timed=[("terminate R/K killed", 2.1), ("start R/x", 2.1),
               ("terminate R/K/w shutdown", 4.1)],
        running=["R", "R/K", "R/K/w", "R/x"]))

    s = sup("S", "one_for_one", [worker("t", restart="temporary"), worker("p")],
            intensity=3, period=5)
    s["start_child_specs"] = [worker("u", restart="temporary")]
    out.append(case(
        "rt_start_child_forgotten_temporary", bare(s),
        script("1.1 crash S/t", "2.2 start-child S t", "3.3 start-child S u", "4.4 crash S/u",
               "5.5 start-child S u"),
        "a temporary child that ended is forgotten: restarting it answers not_found; one "
        "added by start_child/2 can be added again", until=6,
        contains=["exit S/t crash", "ignored S/t not_found", "start S/u", "exit S/u crash",
                  "start S/u"],
        absent=["start S/t@1"], running=["S", "S/p", "S/u"]))

    s = sup("S", "one_for_all", [worker("a"), worker("b"), worker("c", stop_ms=2000)],
            intensity=3, period=5)
    out.append(case(
        "rt_crash_while_waiting_termination", bare(s),
        script("1.1 crash S/a", "2.2 crash S/b"),
        "b crashes while S waits for c: S finds b dead when it reaches it, one group "
        "restart at 3.1", until=4,
        contains=["exit S/a crash", "exit S/b crash", "terminate S/c shutdown", "start S/a",
                  "start S/b", "start S/c"],
        timed=[("exit S/b crash", 2.2), ("terminate S/c shutdown", 3.1), ("start S/c", 3.1)],
        absent=["terminate S/b", "start S/a@2"], running=["S", "S/a", "S/b", "S/c"]))

    s = sup("S", "rest_for_one", [worker("a"), worker("b"), worker("c", stop_ms=2000)],
            intensity=3, period=5)
    out.append(case(
        "rt_queued_exit_rest_for_one", bare(s),
        script("1.1 crash S/b", "2.2 crash S/a"),
        "a's EXIT waits in S's mailbox until b's restart is done (3.1); then a's restart "
        "stops the new c (2 s) and b, and starts all at 5.1", until=7,
        contains=["exit S/b crash", "exit S/a crash", "terminate S/c shutdown", "start S/b",
                  "start S/c", "terminate S/c shutdown", "terminate S/b shutdown", "start S/a",
                  "start S/b", "start S/c"],
        timed=[("exit S/a crash", 2.2), ("start S/a", 5.1)],
        running=["S", "S/a", "S/b", "S/c"]))

    s = sup("S", "one_for_all", [worker("a"), worker("b", trap_exit=False, stop_ms=2000),
                                 worker("c")], intensity=3, period=5)
    out.append(case(
        "rt_worker_not_trapping_exits", bare(s),
        script("1.1 crash S/a", "2.2 crash S/b"),
        "b does not trap exits: the shutdown signal ends it at once, its stop time never "
        "runs", until=3,
        contains=["exit S/a crash", "terminate S/c shutdown", "terminate S/b shutdown",
                  "start S/a", "exit S/b crash"],
        timed=[("terminate S/b shutdown", 1.1), ("start S/c", 1.1)],
        running=["S", "S/a", "S/b", "S/c"]))

    r = sup("R", "one_for_one",
            [sup("S", "one_for_all", [worker("a"), worker("b", stop_ms=2000)])],
            intensity=3, period=5)
    out.append(case(
        "rt_kill_busy_supervisor", bare(r),
        script("1.1 crash R/S/a", "2.2 crash R/S killed"),
        "S is killed while it waits for b: it dies at once, R restarts it; the old b "
        "finishes its terminate at 3.1", until=4,
        contains=["exit R/S/a crash", "exit R/S killed", "start R/S", "start R/S/a",
                  "start R/S/b", "terminate R/S/b shutdown"],
        timed=[("exit R/S killed", 2.2), ("terminate R/S/b shutdown", 3.1)],
        running=["R", "R/S", "R/S/a", "R/S/b"]))

    r = sup("R", "one_for_one",
            [sup("S", "one_for_all", [worker("a"), worker("b", stop_ms=2000)])],
            intensity=3, period=5)
    out.append(case(
        "rt_stop_busy_supervisor", bare(r),
        script("1.1 crash R/S/a", "2.2 crash R/S boom"),
        "S is asked to stop while it waits for b: it finishes the group restart (3.1) "
        "first, then stops the new b (2 s) and exits boom at 5.1", until=6,
        contains=["exit R/S/a crash", "terminate R/S/b shutdown", "start R/S/a",
                  "start R/S/b", "terminate R/S/b shutdown", "terminate R/S/a shutdown",
                  "exit R/S boom", "start R/S"],
        timed=[("start R/S/b", 3.1), ("exit R/S boom", 5.1)],
        running=["R", "R/S", "R/S/a", "R/S/b"]))

    s = sup("S", "one_for_one", [worker("a", stop_ms=2000), worker("b")], intensity=3, period=5)
    out.append(case(
        "rt_exit_during_terminate_child", bare(s),
        script("1.1 terminate-child S a", "2.2 crash S/b"),
        "terminate_child of a slow child blocks S: b's EXIT is handled, and b restarted, "
        "when a has stopped", until=4,
        contains=["exit S/b crash", "terminate S/a shutdown", "start S/b"],
        timed=[("exit S/b crash", 2.2), ("terminate S/a shutdown", 3.1), ("start S/b", 3.1)],
        running=["S", "S/b"]))

    pool = dict(id="D", type="supervisor", dynamic=True,
                template=worker("conn", restart="temporary", stop_ms=1000),
                start_child_specs=[worker("slow2", restart="temporary", stop_ms=2000)])
    r = sup("R", "one_for_all", [pool, worker("x")], intensity=3, period=5)
    out.append(case(
        "rt_dynamic_supervisor_slow_children", app(r, name="pool"),
        script("0.1 start-child pool/R/D c1", "0.2 start-child pool/R/D c2 slow2",
               "1.3 crash pool/R/x", "1.5 crash pool/R/D/c1", "2.4 crash pool/R/x"),
        "an Elixir DynamicSupervisor stops its children all at once (c1 1 s, c2 2 s); a "
        "crash aimed at c1 in its terminate and one at the dead x change nothing", until=5,
        contains=["exit pool/R/x crash", "ignored pool/R/D/c1 not_running",
                  "terminate pool/R/D/c1 shutdown", "ignored pool/R/x not_running",
                  "terminate pool/R/D/c2 shutdown", "terminate pool/R/D shutdown",
                  "start pool/R/D", "start pool/R/x"],
        timed=[("terminate pool/R/D/c1 shutdown", 2.3), ("start pool/R/x", 3.3)],
        running=["pool/R", "pool/R/D", "pool/R/x"], halted=False))
    s = sup("S", "one_for_all", [worker("a", stop_ms=2000), worker("b", stop_ms=1000)],
            intensity=3, period=5)
    out.append(case(
        "rt_terminate_child_restarted_meanwhile", bare(s),
        script("1.1 crash S/b", "2.2 terminate-child S b"),
        "the call, made while b is dead, waits for the group restart and then stops the "
        "new b; the script reports it not_running", until=5,
        contains=["exit S/b crash", "terminate S/a shutdown", "start S/a", "start S/b",
                  "terminate S/b shutdown", "ignored S/b not_running"],
        timed=[("start S/b", 3.1), ("terminate S/b shutdown", 4.1)],
        running=["S", "S/a"]))
    out.extend(stop_cases())
    return out


def two_apps(base_top, ui_top, ui_type="permanent"):
    return {"applications": [
        {"name": "base", "start_type": "permanent", "supervisor": base_top},
        {"name": "ui", "start_type": ui_type, "supervisor": ui_top}]}


def stop_cases():
    """Graceful stops in the script: application:stop (stop-app) and init:stop
    (stop-node), with the stop order, the shutdown times and what the application
    master and controller do around them."""
    out = []
    s = sup("S", "one_for_one", [worker("a", stop_ms=1000), worker("b", stop_ms=2000)])
    out.append(case(
        "rt_stop_app_slow_children", two_apps(sup("B", "one_for_one", [worker("db")]), s),
        script("1.1 stop-app ui", "1.3 crash ui/S/a", "2.4 crash base/B/db",
               "4.2 stop-app ui"),
        "the top supervisor stops b (2 s) then a; a crashes meanwhile and is not "
        "restarted (S is stopping); the other application runs on; the application is "
        "reported stopped and the node does not halt, although it is permanent; a second "
        "stop finds it not started", until=5,
        contains=["exit ui/S/a crash", "exit base/B/db crash", "start base/B/db",
                  "terminate ui/S/b shutdown", "terminate ui/S shutdown",
                  "app_exit ui stopped", "ignored ui not_started"],
        timed=[("terminate ui/S/b shutdown", 3.1), ("app_exit ui stopped", 3.1)],
        absent=["start ui/S/a@1", "node_halt"], halted=False, running=["base/B", "base/B/db"]))

    k = sup("R", "one_for_one",
            [sup("K", "one_for_one", [worker("w", stop_ms=2000)], shutdown="brutal_kill")],
            intensity=3, period=5)
    out.append(case(
        "rt_stop_app_kills_what_is_left", app(k),
        script("1.1 crash app/R/K killed", "1.3 stop-app app"),
        "R kills the new K (brutal_kill); the old and the new w still wind down when R "
        "has stopped: the application master kills both, then the application is stopped",
        until=4,
        contains=["exit app/R/K killed", "start app/R/K/w", "terminate app/R/K killed",
                  "terminate app/R shutdown", "exit app/R/K/w killed", "exit app/R/K/w killed",
                  "app_exit app stopped"],
        timed=[("app_exit app stopped", 1.3)],
        absent=["terminate app/R/K/w", "node_halt"], halted=False, running=[]))

    base = sup("B", "one_for_one", [worker("db")], intensity=0)
    ui = sup("U", "one_for_one", [worker("slow", stop_ms=2000)])
    out.append(case(
        "rt_stop_app_controller_busy", two_apps(base, ui),
        script("1.1 stop-app ui", "1.3 crash base/B/db"),
        "base gives up while the controller is stopping ui: its exit waits until ui is "
        "stopped, then the node halts", until=4,
        contains=["exit base/B/db crash", "max_intensity base/B", "exit base/B shutdown",
                  "terminate ui/U/slow shutdown", "terminate ui/U shutdown",
                  "app_exit ui stopped", "app_exit base shutdown",
                  "node_halt base application_terminated:base:shutdown"],
        timed=[("exit base/B shutdown", 1.3), ("app_exit base shutdown", 3.1)],
        halted=True))

    base = sup("B", "one_for_one", [worker("db", stop_ms=1000)])
    ui = sup("U", "rest_for_one", [worker("x", stop_ms=1000), worker("y", stop_ms=2000)])
    out.append(case(
        "rt_stop_node", two_apps(base, ui, ui_type="temporary"),
        script("1.1 stop-node"),
        "init:stop stops the applications last started first (ui: y 2 s, then x 1 s; "
        "base: db 1 s), reports none of them as exited, and the node stops", until=6,
        contains=["terminate ui/U/y shutdown", "terminate ui/U/x shutdown",
                  "terminate ui/U shutdown", "terminate base/B/db shutdown",
                  "terminate base/B shutdown", "node_halt"],
        timed=[("terminate ui/U/y shutdown", 3.1), ("terminate ui/U shutdown", 4.1),
               ("node_halt", 5.1)],
        absent=["app_exit"], halted=True))

    s = sup("S", "one_for_all", [worker("a", stop_ms=2000), worker("b")], intensity=3, period=5)
    o = sup("O", "one_for_one", [worker("x")], intensity=0)
    out.append(case(
        "rt_halt_waits_for_restart", {"applications": [
            {"name": "app", "start_type": "permanent", "supervisor": s},
            {"name": "other", "start_type": "permanent", "supervisor": o}]},
        script("1.1 crash app/S/b", "1.6 crash other/O/x"),
        "other gives up while S restarts its group (a takes 2 s): the halt's stop waits in "
        "S's mailbox until the restart is done, then S stops a and b", until=6,
        contains=["exit app/S/b crash", "max_intensity other/O", "app_exit other shutdown",
                  "terminate app/S/a shutdown", "start app/S/a", "start app/S/b",
                  "terminate app/S/b shutdown", "terminate app/S/a shutdown",
                  "terminate app/S shutdown", "node_halt other"],
        timed=[("start app/S/b", 3.1), ("node_halt other", 5.1)], halted=True))
    return out


class RealtimeTreeBuilder(tree_generator.TreeBuilder):
    """TreeBuilder with workers that stop in whole seconds (or at once), some that do
    not trap exits, some with registered names, and supervisors marked killable whose
    children make a kill deterministic (see the module docstring)."""

    def __init__(self, rng, dynamic=False):
        super().__init__(rng, dynamic)
        self.slow_budget = SLOW_BUDGET_MS
        self.killable = set()    # ids of supervisors scripts may kill
        self.names = 0

    def slow_stop(self, choices):
        affordable = [ms for ms in choices if ms <= self.slow_budget]
        if not affordable:
            return None
        ms = self.rng.choice(affordable)
        self.slow_budget -= ms
        return ms

    def worker(self, parent_auto_shutdown):
        rng = self.rng
        node = {"id": self.fresh_id("w"), "type": "worker"}
        self.common(node, parent_auto_shutdown)
        if rng.random() < 0.15:
            node["trap_exit"] = False   # ended at once by any exit signal; no terminate/2
        elif rng.random() < 0.35:
            stop = self.slow_stop([1000, 2000])
            if stop is not None:
                node["stop_ms"] = stop
        stop = node.get("stop_ms", 0)
        # A timeout never equals the stop time; one that cuts it short is whole seconds.
        shutdown = rng.choice([None, None, "brutal_kill", "infinity", 1000, 3000])
        if shutdown == 1000 and stop == 1000:
            shutdown = 3000
        if shutdown is not None:
            node["shutdown"] = shutdown
        if rng.random() < 0.12:
            self.names += 1
            node["registered_name"] = "name%d" % self.names
        return node

    def killable_supervisor(self, parent_auto_shutdown):
        """A supervisor scripts may kill: workers that trap exits, each stopping in a
        different whole second, so the old ones end after the kill, one at a time."""
        stops = [ms for ms in (1000, 2000) if ms <= self.slow_budget]
        if not stops:
            return None
        rng = self.rng
        node = {"id": self.fresh_id("k"), "type": "supervisor"}
        self.common(node, parent_auto_shutdown)
        node["strategy"] = rng.choice(["one_for_one", "one_for_all", "rest_for_one"])
        for key, choices in (("intensity", [None, 1, 3]), ("period", [None, 1, 5])):
            value = rng.choice(choices)
            if value is not None:
                node[key] = value
        self.periods.add(node.get("period", 5))
        if rng.random() < 0.4:
            node["shutdown"] = "brutal_kill"
        count = rng.randint(1, len(stops))
        children = []
        for ms in rng.sample(stops, count):
            self.slow_budget -= ms
            child = {"id": self.fresh_id("w"), "type": "worker", "stop_ms": ms}
            if rng.random() < 0.3:
                child["restart"] = rng.choice(["transient", "temporary"])
            # Only the first child may fail to start (name still held): a sibling started
            # before it would be stopped at the kill's instant and end when its old self does.
            if not children and rng.random() < 0.3:
                self.names += 1
                child["registered_name"] = "name%d" % self.names
            children.append(child)
        node["children"] = children
        self.killable.add(node["id"])
        return node

    def child_supervisor(self, depth, parent_auto_shutdown):
        if self.rng.random() < 0.4:
            node = self.killable_supervisor(parent_auto_shutdown)
            if node is not None:
                return node
        node = {"id": self.fresh_id("s"), "type": "supervisor"}
        self.common(node, parent_auto_shutdown)
        if self.rng.random() < 0.3:
            node["shutdown"] = "infinity"
        return self.supervisor_fields(node, depth)


def stops_slowly(node):
    """Whether stopping this process (and its subtree) can take time."""
    if node.get("stop_ms", 0) > 0:
        return True
    kids = node.get("children", []) + node.get("start_child_specs", [])
    if node.get("template"):
        kids = kids + [node["template"]]
    return any(stops_slowly(k) for k in kids)


def restarted_at_once(node, parent):
    """Whether the parent restarts `node` at the instant it is killed: it stops no
    sibling that takes time first. Otherwise the restart comes whole seconds later, when
    the killed supervisor's old children (stopping in whole seconds too) may end at the
    same instant, a race OTP does not order."""
    if parent is None:
        return False
    strategy = parent.get("strategy", "one_for_one")
    siblings = parent.get("children", [])
    if strategy == "rest_for_one":
        at = next(i for i, c in enumerate(siblings) if c is node)
        siblings = siblings[at + 1:]
    elif strategy != "one_for_all":
        return True
    return not any(stops_slowly(c) for c in siblings if c is not node)


def random_script(rng, tree, builder, stops=None):
    processes = tree_generator.walk(tree)
    supervisors = [(p, n) for p, n, _ in processes if "strategy" in n or n.get("dynamic")]
    workers = [p for p, n, _ in processes if not ("strategy" in n or n.get("dynamic"))]
    parents = {p: parent for p, _, parent in processes}
    killable = [p for p, n in supervisors
                if n["id"] in builder.killable and restarted_at_once(n, parents[p])]
    later_killable = {p + "/" + c["id"] for p, n in supervisors if n["id"] in builder.killable
                      for c in n["children"][1:]}
    horizon = Fraction(2 * (SLOW_BUDGET_MS - builder.slow_budget) + 2000, 1000)
    lines, taken, dynamic = [], [], []

    def place(seconds, source=rng):
        """A time whose fraction no other event within `horizon` has."""
        for _ in range(40):
            t = source.choice(seconds) + source.choice(FRACTIONS)
            if all(t - u != 0 and ((t - u) % 1 != 0 or abs(t - u) > horizon) for u in taken):
                taken.append(t)
                return t
        return None

    for path, node in supervisors:
        if node.get("strategy") == "simple_one_for_one" or node.get("dynamic"):
            for _ in range(rng.randint(1, 2)):
                t = place([0])
                if t is not None:
                    child = "d%d" % (len(dynamic) + 1)
                    dynamic.append((path, child))
                    text = "start-child %s %s" % (path, child)
                    specs = [c["id"] for c in node.get("start_child_specs", [])]
                    if node.get("dynamic") and specs and ("template" not in node or rng.random() < 0.5):
                        text += " " + rng.choice(specs)
                    lines.append((t, text))
    dynamic_paths = ["%s/%s" % d for d in dynamic]
    targets = workers * 3 + dynamic_paths * 2 or [p for p, _ in supervisors]
    for _ in range(rng.randint(3, 6)):
        t = place(list(range(0, 5)))
        if t is None:
            continue
        kind = rng.choices(["crash", "exit", "kill", "crash-sup", "fail-start", "ignore-start",
                            "terminate-child", "start-child"], [35, 15, 15, 5, 10, 3, 9, 8])[0]
        if kind == "kill" and not killable or kind == "ignore-start" and not workers:
            kind = "crash"
        if kind in ("crash", "exit"):
            target = rng.choice(targets)
            if kind == "crash":
                text = "crash " + target + rng.choice(["", "", " boom"])
            else:
                text = "exit %s %s" % (target, rng.choice(["normal", "shutdown", "shutdown:bye",
                                                           "boom", "killed"]))
        elif kind == "kill":
            text = "crash %s killed" % rng.choice(killable)
        elif kind == "crash-sup":
            text = "crash %s %s" % (rng.choice(supervisors)[0], rng.choice(["boom", "shutdown"]))
        elif kind == "fail-start":
            text = "fail-start %s %d" % (rng.choice([p for p in targets if p not in later_killable]
                                                    + [p for p, _ in supervisors]),
                                         rng.randint(1, 2))
        elif kind == "ignore-start":
            # simple_one_for_one children whose restart returns ignore differ between
            # OTP 25 and later releases (see tree_generator): static workers only.
            text = "ignore-start " + rng.choice(workers)
        else:
            path, node = rng.choice(supervisors)
            if node.get("strategy") == "simple_one_for_one" or node.get("dynamic"):
                mine = [c for s, c in dynamic if s == path]
                if kind == "start-child" or not mine:
                    child = "d%d" % (len(dynamic) + 1)
                    dynamic.append((path, child))
                    text = "start-child %s %s" % (path, child)
                    template = node.get("template") or (node.get("children") or [None])[0]
                    if template is None:
                        text += " " + node["start_child_specs"][0]["id"]
                else:
                    text = "terminate-child %s %s" % (path, rng.choice(mine))
            else:
                ids = [c["id"] for c in node.get("children", []) + node.get("start_child_specs", [])]
                text = "%s %s %s" % (kind, path, rng.choice(ids))
        lines.append((t, text))
    if stops is not None and stops.random() < 0.3:
        # Its own random source (see tree_generator.random_script).
        line = tree_generator.stop_line(stops, tree)
        t = place(list(range(0, 5)), stops) if line else None
        if t is not None:
            lines.append((t, line))
    lines.sort(key=lambda item: item[0])
    until = max(t for t, _ in lines) + horizon
    text = "".join("%s %s\n" % (tree_generator.fmt(t), line) for t, line in lines)
    return text, until


def unregister_templates(node):
    """Children started from one template would all take the same name; a registered
    name is kept for static children only."""
    dynamic = node.get("strategy") == "simple_one_for_one" or node.get("dynamic")
    for key in ("children", "start_child_specs", "template"):
        value = node.get(key)
        for child in (value if isinstance(value, list) else [value] if value else []):
            if dynamic or key == "template":
                child.pop("registered_name", None)
            unregister_templates(child)


def random_cases(seed, count, dynamic=True):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        builder = RealtimeTreeBuilder(rng, dynamic)
        tree = tree_generator.random_tree(rng, builder)
        for top in [a["supervisor"] for a in tree.get("applications", [])] or [tree["supervisor"]]:
            unregister_templates(top)
        stops = random.Random("%d/%d/stops" % (seed, i))
        events, until = random_script(rng, tree, builder, stops)
        out.append(Case("rt_random_%04d" % i, tree, events, until,
                        "real time, seed %d, case %d" % (seed, i)))
    return out
