#!/usr/bin/env python3
"""The JSON each command prints is the JSON its man page documents.

Each man page has a JSON OUTPUT section: one subsection per document, titled with the command
(".SS "fwkv info \\-\\-json""), holding an example document between .nf and .fi. This test runs
every documented command on inputs made here and in the examples, in several cases (so that the
fields that appear only in some cases are printed at least once), and requires, for every
document: every field printed is documented, every documented field is printed in one case at
least, and every value has the documented JSON type (or is null). Object keys in capitals
("KEY") stand for data: the printed keys of that object are then not fields. Every subsection
must be exercised, and every command of the table below must be documented.

Usage: json_schemas.py BIN_DIR SOURCE_DIR MAN_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

BIN, SRC, MAN = (os.path.realpath(p) for p in sys.argv[1:4])
REL = os.path.join(SRC, "examples/appgraph/nerves_demo/_build/rpi4_prod/rel/demo")
TREE = os.path.join(SRC, "examples/supsim/kv_tree.json")
EVENTS = os.path.join(SRC, "examples/supsim/kv_scenario.txt")
FIXTURES = os.path.join(SRC, "tests/fixtures/uboot_env")
failures = []


def documented(tool):
    """{title: example value} from the JSON OUTPUT section of TOOL's man page."""
    text = open(os.path.join(MAN, tool + ".1"), encoding="utf-8").read()
    section = text.split(".SH JSON OUTPUT\n", 1)[1].split("\n.SH ", 1)[0]
    out = {}
    for title, body in re.findall(r'^\.SS "(.*?)"\n(.*?)(?=^\.SS |\Z)', section, re.S | re.M):
        title = title.replace("\\-", "-")
        example = re.search(r"^\.nf\n(.*?)^\.fi$", body, re.S | re.M)
        if not example:
            failures.append(f"{tool}.1: {title}: no example between .nf and .fi")
            continue
        try:
            out[title] = json.loads(example.group(1).replace("\\-", "-"))
        except json.JSONDecodeError as e:
            failures.append(f"{tool}.1: {title}: the example is not JSON: {e}")
    return out


def placeholder(key):
    return key.isupper()


def kind(value):
    return {dict: "object", list: "array", str: "string", bool: "boolean",
            type(None): "null"}.get(type(value), "number")


def fields(value, path, out):
    """Every field path of a documented value -> its type. Children of a list are one element."""
    out[path] = kind(value)
    if isinstance(value, dict):
        for k, v in value.items():
            fields(v, path + "." + ("*" if placeholder(k) else k), out)
    elif isinstance(value, list) and value:
        fields(value[0], path + "[]", out)


def printed(value, doc, path, out):
    """Every field path of a printed value, following the documented shape `doc`."""
    out.setdefault(path, set()).add(kind(value))
    if isinstance(value, dict):
        keys = list(doc.keys()) if isinstance(doc, dict) else []
        mapped = bool(keys) and all(placeholder(k) for k in keys)
        for k, v in value.items():
            child = doc.get(keys[0] if mapped else k) if isinstance(doc, dict) else None
            # A tree's children are trees, at every depth: they are recorded as the documented
            # first level of children, whose shape they follow.
            if k == "children" and path.endswith(".children[]"):
                out.setdefault(path + ".children", set()).add(kind(v))
                printed(v, [doc], path[: -len("[]")], out)
                continue
            printed(v, child, path + "." + ("*" if mapped else k), out)
    elif isinstance(value, list):
        element = doc[0] if isinstance(doc, list) and doc else None
        for v in value:
            printed(v, element, path + "[]", out)


