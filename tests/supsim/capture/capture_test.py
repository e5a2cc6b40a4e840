#!/usr/bin/env python3
"""supsim capture against real nodes started here (Erlang and Elixir from Debian).

  capture_test.py --supsim PATH [--only TEXT] [--keep]

Each case starts what it needs: a private epmd (ERL_EPMD_PORT), nodes named with this PID, a
test cookie in a temporary HOME. The Erlang application capdemo (nodes/capdemo) and the KV
application of Elixir's Mix and OTP guide (nodes/kv, built offline with mix) are captured and
checked against the tree the test knows it started; then processes are killed on the real node
and the outcome is compared with `supsim run` on the captured tree. The error cases (wrong cookie,
node down, a typo in the name, no epmd, a supervisor blocked in a long terminate) check the
message and the exit code. Prints "N passed, N failed"; exits 0 when all pass, 1 otherwise, 3
when erl, elixir, mix or epmd is missing (the tier fails, it never skips).
"""

import argparse
import json
import os
import sys
import tempfile
import time
import traceback

import crash_compare
import harness

CAPDEMO_TOP = "whereis(capdemo_sup)"
KV_TOP = "whereis('Elixir.KV.Supervisor')"


# The tree capdemo_app:tree/0 starts, as the capture must write it.
def w(id, restart="permanent", shutdown=5000, trap=True, **extra):
    spec = {"id": id, "restart": restart, "shutdown": shutdown, "trap_exit": trap}
    if trap and shutdown != "brutal_kill":
        spec["stop_ms"] = None
    spec.update(extra)
    return spec


def s(id, strategy, intensity, period, children, **extra):
    spec = {"id": id, "type": "supervisor", "restart": "permanent", "shutdown": "infinity",
            "strategy": strategy, "intensity": intensity, "period": period}
    spec.update(extra)
    spec["children"] = children
    return spec


CAPDEMO_CHILDREN = [
    w("config_server", shutdown=3000, registered_name="capdemo_config"),
    s("pipeline_sup", "one_for_all", 1, 5, [
        w("source", trap=False),
        s("stages_sup", "rest_for_one", 3, 5, [
            w("stage1"),
            w("stage2", restart="transient", shutdown="brutal_kill", trap=False),
            w("stage3", restart="temporary"),
        ]),
    ]),
    s("session_sup", "one_for_one", 1, 5, [
        w("session_main", restart="transient", significant=True),
        w("session_helper", trap=False),
    ], auto_shutdown="any_significant"),
    s("pool_sup", "simple_one_for_one", 5, 1, [
        w("pool_worker", restart="transient", shutdown=1000),
    ]),
    w("{cache,1}", trap=False, note="id {cache,1}"),
    s("slow_sup", "one_for_one", 1, 5, [w("slow_worker", shutdown=30000)]),
]


def strip_for_compare(node):
    """A captured child with the keys this comparison does not pin (dynamic children apart)."""
    out = {k: v for k, v in node.items() if k not in ("dynamic_children",
                                                     "dynamic_children_total")}
    if "children" in out and isinstance(out["children"], list):
        out["children"] = [strip_for_compare(c) for c in out["children"]]
    if "significant" in out and out["significant"] is False:
        del out["significant"]
    return out


