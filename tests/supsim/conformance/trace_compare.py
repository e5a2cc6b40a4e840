"""Compares a supsim trace with the oracle's, event by event.

Compared exactly: the sequence of (event, path, reason) plus the start_type of app_exit
and the action of ignored events; whether the node halted; which processes are still
running at the end. Compared loosely: the time of each event, within TIME_TOLERANCE_S,
because the real run adds scheduling latency to the scenario's times.

One ordering is not observable in OTP and is put in a canonical order on both sides:
a simple_one_for_one supervisor or a DynamicSupervisor stops its children all at once
("the order in which they are stopped is not defined"), so a run of consecutive
`terminate` events of siblings under such a supervisor is sorted by path.
"""

import collections
import difflib
import json
from dataclasses import dataclass

TIME_TOLERANCE_S = 0.25


@dataclass
class TraceEvent:
    t: float
    event: str
    path: str
    reason: str
    extra: str = None   # app_exit: start_type; ignored: action

    def key(self):
        return (self.event, self.path, self.reason, self.extra)

    def render(self):
        text = "%-13s %s" % (self.event, self.path)
        if self.reason:   # shortened for reading only; comparisons use the whole reason
            text += "  " + (self.reason if len(self.reason) <= 100 else self.reason[:100] + "...")
        if self.extra:
            text += "  (" + self.extra + ")"
        return text


def parse_supsim_json(stdout):
    """supsim run --json output -> (trace events, summary object or None)."""
    events, summary = [], None
    for line in stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        obj = json.loads(line)
        if obj.get("event") == "summary":
            summary = obj
            continue
        extra = obj.get("start_type") if obj["event"] == "app_exit" else obj.get("action")
        events.append(TraceEvent(float(obj["t"]), obj["event"], obj.get("path", ""),
                                 obj.get("reason", "") or "", extra))
    return events, summary


def from_oracle(mapped):
    return [TraceEvent(us / 1e6, event, path, reason or "", extra)
            for us, event, path, reason, extra in mapped]


def simple_one_for_one_paths(tree):
    """Paths of the simple_one_for_one supervisors of a tree (static part)."""
    found = set()

    def walk(prefix, node):
        path = node["id"] if not prefix else prefix + "/" + node["id"]
        if node.get("strategy") == "simple_one_for_one" or node.get("dynamic"):
            found.add(path)
            return
        for child in node.get("children", []) + node.get("start_child_specs", []):
            if "children" in child or "strategy" in child or child.get("type") == "supervisor":
                walk(path, child)

    if "applications" in tree:
        for app in tree["applications"]:
            walk(app["name"], app["supervisor"])
    else:
        walk("", tree["supervisor"])
    return found


def canonical(events, parallel_parents):
    out, i = [], 0
    while i < len(events):
        e = events[i]
        parent = e.path.rsplit("/", 1)[0]
        if e.event == "terminate" and parent in parallel_parents:
            j = i
            while (j < len(events) and events[j].event == "terminate"
                   and events[j].path.rsplit("/", 1)[0] == parent):
                j += 1
            out.extend(sorted(events[i:j], key=lambda x: x.path))
            i = j
        else:
            out.append(e)
            i += 1
    return out


def running_after(events):
    """Processes alive at the end of a trace, replaying start / exit / terminate. Counted
    per path: a restarted process can start before the old one at its path has ended (a
    killed supervisor's children wind down beside the new ones)."""
    alive = collections.Counter()
    for e in events:
        if e.event == "start":
            alive[e.path] += 1
        elif e.event in ("exit", "terminate", "start_error") and alive[e.path] > 0:
            alive[e.path] -= 1   # a supervisor whose init fails has a start too
    return {path for path, count in alive.items() if count > 0}


def compare(tree, supsim_events, summary, oracle_events, oracle_halted, oracle_running,
            tolerance=TIME_TOLERANCE_S):
    """A list of difference descriptions (empty when they agree)."""
    parallel = simple_one_for_one_paths(tree)
    ours = canonical(supsim_events, parallel)
    real = canonical(oracle_events, parallel)
    problems = []
    if [e.key() for e in ours] != [e.key() for e in real]:
        diff = difflib.unified_diff([e.render() for e in real], [e.render() for e in ours],
                                    "real OTP", "supsim", n=2, lineterm="")
        problems.append("event sequences differ:\n" + "\n".join(list(diff)[:60]))
    else:
        for a, b in zip(ours, real):
            if abs(a.t - b.t) > tolerance:
                problems.append("time of `%s` differs: supsim %.3f s, real OTP %.3f s"
                                % (a.render(), a.t, b.t))
                break
    if summary is None:
        problems.append("supsim printed no summary line")
        return problems
    if bool(summary.get("node_halted")) != oracle_halted:
        problems.append("node halted: supsim %s, real OTP %s"
                        % (summary.get("node_halted"), oracle_halted))
    real_running = set(oracle_running)
    checks = [("summary", set(summary.get("running", [])))]
    if not oracle_halted:
        # On a halted node nothing runs; a process still winding down when it halted
        # (a killed supervisor's old child) dies with the VM, with no event.
        checks.append(("trace", running_after(ours)))
    for label, running in checks:
        if running != real_running:
            problems.append("still running at the end (supsim %s) differs:\n  supsim only: %s\n"
                            "  real OTP only: %s" % (label, sorted(running - real_running),
                                                     sorted(real_running - running)))
    return problems
