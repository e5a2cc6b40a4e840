"""Hand-written cases: the scenarios OTP's own supervisor_SUITE pins, as supsim trees and
scripts, plus the restart-type x reason table, shutdown kinds and start types.

Besides the comparison with supsim, each case may carry `expect`: facts written by hand
from the spec's tables (events that must appear in this order, events that must not,
events at a given time, whether the node halts, what runs at the end). They are checked against the real OTP
run, so the oracle itself is held to the documented behaviour.
"""

from fractions import Fraction

from scenario import Case

TIMED_TOLERANCE_S = 0.09   # for the `timed` facts: a real run adds a little latency


def worker(id, **kw):
    return dict(id=id, type="worker", **kw)


def sup(id, strategy, children, **kw):
    return dict(id=id, type="supervisor", strategy=strategy, children=children, **kw)


def app(top, start_type="permanent", name="app"):
    return {"applications": [{"name": name, "start_type": start_type, "supervisor": top}]}


def script(*lines):
    return "".join(line + "\n" for line in lines)


def case(name, tree, events, note, until=None, **expect):
    return Case(name, tree, events, Fraction(until) if until is not None else None,
                note, expect)


def strategy_until_intensity(strategy):
    """supervisor_SUITE one_for_one / one_for_all / rest_for_one: crash until the
    intensity (2 in 3600 s, as in the suite) is exceeded."""
    top = sup("sup", strategy, [worker("a"), worker("b"), worker("c")],
              intensity=2, period=3600)
    return case("suite_%s" % strategy, app(top),
                script("0.1 crash app/sup/b", "0.2 crash app/sup/b", "0.3 crash app/sup/b"),
                "supervisor_SUITE:%s" % strategy,
                contains=["exit app/sup/b crash", "max_intensity app/sup",
                          "exit app/sup shutdown", "app_exit app shutdown", "node_halt app"],
                halted=True)


def escalation(strategy):
    """supervisor_SUITE *_escalation: a child that cannot be restarted makes the
    supervisor give up (intensity 4 in 3600 s)."""
    top = sup("sup", strategy, [worker("child1"), worker("child2")], intensity=4, period=3600)
    # one_for_one stops child2 when it gives up; the group strategies already stopped it
    # before the first restart attempt.
    group = ["terminate app/sup/child2 shutdown", "start_error app/sup/child1 crash",
             "max_intensity app/sup", "exit app/sup shutdown"]
    escalation_order = {
        "one_for_one": ["start_error app/sup/child1 crash", "max_intensity app/sup",
                        "terminate app/sup/child2 shutdown", "exit app/sup shutdown"],
        "one_for_all": group, "rest_for_one": group}
    return case("suite_%s_escalation" % strategy, app(top),
                script("0.1 fail-start app/sup/child1 100", "0.2 crash app/sup/child1 abnormal"),
                "supervisor_SUITE:%s_escalation" % strategy,
                contains=escalation_order[strategy], halted=True)


def other_child_fails_restart(strategy):
    """supervisor_SUITE *_other_child_fails_restart: a sibling fails once during the
    group restart; the retry restarts the group and everybody runs again."""
    top = sup("sup", strategy, [worker("child1"), worker("child2")], intensity=3, period=3600)
    return case("suite_%s_other_child_fails_restart" % strategy, app(top),
                script("0.1 fail-start app/sup/child2 1", "0.2 crash app/sup/child1 abnormal"),
                "supervisor_SUITE:%s_other_child_fails_restart" % strategy,
                contains=["exit app/sup/child1 abnormal", "start_error app/sup/child2 crash",
                          "start app/sup/child2"],
                absent=["max_intensity app/sup"],
                running=["app/sup", "app/sup/child1", "app/sup/child2"], halted=False)


