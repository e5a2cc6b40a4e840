"""A captured tree in the form today's `supsim run` loads, for the crash comparisons.

Captured files carry fields the simulator's loader does not read yet (the capture block, notes,
trap_exit, stop_ms null, registered_name, dynamic_children): see the tree format proposal for
captured files. Until the loader reads them, the comparison runs supsim on this rewrite: the
informational keys dropped, a null value replaced by supsim's default, and the dynamic children
running at capture started by `0 start-child` lines, which is what the loader will do with them.
"""

DROPPED = {"note", "trap_exit", "registered_name", "dynamic_children", "dynamic_children_total"}


def _rewrite(node, path, prelude):
    out = {}
    for key, value in node.items():
        if key in DROPPED or value is None:
            continue
        if key in ("children", "start_child_specs"):
            out[key] = [_rewrite(child, path + "/" + child["id"], prelude) for child in value]
        elif key == "template":
            out[key] = _rewrite(value, path, [])
        else:
            out[key] = value
    dynamic = node.get("dynamic_children") or []
    if dynamic and node.get("dynamic"):
        specs = []
        for child in dynamic:
            spec = _rewrite(child, path + "/" + child["id"], prelude)
            specs.append(spec)
            prelude.append("0 start-child %s %s" % (path, child["id"]))
        out["start_child_specs"] = out.get("start_child_specs", []) + specs
    elif dynamic:  # simple_one_for_one: every child from the one child spec
        for child in dynamic:
            prelude.append("0 start-child %s %s" % (path, child["id"]))
    return out


def simulator_tree(captured):
    """(tree for supsim run, event lines that recreate the dynamic children at time 0)."""
    prelude = []
    apps = []
    for app in captured["applications"]:
        top = app["supervisor"]
        apps.append({"name": app["name"], "start_type": app["start_type"],
                     "supervisor": _rewrite(top, app["name"] + "/" + top["id"], prelude)})
    return {"applications": apps}, prelude
