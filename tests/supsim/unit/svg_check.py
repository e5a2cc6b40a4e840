#!/usr/bin/env python3
"""supsim run --svg, read back as XML: a legend naming every mark, lanes in the order of the tree
(dynamic children right under their supervisor), a crash and the restart at the same instant
both visible, a kill drawn apart from a crash, the end time labelled, and a large tree folded
to its busy lanes. Prints one FAIL line per problem; exit 1 if any.

Usage: svg_check.py SUPSIM EXAMPLES_DIR WORK_DIR
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
supsim, examples, work = sys.argv[1:4]
failures = []


def check(what, ok, detail=""):
    if not ok:
        failures.append("FAIL svg: %s%s" % (what, (": " + str(detail)) if detail else ""))


def render(tree, events, name, *extra):
    svg = os.path.join(work, name + ".svg")
    proc = subprocess.run([supsim, "run", tree, events, "--svg", svg] + list(extra),
                          capture_output=True, text=True)
    check(name + ": exit code", proc.returncode == 0, proc.stderr)
    return ET.parse(svg).getroot()  # raises on malformed XML: the test fails


def marks(root, cls):
    """The marks of a class outside the legend, with their tooltip text."""
    legend = root.find(".//*[@id='legend']")
    in_legend = set(legend.iter()) if legend is not None else set()
    return [e for e in root.iter() if e.get("class") == cls and e not in in_legend]


def tooltip(e):
    title = e.find(SVG + "title")
    return title.text if title is not None else ""


def lanes(root):
    return [g.get("data-path") for g in root.iter(SVG + "g") if g.get("class") == "lane"]


def x_range(e):
    """Horizontal extent of a mark (line, rect, circle or path)."""
    xs = []
    for el in e.iter():
        for attr in ("x1", "x2"):
            if el.get(attr):
                xs.append(float(el.get(attr)))
        if el.get("x") and el.get("width"):
            xs += [float(el.get("x")), float(el.get("x")) + float(el.get("width"))]
        if el.get("cx"):
            xs += [float(el.get("cx")) - float(el.get("r")), float(el.get("cx")) + float(el.get("r"))]
        if el.get("d"):
            m = re.match(r"M([\d.]+) [\d.]+ l(-?[\d.]+) [\d.]+ l(-?[\d.]+)", el.get("d"))
            x0 = float(m.group(1))
            xs += [x0, x0 + float(m.group(2)), x0 + float(m.group(2)) + float(m.group(3))]
    return min(xs), max(xs)


# The bundled KV scenario.
tree = os.path.join(examples, "kv_tree.json")
root = render(tree, os.path.join(examples, "kv_scenario.txt"), "kv", "--until", "40")
check("root element", root.tag == SVG + "svg", root.tag)
legend = root.find(".//*[@id='legend']")
check("legend present", legend is not None)
if legend is not None:
    words = " ".join(legend.itertext())
    for word in ["running", "crash", "killed", "exit", "stopped by its supervisor", "restart",
                 "start error", "start ignored", "gave up", "application exit", "node halt"]:
        check("legend names '%s'" % word, word in words, words)
# Lane order: the tree's start order, dynamic children right under their supervisor in order of
# first start.
order = json.loads(subprocess.run([supsim, "order", tree, "--json"], capture_output=True,
                                  text=True).stdout)["start_order"]
static = [p for p in order if "/" in p]
drawn = lanes(root)
expected = []
for path in static:
    expected.append(path)
    expected += [p for p in drawn if p not in static and p.rsplit("/", 1)[0] == path]
check("lanes follow the tree", drawn == expected, "%s != %s" % (drawn, expected))
bucket, sup = "kv/KV.Supervisor/KV.BucketSupervisor/shopping", "kv/KV.Supervisor/KV.BucketSupervisor"
check("dynamic child under its supervisor",
      bucket in drawn and sup in drawn and drawn.index(bucket) == drawn.index(sup) + 1, drawn)
# The registry crashes at 5 s and one_for_all restarts it at 5 s: both marks, side by side.
crash = [m for m in marks(root, "crash") if tooltip(m).startswith("5 s exit kv/KV.Supervisor/KV.Registry")]
restart = [m for m in marks(root, "restart") if tooltip(m).startswith("5 s start kv/KV.Supervisor/KV.Registry")]
check("crash at 5 s drawn", len(crash) == 1, [tooltip(m) for m in marks(root, "crash")])
check("restart at 5 s drawn", len(restart) == 1, [tooltip(m) for m in marks(root, "restart")])
if crash and restart:
    check("crash and restart at the same instant do not overlap",
          x_range(crash[0])[1] <= x_range(restart[0])[0], (x_range(crash[0]), x_range(restart[0])))
end = root.find(".//*[@id='end-time']")
check("end time labelled", end is not None and "end 24.5 s" in "".join(end.itertext()))
check("node halt drawn", len(marks(root, "node-halt")) == 1)

# A kill is not a crash: brutal_kill and `crash ... killed`.
killing = os.path.join(work, "kill.json")
with open(killing, "w") as f:
    json.dump({"supervisor": {"id": "S", "strategy": "one_for_all", "intensity": 5, "children": [
        {"id": "a"}, {"id": "b", "shutdown": "brutal_kill"}, {"id": "c"}]}}, f)
with open(os.path.join(work, "kill.txt"), "w") as f:
    f.write("1 crash S/a\n2 crash S/c killed\n")
root = render(killing, os.path.join(work, "kill.txt"), "kill")
killed = [tooltip(m) for m in marks(root, "killed")]
crashes = [tooltip(m) for m in marks(root, "crash")]
check("brutal_kill drawn as a kill", any("terminate S/b killed" in t for t in killed), killed)
check("exit killed drawn as a kill", any("exit S/c killed" in t for t in killed), killed)
check("a kill is not drawn as a crash", not any("killed" in t for t in crashes), crashes)
check("the crash is drawn as a crash", any("exit S/a crash" in t for t in crashes), crashes)

# A large tree stays readable: quiet lanes are folded, busy ones and their supervisors stay.
big = os.path.join(work, "big.json")
with open(big, "w") as f:
    json.dump({"applications": [{"name": "app", "supervisor": {"id": "top", "children": [
        {"id": "pool%d" % p, "children": [{"id": "w%d" % i} for i in range(100)]}
        for p in range(3)]}}]}, f)
with open(os.path.join(work, "big.txt"), "w") as f:
    f.write("1 crash app/top/pool1/w42\n")
root = render(big, os.path.join(work, "big.txt"), "big")
drawn = lanes(root)
check("large tree folded", len(drawn) <= 61, len(drawn))
check("busy lane kept", "app/top/pool1/w42" in drawn, drawn)
check("its supervisors kept", "app/top/pool1" in drawn and "app/top" in drawn, drawn)
note = root.find(".//*[@id='not-drawn']")
check("folded lanes counted", note is not None and "quiet processes not drawn" in note.text,
      note.text if note is not None else None)
check("folded lanes counted exactly",
      note is not None and note.text.startswith("%d " % (1 + 3 + 300 - len(drawn))),
      note.text if note is not None else None)

for failure in failures:
    print(failure)
sys.exit(1 if failures else 0)