def reason_table():
    """The {permanent, transient, temporary} x {normal, shutdown, {shutdown,_}, abnormal}
    table: restarted or not, spec kept or not (a later one_for_all group restart starts
    a kept transient again, never a removed temporary)."""
    out = []
    restarted = {"permanent": {"normal", "shutdown", "shutdown:bye", "boom"},
                 "transient": {"boom"}, "temporary": set()}
    for restart in ("permanent", "transient", "temporary"):
        for reason in ("normal", "shutdown", "shutdown:bye", "boom"):
            top = sup("sup", "one_for_all", [worker("x", restart=restart), worker("other")],
                      intensity=5, period=3600)
            label = reason.replace(":", "_")
            expect = dict(halted=False)
            if reason in restarted[restart]:
                expect["contains"] = ["exit app/sup/x " + reason, "terminate app/sup/other shutdown",
                                      "start app/sup/x"]
            elif restart == "transient":   # kept: the group restart starts it again
                expect["contains"] = ["exit app/sup/x " + reason, "exit app/sup/other crash",
                                      "start app/sup/x", "start app/sup/other"]
            else:                          # removed: never started again
                expect["contains"] = ["exit app/sup/x " + reason, "exit app/sup/other crash",
                                      "start app/sup/other"]
                expect["absent"] = ["start app/sup/x@1"]
            out.append(case("table_%s_%s" % (restart, label), app(top),
                            script("0.1 exit app/sup/x " + reason, "1.1 crash app/sup/other"),
                            "restart type x reason table", **expect))
    return out