def run(args, stdin=None, expect=(0,)):
    proc = subprocess.run(args, capture_output=True, text=True, input=stdin, cwd=WORK)
    if proc.returncode not in expect:
        failures.append(f"{' '.join(args)}: exit {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


WORK = tempfile.mkdtemp(prefix="json-schemas-")


def sh(script):
    subprocess.run(["bash", "-c", script], check=True, cwd=WORK)


def build_inputs():
    fwkv = os.path.join(BIN, "fwkv")
    sh(f"""
printf 'a=1\\nb=2\\nnerves_fw_active=a\\na.x=1\\n' | '{fwkv}' create one.img --size 0x400 --from -
printf 'a=1\\nc=3\\nb=22\\n' | '{fwkv}' create two.img --size 0x400 --from -
'{fwkv}' create red.img --size 0x400 --redundant --from one.img 2>/dev/null || true
printf 'noeq\\nk=1\\nk=2\\n' | '{fwkv}' create awkward.img --size 0x400 --from -
head -c 1024 /dev/zero > zero.img
cp '{FIXTURES}/fixture_redundant_uboot.bin' redundant.bin
mkdir -p small
for app in kernel stdlib a b top; do :; done
""")
    app = lambda d, n, uses, inc="": open(os.path.join(WORK, d, n + ".app"), "w").write(
        f'{{application, {n}, [{{description, "{n}"}}, {{vsn, "1.0"}}, {{modules, []}}, '
        f'{{registered, []}}, {{applications, [{uses}]}}, {{included_applications, [{inc}]}}]}}.\n')
    for d in ("small", "cycle", "dup", "new"):
        os.makedirs(os.path.join(WORK, d), exist_ok=True)
        app(d, "kernel", "")
        app(d, "stdlib", "kernel")
    app("small", "top", "kernel, b", "a")
    app("small", "a", "kernel")
    app("small", "b", "kernel")
    rel = '{{release, {{"t", "{v}"}}, {{erts, "13"}}, [{{kernel, "1.0"}}, {{stdlib, "1.0"}}, {e}]}}.\n'
    open(os.path.join(WORK, "small/t.rel"), "w").write(
        rel.format(v=1, e='{top, "1.0"}, {a, "1.0", load}, {b, "1.0"}'))
    app("cycle", "top", "kernel, b", "a")
    app("cycle", "a", "kernel")
    app("cycle", "b", "kernel, a, ghost")
    open(os.path.join(WORK, "cycle/t.rel"), "w").write(
        rel.format(v=1, e='{top, "1.0"}, {a, "1.0"}, {b, "1.0"}'))
    app("dup", "x", "kernel", "s")
    app("dup", "y", "kernel", "s")
    app("dup", "s", "kernel")
    open(os.path.join(WORK, "dup/t.rel"), "w").write(
        rel.format(v=1, e='{x, "1.0"}, {y, "1.0"}, {s, "1.0"}'))
    for n in ("top", "a", "b"):
        subprocess.run(["cp", os.path.join(WORK, "small", n + ".app"), os.path.join(WORK, "new")])
    app("new", "c", "kernel")
    open(os.path.join(WORK, "new/t.rel"), "w").write(
        rel.format(v=2, e='{c, "1.0"}, {top, "1.0"}, {a, "1.0"}, {b, "1.0", temporary}'))
    open(os.path.join(WORK, "bad_tree.json"), "w").write(
        '{"supervisor": {"id": "S", "strategy": "x", "children": [{"id": "w"}]}}')
    open(os.path.join(WORK, "inf_tree.json"), "w").write(
        '{"applications": [{"name": "app", "supervisor": {"id": "S", "children": '
        '[{"id": "w", "shutdown": "infinity", "trap_exit": true, "stop_ms": null}]}}]}')
    open(os.path.join(WORK, "halt.txt"), "w").write("1 crash app/S/w\n1 crash app/S/w\n2 exit app/S/w normal\n")
    open(os.path.join(WORK, "restart.txt"), "w").write("1 crash app/S/w\n")
    # A release changed every way diff reports: b removed, c added, a's version, type and start
    # status, and top moved in front of a.
    os.makedirs(os.path.join(WORK, "new2"), exist_ok=True)
    for d in ("new2", "loop"):
        os.makedirs(os.path.join(WORK, d), exist_ok=True)
        app(d, "kernel", "")
        app(d, "stdlib", "kernel")
    app("new2", "top", "kernel")
    app("new2", "c", "kernel")
    open(os.path.join(WORK, "new2/a.app"), "w").write(open(os.path.join(WORK, "small/a.app")).read().replace('"1.0"', '"2.0"'))
    open(os.path.join(WORK, "new2/t.rel"), "w").write(
        rel.format(v=3, e='{c, "1.0"}, {top, "1.0"}, {a, "2.0", permanent}'))
    # top no longer uses b nor includes a: b moves after top (a start position and a reason),
    # and top's included_applications change.
    os.makedirs(os.path.join(WORK, "new3"), exist_ok=True)
    for name in ("kernel", "stdlib", "a", "b"):
        open(os.path.join(WORK, "new3", name + ".app"), "w").write(
            open(os.path.join(WORK, "small", name + ".app")).read())
    app("new3", "top", "kernel")
    open(os.path.join(WORK, "new3/t.rel"), "w").write(
        rel.format(v=4, e='{top, "1.0"}, {a, "1.0"}, {b, "1.0"}'))
    # Applications that use each other: a tree with a cycle and a repeated application.
    app("loop", "a", "kernel, b, c")
    app("loop", "b", "kernel, a, c")
    app("loop", "c", "kernel")
    # A cycle (a and b) and, from the sort itself, an undefined application (c uses and
    # includes d): systools reports both, the second under "more".
    os.makedirs(os.path.join(WORK, "more"), exist_ok=True)
    app("more", "kernel", "")
    app("more", "stdlib", "kernel")
    app("more", "a", "kernel, b")
    app("more", "b", "kernel, a")
    app("more", "c", "kernel, d", "d")
    app("more", "d", "kernel")
    open(os.path.join(WORK, "more/t.rel"), "w").write(
        rel.format(v=1, e='{a, "1.0"}, {b, "1.0"}, {c, "1.0"}, {d, "1.0"}'))
    open(os.path.join(WORK, "ignored.txt"), "w").write("1 crash app/S\n2 crash app/S/w\n")


def cases():
    """{documented title: [printed documents]}"""
    fwkv, appgraph, supsim = (os.path.join(BIN, t) for t in ("fwkv", "appgraph", "supsim"))
    one = lambda args, **kw: json.loads(run(args, **kw))
    lines = lambda args, **kw: [json.loads(l) for l in run(args, **kw).splitlines() if l]
    run_lines = lines([supsim, "run", TREE, EVENTS, "--until", "40", "--json"]) + \
        lines([supsim, "run", "inf_tree.json", "halt.txt", "--json"]) + \
        lines([supsim, "run", "inf_tree.json", "ignored.txt", "--json"]) + \
        lines([supsim, "run", "inf_tree.json", "restart.txt", "--json"])
    return {
        "fwkv list --json": [one([fwkv, "list", "one.img", "--json"])],
        "fwkv get --json": [one([fwkv, "get", "one.img", "a", "b", "--json"])],
        "fwkv active --json": [one([fwkv, "active", "one.img", "--json"])],
        "fwkv info --json": [one([fwkv, "info", "one.img", "--json"]),
                             one([fwkv, "info", "redundant.bin", "--offset", "0x1000", "--size",
                                  "0x2000", "--redundant-offset", "0x4000", "--json"]),
                             one([fwkv, "info", "zero.img", "--json"], expect=(3,))],
        "fwkv diff --json": [one([fwkv, "diff", "one.img", "two.img", "--json"], expect=(1,))],
        "fwkv check --json": [one([fwkv, "check", "awkward.img", "--json"]),
                              one([fwkv, "check", "zero.img", "--json"], expect=(3,))],
        "appgraph order --json": [one([appgraph, "order", "small/t.rel", "--json"])],
        "appgraph order --json (error)": [
            one([appgraph, "order", "cycle/t.rel", "--json"], expect=(1,)),
            one([appgraph, "order", "more/t.rel", "--json"], expect=(1,)),
            one([appgraph, "order", "dup/t.rel", "--json"], expect=(1,))],
        "appgraph check --json": [one([appgraph, "check", os.path.join(REL, "releases/0.1.0/demo.rel"), "--json"]),
                                  one([appgraph, "check", "cycle/t.rel", "--json"], expect=(1,)),
                                  one([appgraph, "check", "more/t.rel", "--json"], expect=(1,)),
                                  one([appgraph, "check", "dup/t.rel", "--json"], expect=(1,))],
        "appgraph tree --json": [one([appgraph, "tree", os.path.join(REL, "releases/0.1.0/demo.rel"), "--json"]),
                                 one([appgraph, "tree", "small/t.rel", "--json"]),
                                 one([appgraph, "tree", "loop", "a", "--json"], expect=(1,))],
        "appgraph why --json": [one([appgraph, "why", os.path.join(REL, "releases/0.1.0/demo.rel"), "muontrap", "--json"])],
        "appgraph diff --json": [one([appgraph, "diff", "small/t.rel", "new/t.rel", "--json"], expect=(1,)),
                                 one([appgraph, "diff", "small/t.rel", "new2/t.rel", "--json"], expect=(1,)),
                                 one([appgraph, "diff", "small/t.rel", "new3/t.rel", "--json"], expect=(1,))],
        "supsim run --json": [l for l in run_lines if l.get("event") != "summary"],
        "supsim run --json (summary)": [l for l in run_lines if l.get("event") == "summary"],
        "supsim order --json": [one([supsim, "order", TREE, "--json"]),
                                one([supsim, "order", "inf_tree.json", "--json"])],
        "supsim tolerate --json": [one([supsim, "tolerate", TREE, "kv/KV.Supervisor/KV.Registry", "--json"]),
                                   one([supsim, "tolerate", "inf_tree.json", "app/S/w", "--json"]),
                                   one([supsim, "tolerate", TREE, "kv/KV.Supervisor/KV.Registry",
                                        "--interval", "1.9", "--json"])],
        "supsim check --json": [one([supsim, "check", "inf_tree.json", "--json"]),
                                one([supsim, "check", "bad_tree.json", "--json"], expect=(3,))],
    }


def main():
    build_inputs()
    docs = {}
    for tool in ("fwkv", "appgraph", "supsim"):
        docs.update(documented(tool))
    runs = cases()
    for title in runs:
        if title not in docs:
            failures.append(f"{title}: printed but not documented in its man page's JSON OUTPUT")
    for title, example in docs.items():
        if title not in runs:
            failures.append(f"{title}: documented but not exercised by this test")
            continue
        want = {}
        fields(example, "", want)
        got = {}
        for document in runs[title]:
            printed(document, example, "", got)
        for path, kinds in sorted(got.items()):
            if path not in want:
                failures.append(f"{title}: prints {path or '(the document)'}, which is not documented")
            elif want[path] != "null" and not kinds <= {want[path], "null"}:
                failures.append(f"{title}: {path or '(the document)'} is {'/'.join(sorted(kinds))}, "
                                f"documented as {want[path]}")
        for path in sorted(want):
            if path not in got:
                failures.append(f"{title}: documents {path}, which no case printed")
    for f in failures:
        print("FAIL: " + f)
    print(f"json_schemas: {len(docs)} documents, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