class Cases:
    def __init__(self, env, keep):
        self.env = env
        self.keep = keep
        self.passed = 0
        self.failed = []

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
        else:
            self.failed.append("%s: %s" % (name, detail))
            print("FAIL %s: %s" % (name, detail), flush=True)

    def capture_json(self, node, *args):
        """Captures, checks that `supsim check` accepts the file as it is, returns it."""
        code, out, err = self.env.capture(node.name, *args)
        if code != 0:
            raise RuntimeError("capture of %s failed (%d): %s" % (node.name, code, err))
        with tempfile.NamedTemporaryFile("w", suffix=".json", dir=self.env.dir,
                                         delete=False) as f:
            f.write(out)
        check = self.env.supsim_run("check", f.name)
        self.check("supsim check accepts the capture of %s %s" % (node.alive.split("_")[0],
                                                                  " ".join(args)),
                   check[0] == 0, check[2])
        return json.loads(out), err

    # --- structure -----------------------------------------------------------------------

    def capdemo_node(self, **kw):
        node = harness.Node(self.env, "capdemo", **kw)
        node.call("ok = capture_driver:watch_nodeups()")
        node.call("{ok, _} = application:ensure_all_started(capdemo, permanent)")
        node.call("Pool = capture_driver:find(whereis(capdemo_sup), [\"pool_sup\"])")
        for n in (1, 2, 3):
            node.call("{ok, _} = supervisor:start_child(Pool, [%d])" % n)
        return node

    def test_capdemo_structure(self):
        node = self.capdemo_node()
        try:
            tree, err = self.capture_json(node, "--app", "capdemo")
            apps = tree["applications"]
            self.check("capdemo: one application", [a["name"] for a in apps] == ["capdemo"],
                       [a["name"] for a in apps])
            app = apps[0]
            self.check("capdemo: start type", app["start_type"] == "permanent", app["start_type"])
            top = app["supervisor"]
            self.check("capdemo: top supervisor", (top["id"], top["strategy"], top["intensity"],
                                                   top["period"]) == (
                "capdemo_sup", "one_for_one", 2, 10), top)
            got = [strip_for_compare(c) for c in top["children"]]
            for want, have in zip(CAPDEMO_CHILDREN, got):
                self.check("capdemo: child " + want["id"], want == have,
                           "\n  want %s\n  have %s" % (json.dumps(want), json.dumps(have)))
            self.check("capdemo: child count", len(got) == len(CAPDEMO_CHILDREN), len(got))
            pool = top["children"][3]
            dyn = pool.get("dynamic_children", [])
            self.check("capdemo: simple_one_for_one children",
                       [d["id"] for d in dyn] == ["capdemo_worker-1", "capdemo_worker-2",
                                                  "capdemo_worker-3"]
                       and pool.get("dynamic_children_total") == 3
                       and all(d.get("trap_exit") is True and "stop_ms" in d for d in dyn),
                       json.dumps(dyn))
            self.check("capdemo: capture block",
                       tree["capture"]["node"].startswith(node.alive + "@") and tree["capture"]["otp_release"]
                       and tree["capture"]["stdlib"], tree["capture"])
            self.check("capdemo: unknown values reported",
                       "stop_ms written null" in err, err)
            seen = node.call("capture_driver:nodeups()")
            self.check("capdemo: connected as a hidden node",
                       "supsim_capture_" in seen and "hidden" in seen and "visible" not in seen,
                       seen)
            self.check("capdemo: nothing left connected", node.call("nodes(connected)") == "[]",
                       node.call("nodes(connected)"))
            # Same names on a second capture of the same node.
            again, _ = self.capture_json(node, "--app", "capdemo")
            self.check("capdemo: stable names",
                       json.dumps(again["applications"]) == json.dumps(tree["applications"]),
                       "second capture differs")
            # --max-dynamic keeps the first children and records the count.
            trimmed, err = self.capture_json(node, "--app", "capdemo", "--max-dynamic", "2")
            pool = trimmed["applications"][0]["supervisor"]["children"][3]
            self.check("capdemo: --max-dynamic",
                       [d["id"] for d in pool["dynamic_children"]] == [
                           "capdemo_worker-1", "capdemo_worker-2"]
                       and pool["dynamic_children_total"] == 3 and "kept 2 of 3" in err,
                       (pool, err))
            # All applications: kernel first (start order), capdemo last.
            whole, err = self.capture_json(node)
            names = [a["name"] for a in whole["applications"]]
            self.check("capdemo: all applications in start order",
                       names[0] == "kernel" and names[-1] == "capdemo" and "stdlib" not in names,
                       names)
            # kernel's user and standard_error are supervisor_bridges: written, not warned about.
            kernel = whole["applications"][0]["supervisor"]
            bridges = [c for c in kernel["children"] if c["id"] in ("user", "standard_error")]
            self.check("capdemo: supervisor_bridge children",
                       len(bridges) == 2 and all(b["children"] == [] and "supervisor_bridge" in
                                                 b["note"] for b in bridges)
                       and "warning: kernel/" not in err, (bridges, err))
            code, out, err = self.env.capture(node.name, "--app", "nosuch")
            self.check("capdemo: --app of an application that does not run",
                       code == 1 and "nosuch" in err and "capdemo" in err and out == "",
                       (code, err))
        finally:
            node.stop()

    def test_kv_structure(self):
        node = self.kv_node()
        try:
            tree, _ = self.capture_json(node, "--app", "kv")
            app = tree["applications"][0]
            top = app["supervisor"]
            self.check("kv: application", (app["name"], app["start_type"], top["id"],
                                           top["strategy"], top["intensity"], top["period"]) == (
                "kv", "permanent", "KV.Supervisor", "one_for_all", 3, 5), (app["name"], top))
            ids = [c["id"] for c in top["children"]]
            self.check("kv: children in start order", ids == [
                "KV.BucketSupervisor", "KV.Registry", "KV.RouterTasks", "KV.Names"], ids)
            buckets = top["children"][0]
            self.check("kv: bucket DynamicSupervisor",
                       buckets.get("dynamic") is True and buckets["max_children"] == "infinity"
                       and buckets["intensity"] == 3 and buckets["period"] == 5
                       and buckets["dynamic_children_total"] == 2
                       and [d["restart"] for d in buckets["dynamic_children"]] == [
                           "temporary", "temporary"]
                       and buckets["dynamic_children"][0]["id"] == "KV.Bucket-1", buckets)
            registry = top["children"][1]
            self.check("kv: registry worker", registry == {
                "id": "KV.Registry", "restart": "permanent", "shutdown": 5000,
                "trap_exit": False, "registered_name": "Elixir.KV.Registry"}, registry)
            tasks = top["children"][2]
            self.check("kv: Task.Supervisor",
                       tasks.get("dynamic") is True and tasks["dynamic_children_total"] == 1,
                       tasks)
            names = top["children"][3]
            self.check("kv: Elixir Registry",
                       names.get("strategy") == "one_for_all"
                       and [c["id"] for c in names["children"]] == [
                           "KV.Names.PIDPartition0", "KV.Names.PIDPartition1"]
                       and all(c["trap_exit"] is True for c in names["children"]), names)
            self.check("kv: capture block", tree["capture"].get("elixir", "").startswith("1."),
                       tree["capture"])
        finally:
            node.stop()

    def kv_node(self, buckets=2, long_name=False):
        node = harness.Node(self.env, "kv", elixir=True, long_name=long_name)
        node.call("{ok, _} = application:ensure_all_started(kv, permanent)")
        for n in range(buckets):
            node.call("'Elixir.KV.Registry':create('Elixir.KV.Registry', <<\"b%d\">>)" % n)
        # One task that stays, under the router's Task.Supervisor.
        node.call("{ok, _} = 'Elixir.Task.Supervisor':start_child('Elixir.KV.RouterTasks', "
                  "fun() -> timer:sleep(infinity) end)")
        return node

    def test_completion(self):
        """`supsim capture <TAB>` offers the names registered in the local epmd."""
        node = harness.Node(self.env, "compl")
        try:
            code, out, err = self.env.supsim_run("__complete", "capture", "")
            self.check("completion of node names", code == 0 and node.alive in out.split(),
                       (code, out, err))
            code, out, err = self.env.supsim_run("__complete", "capture", node.alive[:6])
            self.check("completion filters by prefix",
                       code == 0 and out.split() and all(
                           w.startswith(node.alive[:6]) for w in out.split()), out)
        finally:
            node.stop()

    def test_long_names(self):
        node = harness.Node(self.env, "capl", long_name=True)
        try:
            node.call("{ok, _} = application:ensure_all_started(capdemo, permanent)")
            tree, _ = self.capture_json(node, "--app", "capdemo")
            self.check("long names: captured", tree["capture"]["node"] == node.name
                       and tree["applications"][0]["supervisor"]["id"] == "capdemo_sup",
                       tree["capture"])
        finally:
            node.stop()

    # --- errors --------------------------------------------------------------------------

    def test_errors(self):
        node = self.capdemo_node()
        try:
            wrong = os.path.join(self.env.dir, "wrong.cookie")
            with open(wrong, "w") as f:
                f.write("not_the_cookie\n")
            code, out, err = self.env.capture(node.name, "--cookie-file", wrong)
            self.check("wrong cookie", code == 4 and "cookie" in err and out == "", (code, err))
            typo = node.alive[:-1] + "x"
            code, out, err = self.env.capture(typo)
            self.check("node name typo", code == 4 and "did you mean " + node.alive in err,
                       (code, err))
            code, out, err = self.env.capture(node.alive + "@no-such-host.invalid")
            self.check("host typo", code == 4 and "cannot resolve" in err, (code, err))
            code, out, err = self.env.capture("bad name!")
            self.check("bad node name", code == 2 and "not a node name" in err, (code, err))
            other_epmd = dict(self.env.env, ERL_EPMD_PORT=str(harness.free_port()))
            code, out, err = self.env.capture(node.name, env=other_epmd)
            self.check("no epmd", code == 4 and "cannot reach epmd" in err, (code, err))
            # The default cookie, as erl finds it: $HOME/.erlang.cookie, owner-only.
            code, out, err = self.env.capture(node.name, "--app", "capdemo")
            self.check("default cookie from HOME", code == 0 and '"capdemo_sup"' in out,
                       (code, err))
            os.chmod(self.env.cookie_file, 0o644)
            code, out, err = self.env.capture(node.name)
            os.chmod(self.env.cookie_file, 0o400)
            self.check("cookie file readable by others", code == 4 and "owner only" in err,
                       (code, err))
            # A supervisor that does not answer: slow_sup waits 20 s for slow_worker's terminate.
            node.call("application:set_env(capdemo, slow_stop_ms, 20000)")
            node.call("Slow = capture_driver:find(whereis(capdemo_sup), [\"slow_sup\"])")
            node.call("spawn(fun() -> supervisor:terminate_child(Slow, slow_worker) end)")
            time.sleep(0.3)
            started = time.monotonic()
            code, out, err = self.env.capture(node.name, "--app", "capdemo", "--timeout", "1000")
            took = time.monotonic() - started
            tree = json.loads(out) if code == 0 else {}
            slow = [c for c in tree.get("applications", [{}])[0].get("supervisor", {}).get(
                "children", []) if c["id"] == "slow_sup"]
            self.check("busy supervisor reported and skipped",
                       code == 0 and slow and slow[0]["strategy"] is None
                       and slow[0]["children"] is None and "did not answer" in slow[0]["note"]
                       and "capdemo/capdemo_sup/slow_sup: did not answer" in err and took < 10,
                       (code, err, slow, took))
            # Node down.
            node.stop()
            code, out, err = self.env.capture(node.name)
            self.check("node down", code == 4 and "no node" in err, (code, err))
        finally:
            node.stop()

    # --- crashes on the real node against supsim run ----------------------------------------

    def crash_case(self, name, make_node, app, top_expression, kills, events, until=30):
        """Captures, kills on the node, and compares with supsim run on the capture."""
        node = make_node()
        try:
            captured, _ = self.capture_json(node, "--app", app)
            top_path = app + "/" + captured["applications"][0]["supervisor"]["id"]
            before = crash_compare.real_state(node, top_expression, top_path)
            for kill in kills:
                node.call(kill)
                time.sleep(0.1)
            time.sleep(0.5)
            halted = node.proc.poll() is not None or node.wait_down(1.5)
            after = ({}, {})
            if not halted:
                try:
                    after = crash_compare.real_state(node, top_expression, top_path)
                except RuntimeError:  # the tree is being stopped: the node may be halting
                    halted = node.wait_down(15)
                    if not halted:
                        raise
            real = crash_compare.real_outcome(before, after)
            with tempfile.TemporaryDirectory() as work:
                sim_static, sim_dynamic, sim_halted, trace = crash_compare.simulated_outcome(
                    self.env, captured, events, set(before[0]), work, until)
            diffs = crash_compare.differences(real, (sim_static, sim_dynamic), halted,
                                              sim_halted)
            self.check("crash " + name, not diffs, "\n  " + "\n  ".join(diffs))
        finally:
            node.stop()

    def test_crashes(self):
        C = "capdemo/capdemo_sup"
        kill = "capture_driver:kill(whereis(capdemo_sup), %s)"
        self.crash_case("capdemo rest_for_one stage2", self.capdemo_node, "capdemo", CAPDEMO_TOP,
                        [kill % '["pipeline_sup","stages_sup","stage2"]'],
                        ["1 crash %s/pipeline_sup/stages_sup/stage2 killed" % C])
        self.crash_case("capdemo one_for_all source", self.capdemo_node, "capdemo", CAPDEMO_TOP,
                        [kill % '["pipeline_sup","source"]'],
                        ["1 crash %s/pipeline_sup/source killed" % C])
        self.crash_case("capdemo significant child ends normally", self.capdemo_node, "capdemo",
                        CAPDEMO_TOP,
                        ["gen_server:cast(capture_driver:find(whereis(capdemo_sup), "
                         "[\"session_sup\",\"session_main\"]), {stop, normal})"],
                        ["1 exit %s/session_sup/session_main normal" % C])
        self.crash_case("capdemo pool worker", self.capdemo_node, "capdemo", CAPDEMO_TOP,
                        ["exit(lists:min([P || {_, P, _, _} <- supervisor:which_children("
                         "capture_driver:find(whereis(capdemo_sup), [\"pool_sup\"]))]), kill)"],
                        ["1 crash %s/pool_sup/capdemo_worker-1 killed" % C])
        self.crash_case("capdemo gives up, node halts", self.capdemo_node, "capdemo", CAPDEMO_TOP,
                        [kill % '["config_server"]'] * 3,
                        ["1 crash %s/config_server killed" % C,
                         "1.1 crash %s/config_server killed" % C,
                         "1.2 crash %s/config_server killed" % C])
        K = "kv/KV.Supervisor"
        kv_kill = "capture_driver:kill(whereis('Elixir.KV.Supervisor'), %s)"
        self.crash_case("kv registry (one_for_all)", self.kv_node, "kv", KV_TOP,
                        [kv_kill % '["\'Elixir.KV.Registry\'"]'],
                        ["1 crash %s/KV.Registry killed" % K])
        self.crash_case("kv bucket (temporary)", self.kv_node, "kv", KV_TOP,
                        ["exit(lists:min([P || {_, P, _, _} <- supervisor:which_children("
                         "'Elixir.KV.BucketSupervisor')]), kill)"],
                        ["1 crash %s/KV.BucketSupervisor/KV.Bucket-1 killed" % K])
        self.crash_case("kv registry partition", self.kv_node, "kv", KV_TOP,
                        [kv_kill % '["\'Elixir.KV.Names\'","\'Elixir.KV.Names.PIDPartition0\'"]'],
                        ["1 crash %s/KV.Names/KV.Names.PIDPartition0 killed" % K])
        self.crash_case("kv gives up, node halts", self.kv_node, "kv", KV_TOP,
                        [kv_kill % '["\'Elixir.KV.Registry\'"]'] * 4,
                        ["%g crash %s/KV.Registry killed" % (1 + i / 10, K) for i in range(4)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--supsim", required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    try:
        env = harness.Env(os.path.abspath(args.supsim))
    except harness.EnvironmentMissing as e:
        print("capture tier: %s" % e, file=sys.stderr)
        return 3
    cases = Cases(env, args.keep)
    try:
        for name in sorted(n for n in dir(Cases) if n.startswith("test_")):
            if args.only and args.only not in name:
                continue
            started = time.monotonic()
            try:
                getattr(cases, name)()
            except Exception:  # a case that breaks counts as failed, with its traceback
                cases.failed.append(name + ": " + traceback.format_exc())
                print("FAIL %s:\n%s" % (name, traceback.format_exc()), flush=True)
            print("%s: %.1f s" % (name, time.monotonic() - started), flush=True)
    finally:
        if not args.keep:
            env.close()
    print("%d passed, %d failed" % (cases.passed, len(cases.failed)))
    return 1 if cases.failed else 0


if __name__ == "__main__":
    sys.exit(main())