def cases():
    out = []
    for strategy in ("one_for_one", "one_for_all", "rest_for_one"):
        out.append(strategy_until_intensity(strategy))
        out.append(escalation(strategy))
    for strategy in ("one_for_all", "rest_for_one"):
        out.append(other_child_fails_restart(strategy))

    s141 = sup("pool", "simple_one_for_one", [worker("conn", restart="permanent")],
               intensity=2, period=3600)
    out.append(case("suite_simple_one_for_one", app(s141),
                    script("0.1 start-child app/pool c1", "0.1 start-child app/pool c2",
                           "0.2 crash app/pool/c1", "0.3 crash app/pool/c1", "0.4 crash app/pool/c2"),
                    "supervisor_SUITE:simple_one_for_one",
                    contains=["start app/pool/c1", "start app/pool/c2", "max_intensity app/pool",
                              "terminate app/pool/c1 shutdown", "exit app/pool shutdown"],
                    halted=True))
    out.append(case("suite_simple_one_for_one_escalation",
                    app(sup("pool", "simple_one_for_one", [worker("conn")], intensity=4, period=3600)),
                    script("0.1 start-child app/pool c1", "0.1 start-child app/pool c2",
                           "0.2 fail-start app/pool/c1 100", "0.3 crash app/pool/c1"),
                    "supervisor_SUITE:simple_one_for_one_escalation",
                    contains=["start_error app/pool/c1 crash", "max_intensity app/pool",
                              "terminate app/pool/c2 shutdown"], halted=True))

    bystander = sup("sup", "one_for_all",
                    [worker("perm"), worker("temp", restart="temporary"), worker("last")],
                    intensity=3, period=3600)
    out.append(case("suite_temporary_bystander", app(bystander),
                    script("0.1 crash app/sup/perm", "1.1 crash app/sup/perm"),
                    "supervisor_SUITE:temporary_bystander",
                    contains=["terminate app/sup/last shutdown", "terminate app/sup/temp shutdown",
                              "start app/sup/perm", "start app/sup/last"],
                    absent=["start app/sup/temp@1"],
                    running=["app/sup", "app/sup/last", "app/sup/perm"], halted=False))

    multiple = sup("sup", "one_for_one", [worker("child")], intensity=1, period=1)
    out.append(case("suite_multiple_restarts", app(multiple),
                    script("0.1 crash app/sup/child", "2.2 crash app/sup/child",
                           "4.3 crash app/sup/child", "6.4 crash app/sup/child"),
                    "supervisor_SUITE:multiple_restarts (2.1 s gaps survive)",
                    absent=["max_intensity app/sup"], running=["app/sup", "app/sup/child"],
                    halted=False))
    out.append(case("intensity_1_period_1_too_fast", app(dict(multiple)),
                    script("0.1 crash app/sup/child", "0.9 crash app/sup/child"),
                    "two restarts inside one period give up",
                    contains=["max_intensity app/sup"], halted=True))
    out.append(case("intensity_0", app(sup("sup", "one_for_one", [worker("w")], intensity=0)),
                    script("0.2 crash app/sup/w"), "intensity 0: the first restart gives up",
                    contains=["exit app/sup/w crash", "max_intensity app/sup"], halted=True))
    out.append(case("erlang_defaults_give_up", app(sup("sup", "one_for_one", [worker("w")])),
                    script("0.1 crash app/sup/w", "4.2 crash app/sup/w"),
                    "defaults: 1 restart in 5 s", contains=["max_intensity app/sup"], halted=True))
    out.append(case("erlang_defaults_survive", app(sup("sup", "one_for_one", [worker("w")])),
                    script("0.1 crash app/sup/w", "6.2 crash app/sup/w"),
                    "defaults: gaps of P+1 s survive", absent=["max_intensity app/sup"],
                    halted=False))

    order = sup("sup", "one_for_all", [worker("w1"), worker("w2"), worker("w3"), worker("w4")],
                intensity=5, period=3600, start_child_specs=[worker("late")])
    out.append(case("suite_order_of_children", app(order),
                    script("0.1 start-child app/sup late", "0.2 crash app/sup/w2"),
                    "supervisor_SUITE:order_of_children (start_child'ed stop first)",
                    contains=["start app/sup/late", "exit app/sup/w2 crash",
                              "terminate app/sup/late shutdown", "terminate app/sup/w4 shutdown",
                              "terminate app/sup/w3 shutdown", "terminate app/sup/w1 shutdown",
                              "start app/sup/w1", "start app/sup/w2", "start app/sup/w3",
                              "start app/sup/w4", "start app/sup/late"], halted=False))
    rest = sup("sup", "rest_for_one", [worker("w1"), worker("w2"), worker("w3"), worker("w4")],
               intensity=5, period=3600)
    out.append(case("rest_for_one_order", app(rest), script("0.1 crash app/sup/w2"),
                    "rest_for_one restarts the crashed child and those after it",
                    contains=["exit app/sup/w2 crash", "terminate app/sup/w4 shutdown",
                              "terminate app/sup/w3 shutdown", "start app/sup/w2",
                              "start app/sup/w3", "start app/sup/w4"],
                    absent=["terminate app/sup/w1"], halted=False))

    tree = sup("top", "one_for_one",
               [sup("workers", "one_for_all", [worker("w1"), worker("w2")], intensity=1, period=3600),
                sup("pool", "simple_one_for_one", [worker("conn", restart="temporary")]),
                worker("solo")],
               intensity=3, period=3600)
    out.append(case("suite_tree", app(tree, name="kv"),
                    script("0.1 start-child kv/top/pool d1", "0.1 start-child kv/top/pool d2",
                           "0.2 crash kv/top/workers/w1", "0.3 crash kv/top/workers/w2",
                           "0.4 crash kv/top/pool", "1.2 crash kv/top/pool/d1"),
                    "supervisor_SUITE:tree (nested; dynamic children lost with their supervisor)",
                    contains=["max_intensity kv/top/workers", "exit kv/top/workers shutdown",
                              "start kv/top/workers", "exit kv/top/pool crash", "start kv/top/pool",
                              "ignored kv/top/pool/d1 not_running"],
                    running=["kv/top", "kv/top/pool", "kv/top/solo", "kv/top/workers",
                             "kv/top/workers/w1", "kv/top/workers/w2"], halted=False))

    out += reason_table()
    out += significant_cases()
    out += shutdown_cases()
    out += start_cases()
    out += application_cases()
    return out


