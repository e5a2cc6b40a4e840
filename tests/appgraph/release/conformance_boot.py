#!/usr/bin/env python3
"""Conformance of `appgraph order` with real systools (OTP's own release tooling).

A seeded generator writes random release graphs as real .app and .rel files: applications with
random uses, included applications (a forest, since systools never terminates on an include
cycle), optional applications present and absent, .rel include overrides (valid, and now and
then not a subset), every start type, registered-name clashes, cycles and undefined
applications. One escript run processes every case through systools; appgraph runs on each
case with --json. The start list, the full order, and the error kind and set must agree.

usage: conformance_boot.py APPGRAPH [--seed N] [--cases N] [--keep DIR]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = ["permanent", "transient", "temporary", "load", "none"]


def app_file(name, uses, includes=(), optional=(), registered=()):
    def atoms(xs):
        return "[" + ", ".join(xs) + "]"
    opts = [f'{{description, "{name}"}}', '{vsn, "1.0"}', "{modules, []}",
            f"{{registered, {atoms(registered)}}}", f"{{applications, {atoms(uses)}}}"]
    if includes:
        opts.append(f"{{included_applications, {atoms(includes)}}}")
    if optional:
        opts.append(f"{{optional_applications, {atoms(optional)}}}")
    return f"{{application, {name}, [{', '.join(opts)}]}}.\n"


def generate(rng, directory):
    """Writes one case; returns nothing (the oracle and appgraph read the files)."""
    n = rng.randint(2, 14)
    names = [f"q{i}" for i in range(n)]
    absent = [f"gone{i}" for i in range(3)]
    rng.shuffle(names)
    # Include forest: a parent always comes earlier in `names` than its children.
    includes = {a: [] for a in names}
    parent = {}
    for i, child in enumerate(names):
        if i > 0 and rng.random() < 0.3:
            p = names[rng.randrange(i)]
            includes[p].append(child)
            parent[child] = p
    if rng.random() < 0.03 and len(names) > 3:  # the same app included twice
        child = names[-1]
        other = rng.choice([a for a in names[:-1] if parent.get(child) != a])
        includes[other].append(child)
    apps = {}
    for a in names:
        uses = ["kernel", "stdlib"] if rng.random() < 0.8 else ["kernel"]
        optional = []
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            r = rng.random()
            if r < 0.08:
                u = rng.choice(absent)
                uses.append(u)
                optional.append(u)
            elif r < 0.1:
                uses.append(rng.choice(absent))  # undefined
            else:
                u = rng.choice(names)
                if u != a and u not in uses:
                    uses.append(u)
                    if rng.random() < 0.1:
                        optional.append(u)
        if rng.random() < 0.08:
            rng.shuffle(uses)
        registered = []
        if rng.random() < 0.01:
            registered = ["clash"]
        apps[a] = (uses, includes[a], optional, registered)
    order = names[:]
    rng.shuffle(order)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "kernel.app"), "w") as f:
        f.write(app_file("kernel", []))
    with open(os.path.join(directory, "stdlib.app"), "w") as f:
        f.write(app_file("stdlib", ["kernel"]))
    for a, (uses, incs, optional, registered) in apps.items():
        with open(os.path.join(directory, a + ".app"), "w") as f:
            f.write(app_file(a, uses, incs, optional, registered))
    entries = ['{kernel, "1.0"}', '{stdlib, "1.0"}']
    if rng.random() < 0.01:
        entries[1] = '{stdlib, "1.0", load}'
    for a in order:
        t = rng.choice(TYPES) if rng.random() < 0.4 else None
        override = None
        if apps[a][1] and rng.random() < 0.2:
            override = [x for x in apps[a][1] if rng.random() < 0.5]
            if rng.random() < 0.1:
                override.append(rng.choice(names))
        parts = [a, '"1.0"'] + ([t] if t else []) + (["[" + ", ".join(override) + "]"] if override is not None else [])
        entries.append("{" + ", ".join(parts) + "}")
    with open(os.path.join(directory, "t.rel"), "w") as f:
        f.write('{release, {"t", "1"}, {erts, "13.1.5"},\n [' + ",\n  ".join(entries) + "]}.\n")


def appgraph_view(appgraph, directory):
    proc = subprocess.run([appgraph, "order", os.path.join(directory, "t.rel"), "--json"],
                          capture_output=True, text=True)
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return ("crash", f"exit {proc.returncode}: {proc.stdout!r} {proc.stderr!r}")
    if proc.returncode == 0:
        return ("ok", ",".join(doc["start"]), ",".join(a["name"] for a in doc["applications"]))
    err = doc["error"]
    kind, detail = err["kind"], ",".join(err["apps"])
    if kind == "circular_dependencies" and err.get("more"):
        more = err["more"][0]
        kind += "+" + more["kind"]
        detail += "|" + ",".join(more["apps"])
    if kind in ("duplicate_include", "duplicate_register"):
        detail = ";".join(",".join(p) for p in err["pairs"])
    return ("error", kind, detail)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("appgraph")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--keep", default=None, help="write the cases here and keep them")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    print(f"conformance_boot: seed {seed}, {args.cases} cases (rerun with --seed {seed})", flush=True)
    if shutil.which("escript") is None:
        print("conformance_boot: FAIL: escript (erlang-nox) is not installed; this test needs real systools")
        return 1
    rng = random.Random(seed)
    root = args.keep or tempfile.mkdtemp(prefix="appgraph-conf-")
    try:
        dirs = []
        for i in range(args.cases):
            d = os.path.join(root, f"c{i}")
            generate(rng, d)
            dirs.append(d)
        listing = os.path.join(root, "cases.txt")
        with open(listing, "w") as f:
            f.write("\n".join(dirs) + "\n")
        oracle = subprocess.run(["escript", os.path.join(HERE, "systools_oracle.escript"), listing],
                                capture_output=True, text=True)
        if oracle.returncode != 0:
            print("conformance_boot: FAIL: the systools oracle failed:\n" + oracle.stderr[-3000:])
            return 1
        expected = {}
        for line in oracle.stdout.splitlines():
            parts = line.split("\t")
            expected[parts[0]] = tuple(parts[1:])
        differences, kinds = 0, {}
        for d in dirs:
            want = expected.get(d)
            got = appgraph_view(args.appgraph, d)
            label = want[0] if want[0] == "ok" else want[1]
            kinds[label] = kinds.get(label, 0) + 1
            # The .rel checks belong to the manifest layer, whose apps lists name other things:
            # for those only the kind is compared.
            if want and want[0] == "error" and want[1] in ("override_include", "mandatory_app"):
                same = got[0] == "error" and got[1] == want[1]
            else:
                same = want == got
            if not same:
                differences += 1
                if differences <= 10:
                    print(f"DIFFERENCE in {d}:\n  systools: {want}\n  appgraph: {got}")
        print("conformance_boot: outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        if differences:
            print(f"conformance_boot: FAIL: {differences} of {len(dirs)} cases differ (seed {seed})")
            if not args.keep:
                print("  rerun with --keep DIR to inspect the cases")
            return 1
        print(f"conformance_boot: PASS: {len(dirs)} cases, zero differences (seed {seed})")
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
