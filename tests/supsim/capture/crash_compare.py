"""Crash a process on a real node and in `supsim run` on the node's captured tree; compare.

The real side: the live tree (capture_driver:snapshot/1) before and after the kills; each static
process is `same` (same pid), `restarted` (another pid) or `down`; each dynamic supervisor has a
number of running children; the node halted or not. The simulated side: the same three facts
read from supsim's trace (a start after the first kill is a restart; what runs at the end is
replayed from start, exit and terminate events) and its summary.
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import trace_compare  # noqa: E402  (the conformance harness's trace reader)

TERM = re.compile(r"\{|\}|\[|\]|,|<[0-9.]+>|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^{}\[\],]+")


def parse_term(text):
    """The subset of printed Erlang terms snapshot/1 returns: tuples, lists, atoms, pids, strings."""
    tokens = TERM.findall(text)
    pos = 0

    def value():
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok in ("{", "["):
            items, close = [], "}" if tok == "{" else "]"
            while tokens[pos] != close:
                items.append(value())
                if tokens[pos] == ",":
                    pos += 1
            pos += 1
            return tuple(items) if tok == "{" else items
        if tok.startswith('"'):
            return json.loads(tok)
        if tok.startswith("'"):
            return tok[1:-1]
        return tok.strip()
    return value()


def readable(id_text):
    """The capture's name for a static child id printed with ~0p."""
    if id_text.startswith("'") and id_text.endswith("'"):
        id_text = id_text[1:-1]
    if id_text.startswith("Elixir."):
        id_text = id_text[len("Elixir."):]
    return id_text.replace("'Elixir.", "").replace("'", "")


def flatten(snapshot, prefix, static, dynamic):
    for id_text, pid, _type, children in snapshot:
        if id_text == "undefined":
            dynamic[prefix] = dynamic.get(prefix, 0) + 1
            continue
        path = prefix + "/" + readable(id_text)
        static[path] = pid
        if isinstance(children, list):
            flatten(children, path, static, dynamic)


def real_state(node, top_expression, top_path):
    """({static path: pid}, {supervisor path: dynamic children}) of the live tree."""
    static, dynamic = {top_path: node.call(top_expression)}, {}
    flatten(parse_term(node.call("capture_driver:snapshot(%s)" % top_expression)), top_path,
            static, dynamic)
    return static, dynamic


def real_outcome(before, after):
    static_before, _ = before
    static_after, dynamic_after = after
    outcome = {}
    for path, pid in static_before.items():
        now = static_after.get(path, "undefined")
        outcome[path] = ("down" if now in ("undefined", "restarting") else
                         "same" if now == pid else "restarted")
    return outcome, dynamic_after


def simulated_outcome(env, captured, events, static_paths, workdir, until):
    """The same facts from `supsim run` on the captured tree, and whether the node halted."""
    # The captured file as it is: supsim starts the dynamic children it lists at boot.
    tree_path = os.path.join(workdir, "tree.json")
    events_path = os.path.join(workdir, "events.txt")
    with open(tree_path, "w") as f:
        json.dump(captured, f, indent=1)
    with open(events_path, "w") as f:
        f.write("\n".join(events) + "\n")
    code, out, err = env.supsim_run("run", tree_path, events_path, "--json", "--until",
                                    str(until))
    if code != 0:
        raise RuntimeError("supsim run failed (%d): %s" % (code, err.strip()))
    trace, summary = trace_compare.parse_supsim_json(out)
    first = min(float(line.split()[0]) for line in events)
    restarted = {e.path for e in trace if e.event == "start" and e.t >= first}
    alive = trace_compare.running_after(trace)
    halted = any(e.event == "node_halt" for e in trace)
    outcome = {}
    for path in static_paths:
        outcome[path] = ("down" if path not in alive else
                         "restarted" if path in restarted else "same")
    dynamic = {}
    for path in alive:
        parent = path.rsplit("/", 1)[0]
        if path not in static_paths and parent in static_paths:
            dynamic[parent] = dynamic.get(parent, 0) + 1
    return outcome, dynamic, halted, trace


def differences(real, simulated, real_halted, sim_halted):
    """Readable lines where the two outcomes differ; empty when they agree."""
    lines = []
    if real_halted != sim_halted:
        lines.append("node halted: real %s, supsim %s" % (real_halted, sim_halted))
    if real_halted and sim_halted:
        return lines
    real_static, real_dynamic = real
    sim_static, sim_dynamic = simulated
    for path in sorted(real_static):
        if real_static[path] != sim_static.get(path):
            lines.append("%s: real %s, supsim %s" % (path, real_static[path],
                                                     sim_static.get(path)))
    for path in sorted(set(real_dynamic) | set(sim_dynamic)):
        if real_dynamic.get(path, 0) != sim_dynamic.get(path, 0):
            lines.append("%s: real %d dynamic children, supsim %d" % (
                path, real_dynamic.get(path, 0), sim_dynamic.get(path, 0)))
    return lines