def significant_cases():
    out = []
    any_sig = sup("sup", "one_for_one",
                  [worker("main", restart="transient", significant=True), worker("helper")],
                  auto_shutdown="any_significant", intensity=3, period=3600)
    out.append(case("significant_any_transient_normal", app(any_sig),
                    script("0.1 exit app/sup/main normal"),
                    "supervisor_SUITE:significant_upon_normal_termination",
                    contains=["exit app/sup/main normal", "auto_shutdown app/sup",
                              "terminate app/sup/helper shutdown", "exit app/sup shutdown"],
                    halted=True))
    out.append(case("significant_any_transient_abnormal", app(dict(any_sig)),
                    script("0.1 crash app/sup/main"),
                    "significant transient crashing is restarted, no auto_shutdown",
                    contains=["exit app/sup/main crash", "start app/sup/main"],
                    absent=["auto_shutdown app/sup"], halted=False))
    all_sig = sup("sup", "one_for_one",
                  [worker("s1", restart="temporary", significant=True),
                   worker("s2", restart="temporary", significant=True), worker("helper")],
                  auto_shutdown="all_significant", intensity=3, period=3600)
    out.append(case("significant_all", app(all_sig, start_type="transient"),
                    script("0.1 crash app/sup/s1", "0.3 exit app/sup/s2 normal"),
                    "supervisor_SUITE:significant_all (last significant child ends)",
                    contains=["exit app/sup/s1 crash", "exit app/sup/s2 normal",
                              "auto_shutdown app/sup", "exit app/sup shutdown",
                              "app_exit app shutdown", "node_halt app"], halted=True))
    out.append(case("significant_terminate_child", app(dict(all_sig), start_type="temporary"),
                    script("0.1 terminate-child app/sup s1", "0.2 terminate-child app/sup s2"),
                    "terminate_child of significant children never auto-shuts down",
                    absent=["auto_shutdown app/sup"], halted=False))
    group = sup("sup", "one_for_all",
                [worker("sig", restart="temporary", significant=True), worker("perm")],
                auto_shutdown="any_significant", intensity=3, period=3600)
    out.append(case("significant_group_bystander", app(group),
                    script("0.1 crash app/sup/perm"),
                    "a significant child stopped by a group restart is no auto_shutdown",
                    contains=["terminate app/sup/sig shutdown", "start app/sup/perm"],
                    absent=["auto_shutdown app/sup"], halted=False))
    nested = sup("top", "one_for_one",
                 [sup("inner", "one_for_one", [worker("job", restart="transient", significant=True)],
                      auto_shutdown="any_significant", restart="transient", significant=True),
                  worker("keep")],
                 auto_shutdown="any_significant", intensity=3, period=3600)
    out.append(case("significant_cascade", app(nested, start_type="temporary"),
                    script("0.1 exit app/top/inner/job normal"),
                    "auto_shutdown cascading up two levels",
                    contains=["auto_shutdown app/top/inner", "exit app/top/inner shutdown",
                              "auto_shutdown app/top", "terminate app/top/keep shutdown",
                              "exit app/top shutdown", "app_exit app shutdown"],
                    halted=False))
    return out


def shutdown_cases():
    kinds = sup("sup", "one_for_all",
                [worker("brutal", shutdown="brutal_kill"),
                 worker("slow", shutdown=100, stop_ms=300),
                 worker("patient", shutdown="infinity", stop_ms=150),
                 worker("quick", shutdown=500, stop_ms=50),
                 worker("trigger")],
                intensity=3, period=3600)
    return [case("shutdown_kinds", app(kinds), script("0.1 crash app/sup/trigger"),
                 "brutal_kill / timeout exceeded / infinity / timeout met",
                 contains=["terminate app/sup/quick shutdown", "terminate app/sup/patient shutdown",
                           "terminate app/sup/slow killed", "terminate app/sup/brutal killed"],
                 halted=False)]


