"""A conformance case: a tree (the supsim JSON format) and an event script (the supsim
text format), and their translation into the Erlang form the oracle reads.

The translation follows the formats' own conventions (a child with children or a
strategy is a supervisor; a dynamic child of SUP started as ID is SUP/ID) and passes to
OTP only the keys written in the tree, so OTP applies its own defaults.
"""

import json
from dataclasses import dataclass, field
from fractions import Fraction

from erlang_terms import Atom, reason_term, term

SUPERVISOR_KEYS = ("strategy", "children", "dynamic", "template")


@dataclass
class Case:
    name: str
    tree: dict
    events: str                 # the script, in supsim's text format
    until: Fraction = None      # seconds; also the end of the oracle run
    note: str = ""              # what the case pins (supervisor_SUITE name, seed)
    expect: dict = field(default_factory=dict)  # optional hand-checked facts, see suite_cases

    def tree_json(self):
        return json.dumps(self.tree, indent=1) + "\n"


@dataclass
class ScriptLine:
    t: Fraction
    action: str
    args: list
    every: Fraction = None


def parse_time(text):
    return Fraction(text)


def parse_script(text):
    lines = []
    for raw in text.splitlines():
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        t = parse_time(words[0])
        if words[1] == "every":
            lines.append(ScriptLine(t, words[3], words[4:], every=parse_time(words[2])))
        else:
            lines.append(ScriptLine(t, words[1], words[2:]))
    return lines


def expanded_script(case):
    """(time, action, args) in the order supsim processes them: by time, file order for
    equal times, each `every` repeated up to `until`."""
    items = []
    for order, line in enumerate(parse_script(case.events)):
        if line.every is None:
            items.append((line.t, order, line.action, line.args))
            continue
        limit = case.until if case.until is not None else line.t + 60
        k, t = 0, line.t
        while t <= limit:
            items.append((t, order, line.action, line.args))
            k += 1
            t = line.t + k * line.every
    items.sort(key=lambda item: (item[0], item[1]))
    return [(t, action, args) for t, _, action, args in items]


def is_supervisor(node):
    if "type" in node:
        return node["type"] == "supervisor"
    return any(key in node for key in SUPERVISOR_KEYS)


def erlang_child(node, top=False):
    out = {"id": node["id"]}
    out["type"] = Atom("supervisor" if top or is_supervisor(node) else "worker")
    for key in ("restart", "auto_shutdown", "strategy"):
        if key in node:
            out[key] = Atom(node[key])
    if "shutdown" in node:
        value = node["shutdown"]
        out["shutdown"] = value if isinstance(value, int) else Atom(value)
    for key in ("intensity", "period", "stop_ms"):
        if key in node:
            out[key] = int(node[key])
    if "significant" in node:
        out["significant"] = bool(node["significant"])
    if "trap_exit" in node:
        out["trap_exit"] = bool(node["trap_exit"])
    if "registered_name" in node:
        out["registered_name"] = node["registered_name"]
    if out["type"] == "supervisor":
        out["children"] = [erlang_child(c) for c in node.get("children", [])]
        out["start_child_specs"] = [erlang_child(c) for c in node.get("start_child_specs", [])]
    if node.get("dynamic"):   # an Elixir DynamicSupervisor
        out["dynamic"] = True
        if "max_children" in node:
            value = node["max_children"]
            out["max_children"] = value if isinstance(value, int) else Atom(value)
        if "extra_arguments" in node:
            out["extra_arguments"] = [str(a) for a in node["extra_arguments"]]
        if "template" in node:
            out["template"] = erlang_child(node["template"])
    return out


def uses_elixir(tree):
    """True when the tree has a DynamicSupervisor (the oracle then needs Elixir)."""
    def walk(node):
        return bool(node.get("dynamic")) or any(
            walk(c) for c in node.get("children", []) + node.get("start_child_specs", []))
    roots = [a["supervisor"] for a in tree.get("applications", [])] or [tree["supervisor"]]
    return any(walk(r) for r in roots)


def to_ms(seconds):
    return int(round(seconds * 1000))


def erlang_action(action, args):
    if action in ("crash", "exit"):
        reason = args[1] if len(args) > 1 else "crash"
        return (Atom("crash"), args[0], reason_term(reason), Atom(action))
    if action == "fail-start":
        reason = args[2] if len(args) > 2 else "crash"
        return (Atom("fail_start"), args[0], int(args[1]), reason_term(reason))
    if action == "ignore-start":
        return (Atom("ignore_start"), args[0], 1)
    if action == "start-child":
        return (Atom("start_child"), args[0], args[1], args[2] if len(args) > 2 else "")
    if action == "terminate-child":
        return (Atom("terminate_child"), args[0], args[1])
    if action == "stop-app":
        return (Atom("stop_app"), args[0])
    if action == "stop-node":
        return Atom("stop_node")
    raise ValueError("unknown action " + action)


def injection(action, args):
    """The oracle's injection term for fail-start / ignore-start."""
    if action == "fail-start":
        reason = args[2] if len(args) > 2 else "crash"
        return (Atom("fail"), int(args[1]), reason_term(reason))
    return (Atom("ignore"), 1, Atom("none"))


def end_time(case):
    script = expanded_script(case)
    if case.until is not None:
        return case.until
    return (script[-1][0] if script else Fraction(0)) + Fraction(1, 2)


def oracle_case(case, case_id):
    """The Erlang term text of one {'case', #{...}} entry."""
    body = {"id": case_id}
    if "applications" in case.tree:
        body["apps"] = [{"name": app["name"],
                         "start_type": Atom(app.get("start_type", "permanent")),
                         "supervisor": erlang_child(app["supervisor"], top=True)}
                        for app in case.tree["applications"]]
    else:
        body["root"] = erlang_child(case.tree["supervisor"], top=True)
    script = expanded_script(case)
    # fail-start and ignore-start at time 0 apply before the boot (supsim's rule).
    early = [(action, args) for t, action, args in script
             if t == 0 and action in ("fail-start", "ignore-start")]
    body["before_boot"] = [(args[0], injection(action, args)) for action, args in early]
    body["events"] = [(to_ms(t), erlang_action(action, args)) for t, action, args in script
                      if not (t == 0 and action in ("fail-start", "ignore-start"))]
    body["end_ms"] = to_ms(end_time(case))
    return "{'case', " + term(body) + "}.\n"