def start_cases():
    out = []
    nested = sup("top", "one_for_one",
                 [sup("mid", "one_for_one", [worker("x"), worker("y")]), worker("z")],
                 intensity=3, period=3600)
    out.append(case("restart_fails_in_child_init", app(nested),
                    script("0.1 fail-start app/top/mid/y 1", "0.2 crash app/top/mid"),
                    "a supervisor restart whose init fails is retried",
                    contains=["exit app/top/mid crash", "start app/top/mid", "start app/top/mid/x",
                              "start_error app/top/mid/y crash", "terminate app/top/mid/x shutdown",
                              "start_error app/top/mid shutdown:failed_to_start_child:y:crash",
                              "start app/top/mid", "start app/top/mid/y"], halted=False))
    ignoring = sup("sup", "one_for_all", [worker("a"), worker("b"), worker("c")],
                   intensity=5, period=3600)
    out.append(case("ignore_then_group_restart", app(ignoring),
                    script("0.1 ignore-start app/sup/b", "0.2 terminate-child app/sup b",
                           "0.3 start-child app/sup b", "1.1 crash app/sup/a"),
                    "ignore keeps the spec; a group restart starts it again",
                    contains=["terminate app/sup/b shutdown", "start_ignore app/sup/b",
                              "exit app/sup/a crash", "terminate app/sup/c shutdown",
                              "start app/sup/b"],
                    running=["app/sup", "app/sup/a", "app/sup/b", "app/sup/c"], halted=False))
    out.append(case("start_child_errors", app(sup("sup", "one_for_one", [worker("a")])),
                    script("0.1 start-child app/sup a", "0.2 terminate-child app/sup a",
                           "0.3 start-child app/sup a"),
                    "restart_child of a running child is refused",
                    contains=["ignored app/sup/a running", "terminate app/sup/a shutdown",
                              "start app/sup/a"], halted=False))
    forgotten = sup("sup", "one_for_one", [worker("a", restart="temporary"), worker("b")])
    out.append(case("restart_forgotten_temporary", app(forgotten),
                    script("0.1 crash app/sup/a", "0.2 start-child app/sup a",
                           "0.3 terminate-child app/sup b", "0.4 start-child app/sup b"),
                    "a temporary child that ended is forgotten: restart_child answers not_found",
                    contains=["exit app/sup/a crash", "ignored app/sup/a not_found",
                              "terminate app/sup/b shutdown", "start app/sup/b"],
                    running=["app/sup", "app/sup/b"], halted=False))
    return out


def application_cases():
    out = []
    two = {"applications": [
        {"name": "base", "start_type": "permanent",
         "supervisor": sup("bsup", "one_for_one", [worker("db", stop_ms=20)])},
        {"name": "ui", "start_type": "temporary",
         "supervisor": sup("usup", "one_for_one", [worker("web")], intensity=0)},
        {"name": "net", "start_type": "permanent",
         "supervisor": sup("nsup", "one_for_one", [worker("modem")], intensity=0)}]}
    out.append(case("apps_temporary_then_permanent", two,
                    script("0.1 crash ui/usup/web", "0.3 crash net/nsup/modem"),
                    "a temporary app ends alone; a permanent one halts the node after "
                    "stopping the others, last started first",
                    contains=["app_exit ui shutdown", "app_exit net shutdown",
                              "terminate base/bsup/db shutdown", "terminate base/bsup shutdown",
                              "node_halt net application_terminated:net:shutdown"], halted=True))
    out.append(case("app_transient_normal", app(sup("sup", "one_for_one", [worker("w")]),
                                                start_type="transient"),
                    script("0.1 exit app/sup normal"),
                    "a transient app ending normally does not halt the node",
                    contains=["terminate app/sup/w shutdown", "exit app/sup normal",
                              "app_exit app normal"], halted=False))
    out.append(case("app_transient_shutdown", app(sup("sup", "one_for_one", [worker("w")]),
                                                  start_type="transient"),
                    script("0.1 exit app/sup shutdown"),
                    "a transient app ending with shutdown halts the node",
                    contains=["app_exit app shutdown", "node_halt app application_terminated:app:shutdown"], halted=True))
    boot = lambda failing_type: {"applications": [
        {"name": "base", "start_type": "permanent",
         "supervisor": sup("bsup", "one_for_one", [worker("db")])},
        {"name": "ui", "start_type": failing_type,
         "supervisor": sup("usup", "one_for_one", [worker("web"), worker("panel")])},
        {"name": "net", "start_type": "permanent",
         "supervisor": sup("nsup", "one_for_one", [worker("modem")])}]}
    out.append(case("boot_failure_permanent", boot("permanent"),
                    script("0 fail-start ui/usup/panel 1 enoent", "0.2 crash base/bsup/db"),
                    "a permanent application failing to start stops the running ones, then "
                    "the node (application_controller: application_start_failure)",
                    contains=["start base/bsup/db", "start ui/usup/web",
                              "start_error ui/usup/panel enoent", "terminate ui/usup/web shutdown",
                              "start_error ui/usup shutdown:failed_to_start_child:panel:enoent",
                              "start_error ui shutdown:failed_to_start_child:panel:enoent",
                              "terminate base/bsup/db shutdown", "terminate base/bsup shutdown",
                              "node_halt ui application_start_failure:ui:"
                              "shutdown:failed_to_start_child:panel:enoent"],
                    absent=["start net/nsup"], halted=True))
    out.append(case("boot_failure_temporary", boot("temporary"),
                    script("0 fail-start ui/usup/panel 1 enoent", "0.2 crash base/bsup/db"),
                    "a temporary application failing to start is only reported: the boot "
                    "script ignores what application:start_boot/2 returns",
                    contains=["start_error ui shutdown:failed_to_start_child:panel:enoent",
                              "start net/nsup/modem",
                              "exit base/bsup/db crash", "start base/bsup/db"],
                    absent=["node_halt"], halted=False,
                    running=["base/bsup", "base/bsup/db", "net/nsup", "net/nsup/modem"]))
    out.append(case("stop_app_permanent", two,
                    script("0.1 stop-app net", "0.2 crash base/bsup/db", "0.3 stop-app net",
                           "0.4 stop-app ui"),
                    "application:stop of a permanent application stops its tree and does not "
                    "halt the node; stopping it again answers not_started",
                    contains=["terminate net/nsup/modem shutdown", "terminate net/nsup shutdown",
                              "app_exit net stopped", "exit base/bsup/db crash",
                              "start base/bsup/db", "ignored net not_started",
                              "terminate ui/usup/web shutdown", "app_exit ui stopped"],
                    absent=["node_halt"], halted=False, running=["base/bsup", "base/bsup/db"]))
    out.append(case("stop_node", two, script("0.1 crash ui/usup/web", "0.2 stop-node"),
                    "init:stop stops the running applications, last started first, then the "
                    "node",
                    contains=["app_exit ui shutdown", "terminate net/nsup/modem shutdown",
                              "terminate net/nsup shutdown", "terminate base/bsup/db shutdown",
                              "terminate base/bsup shutdown", "node_halt"],
                    absent=["app_exit net", "app_exit base"], halted=True))
    out.append(case("bare_root_gives_up", {"supervisor": sup("root", "one_for_one", [worker("w")],
                                                             intensity=0)},
                    script("0.1 crash root/w"), "no application: the root just ends",
                    contains=["max_intensity root", "exit root shutdown"],
                    absent=["node_halt"], halted=False, running=[]))
    return out


def dynamic_cases():
    """Elixir DynamicSupervisor (dynamic_supervisor.ex): defaults 3 restarts in 5 s,
    max_children, extra_arguments, children stopped all at once, restarts with the
    original arguments, ignore on restart drops the child."""
    pool = dict(id="pool", type="supervisor", dynamic=True, max_children=2,
                extra_arguments=["a"], template=worker("conn", restart="transient"),
                start_child_specs=[worker("special", restart="temporary", shutdown="brutal_kill")])
    kv = sup("KV.Supervisor", "one_for_all",
             [worker("KV.Registry"),
              dict(id="KV.BucketSupervisor", type="supervisor", dynamic=True,
                   template=worker("KV.Bucket", restart="temporary"))],
             intensity=3, period=5)
    return [
        case("dynamic_defaults_3_in_5", app(dict(pool, max_children="infinity"), name="pool"),
             script("0.1 start-child pool/pool c1", "0.2 crash pool/pool/c1",
                    "0.3 crash pool/pool/c1", "1.1 crash pool/pool/c1", "1.2 crash pool/pool/c1"),
             "DynamicSupervisor defaults to 3 restarts in 5 s",
             contains=["exit pool/pool/c1 crash", "start pool/pool/c1", "exit pool/pool/c1 crash",
                       "start pool/pool/c1", "exit pool/pool/c1 crash", "start pool/pool/c1",
                       "exit pool/pool/c1 crash", "max_intensity pool/pool"], halted=True),
        case("dynamic_max_children", app(pool, name="pool"),
             script("0.1 start-child pool/pool c1", "0.1 start-child pool/pool c2",
                    "0.1 start-child pool/pool c3", "0.2 start-child pool/pool s1 special",
                    "0.3 terminate-child pool/pool c1", "0.4 start-child pool/pool s1 special",
                    "1.1 exit pool/pool/c2 normal", "1.2 crash pool/pool/s1"),
             "max_children counts running children; extra_arguments prepended",
             contains=["start pool/pool/c1", "start pool/pool/c2",
                       "ignored pool/pool/c3 max_children", "ignored pool/pool/s1 max_children",
                       "terminate pool/pool/c1 shutdown", "start pool/pool/s1",
                       "exit pool/pool/c2 normal", "exit pool/pool/s1 crash"],
             absent=["start pool/pool/c2@1", "start pool/pool/s1@1"],
             running=["pool/pool"], halted=False),
        case("dynamic_restart_ignore", app(dict(pool, max_children="infinity"), name="pool"),
             script("0.1 start-child pool/pool c1", "0.1 start-child pool/pool c2",
                    "0.2 ignore-start pool/pool/c1", "0.3 crash pool/pool/c1",
                    "1.1 crash pool/pool"),
             "a DynamicSupervisor child whose restart returns ignore is dropped",
             contains=["start_ignore pool/pool/c1", "terminate pool/pool/c2 shutdown",
                       "exit pool/pool crash"], halted=True),
        case("kv_guide", app(kv, name="kv"),
             script("0.1 start-child kv/KV.Supervisor/KV.BucketSupervisor shopping",
                    "0.1 start-child kv/KV.Supervisor/KV.BucketSupervisor milk",
                    "0.2 crash kv/KV.Supervisor/KV.BucketSupervisor/shopping",
                    "0.3 crash kv/KV.Supervisor/KV.Registry"),
             "the KV example of the Elixir guides: buckets are temporary; a registry crash "
             "restarts everything and loses the buckets",
             contains=["exit kv/KV.Supervisor/KV.BucketSupervisor/shopping crash",
                       "exit kv/KV.Supervisor/KV.Registry crash",
                       "terminate kv/KV.Supervisor/KV.BucketSupervisor/milk shutdown",
                       "terminate kv/KV.Supervisor/KV.BucketSupervisor shutdown",
                       "start kv/KV.Supervisor/KV.Registry",
                       "start kv/KV.Supervisor/KV.BucketSupervisor"],
             running=["kv/KV.Supervisor", "kv/KV.Supervisor/KV.BucketSupervisor",
                      "kv/KV.Supervisor/KV.Registry"], halted=False),
    ]


def version_dependent_cases():
    """Where OTP 27 changed the rules: conformance.py runs supsim with --otp set to the
    oracle's release, so these check the rules of the releases before 27 against real OTP;
    the later rules are pinned by the unit tests (restart_rules_test.cpp)."""
    pool = sup("pool", "simple_one_for_one",
               [worker("conn", restart="transient", significant=True)],
               auto_shutdown="any_significant")
    ignoring = sup("pool", "simple_one_for_one", [worker("conn")], intensity=1)
    return [
        case("otp25_simple_one_for_one_auto_shutdown", app(pool),
             script("0.1 start-child app/pool c1", "0.2 exit app/pool/c1 normal"),
             "OTP 25 accepts auto_shutdown on simple_one_for_one; later releases refuse it "
             "(supervisor_SUITE:significant_simple)",
             contains=["exit app/pool/c1 normal", "auto_shutdown app/pool",
                       "exit app/pool shutdown"], halted=True),
        case("otp25_simple_one_for_one_restart_ignore", app(ignoring),
             script("0.1 start-child app/pool c1", "0.1 start-child app/pool c2",
                    "0.2 ignore-start app/pool/c1", "0.3 crash app/pool/c1",
                    "0.4 crash app/pool/c2"),
             "OTP 25 keeps a phantom child after a restart returned ignore and crashes when "
             "stopping; later releases drop it (supervisor_SUITE:simple_one_for_one_restart_ignore)",
             contains=["start_ignore app/pool/c1", "max_intensity app/pool"], halted=True),
    ]


def tolerate_cases():
    """A child crashing every D seconds under intensity I in P s, D in the band
    [P/I, (P+1)/I) where only the phase of the whole-second boundaries decides when the
    supervisor gives up: the (I, P, D) of the spec's runs, and a nested chain whose top level
    gives up because its child supervisor does. Each at four phases (the first crash 0.25 s
    apart in the second), the crash times kept at least 25 ms off the whole seconds of the real
    run (which starts 0.15 s after one) so that its stamps are not left to chance.
    expect["tolerate"] = (PATH, D, first crash): conformance.py --tolerate also checks that the
    real give-up times lie within what `supsim tolerate --interval D` reports."""
    out = []
    flat = [((3, 5), "1.9", ["0.1", "0.3", "0.6", "0.8"]),
            ((1, 5), "5.5", ["0.1", "0.35", "0.6", "0.85"]),
            ((5, 3), "0.7", ["0.1", "0.3", "0.6", "0.8"]),
            ((10, 10), "1.05", ["0.125", "0.375", "0.625", "0.875"])]
    for (intensity, period), d, starts in flat:
        top = sup("sup", "one_for_one", [worker("w")], intensity=intensity, period=period)
        for start in starts:
            out.append(case("tolerate_%d_in_%d_every_%s_from_%s" % (intensity, period, d, start),
                            app(top), script("%s every %s crash app/sup/w" % (start, d)),
                            "steady crashes in the band: the supervisor gives up, the phase "
                            "decides when", until=Fraction(start) + 30,
                            contains=["max_intensity app/sup", "node_halt app"], halted=True,
                            tolerate=("app/sup/w", d, start)))
    nested = sup("top", "one_for_one",
                 [sup("mid", "one_for_one", [worker("w")], intensity=2, period=3)],
                 intensity=1, period=10)
    for start in ["0.1", "0.3", "0.6", "0.8"]:
        out.append(case("tolerate_nested_every_1.7_from_%s" % start, app(nested),
                        script("%s every 1.7 crash app/top/mid/w" % start),
                        "the child supervisor gives up in its band; its parent sees that",
                        until=Fraction(start) + 30,
                        contains=["max_intensity app/top/mid", "max_intensity app/top",
                                  "node_halt app"], halted=True,
                        tolerate=("app/top/mid/w", "1.7", start)))
    return out


def check_expectations(case, events, run):
    """Problems with the real run against the hand-written facts of `case.expect`."""
    expect = case.expect
    problems = []
    rendered = [" ".join(x for x in (e.event, e.path, e.reason) if x) for e in events]

    def matches(line, want):
        return line == want or line.startswith(want + " ")

    if "contains" in expect:
        i = 0
        for want in expect["contains"]:
            while i < len(rendered) and not matches(rendered[i], want):
                i += 1
            if i == len(rendered):
                problems.append("expected (in this order) but not seen in the real run: " + want)
                break
            i += 1
    for want in expect.get("absent", []):
        # "EVENT PATH@N": must not occur more than N times
        want, _, allowed = want.partition("@")
        count = sum(1 for line in rendered if matches(line, want))
        if count > int(allowed or 0):
            problems.append("not expected in the real run: %s (seen %d times)" % (want, count))
    for want, at in expect.get("timed", []):
        # ("EVENT PATH [REASON]", seconds): some such event happens then (within the
        # tolerance of a real run)
        times = [e.t for line, e in zip(rendered, events) if matches(line, want)]
        if not any(abs(t - at) <= TIMED_TOLERANCE_S for t in times):
            problems.append("expected %s at %.2f s in the real run, seen at %s"
                            % (want, at, ", ".join("%.3f" % t for t in times) or "no time"))
    if "halted" in expect and expect["halted"] != run.halted:
        problems.append("expected the node %s" % ("to halt" if expect["halted"] else "to keep running"))
    if "running" in expect and sorted(expect["running"]) != sorted(run.running):
        problems.append("expected running at the end %s, real run has %s"
                        % (sorted(expect["running"]), sorted(run.running)))
    return problems
