#!/usr/bin/env python3
"""Every sentence `appgraph why` prints is checked against `appgraph order` (the start order),
`appgraph order -v` (the full order with types and status) and the .app/.rel files, on seeded
random releases (included applications, every start type, uses of included applications) and on
the cases of the explanations once found false (a pull-in through another chain, an application
that uses a load-type one).

Usage: why_sentences_test.py APPGRAPH [SEED] [RELEASES]
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

BIN = sys.argv[1]
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 13
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 60
failures = []
sentences = 0


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True)


def write_release(d, apps, entries):
    """apps: name -> (uses, includes); entries: [(name, type or None)]."""
    for name, (uses, incs) in apps.items():
        with open(os.path.join(d, name + ".app"), "w") as f:
            f.write(f'{{application, {name}, [{{description, "{name}"}}, {{vsn, "1.0"}}, '
                    f'{{modules, []}}, {{registered, []}}, {{applications, [{", ".join(uses)}]}}, '
                    f'{{included_applications, [{", ".join(incs)}]}}]}}.\n')
    items = ", ".join(f'{{{n}, "1.0"{", " + t if t else ""}}}' for n, t in entries)
    with open(os.path.join(d, "t.rel"), "w") as f:
        f.write(f'{{release, {{"t", "1"}}, {{erts, "13"}}, [{items}]}}.\n')
    return os.path.join(d, "t.rel")


def check_release(label, rel, apps, entries):
    global sentences
    order = run("order", rel)
    if order.returncode != 0:
        return False  # does not resolve: nothing to explain
    start = order.stdout.split()
    full, status = [], {}
    for line in run("order", rel, "-v").stdout.splitlines():
        parts = line.split()
        full.append(parts[0])
        status[parts[0]] = parts
    rel_order = [n for n, _ in entries]
    includer = {i: p for p, (_, incs) in apps.items() for i in incs}

    def top_of(name):
        seen = set()
        while name in includer and name not in seen:
            seen.add(name)
            name = includer[name]
        return name
    for app in full:
        proc = run("why", rel, app, "--json")
        if proc.returncode != 0:
            failures.append(f"{label}: why {app}: exit {proc.returncode}: {proc.stderr}")
            continue
        doc = json.loads(proc.stdout)
        bad = lambda text, why: failures.append(f"{label}: why {app}: '{text}': {why}")
        # The numbers.
        if doc["position"] is not None and start[doc["position"] - 1] != app:
            bad("position", f"line {doc['position']} of order is {start[doc['position'] - 1]}")
        if (doc["position"] is None) != (app not in start):
            bad("position", "null exactly when order does not list it")
        if full[doc["full_position"] - 1] != app or doc["total"] != len(full) or \
                doc["start_total"] != len(start):
            bad("full_position/total", "disagrees with order -v")
        for text in doc["reasons"]:
            sentences += 1
            m = re.match(r"in the release: listed in the \.rel", text)
            if m:
                if app not in rel_order:
                    bad(text, "not in the .rel")
                continue
            m = re.match(r"type (\w+): (.*)", text)
            if m:
                typ, rest = m.groups()
                line = status[app]
                if line[2] != typ:
                    bad(text, f"order -v says type {line[2]}")
                if rest.startswith("included by "):
                    if includer.get(app) != rest.split()[2].rstrip(",") or line[3] == "started":
                        bad(text, f"order -v: {line}")
                elif rest == "loaded and started by the boot script":
                    if line[3] != "started" or app not in start:
                        bad(text, f"order -v: {line}")
                elif rest.startswith("loaded; the boot script calls start_boot"):
                    used = re.search(r"it uses (\w+), which", rest).group(1)
                    if app not in start or f"start-fails={used}" not in line or \
                            status[used][3] == "started" and full.index(used) < full.index(app):
                        bad(text, f"order -v: {line}")
                elif rest == "loaded but never started":
                    if line[3] != "loaded" or app in start:
                        bad(text, f"order -v: {line}")
                elif rest.startswith("neither loaded"):
                    if line[3] != "not-loaded":
                        bad(text, f"order -v: {line}")
                else:
                    bad(text, "unknown status sentence")
                continue
            m = re.match(r"(?:position (\d+) of (\d+) in the start order|not in the start order; "
                         r"position (\d+) of (\d+) in the full order \(order -v\))"
                         r"(?:, after what it depends on: (.*))?$", text)
            if m:
                p, n, fp, fn, deps = m.groups()
                if p and (start[int(p) - 1] != app or int(n) != len(start)):
                    bad(text, "not order's line")
                if fp and (full[int(fp) - 1] != app or int(fn) != len(full) or app in start):
                    bad(text, "not order -v's line")
                for d in (deps.split(", ") if deps else []):
                    if full.index(d) > full.index(app):
                        bad(text, f"{d} comes after it in order -v")
                continue
            if text.startswith("pulled in front of "):
                chain = re.findall(r"(?:pulled in front of|itself pulled in front of) (\w+), which "
                                   r"depends on (\w+)", text)
                last = re.search(r"; (\w+) comes earlier in the \.rel", text)
                prev = app
                for puller, dependee in chain:
                    uses, incs = apps[puller]
                    direct = prev in uses or prev in incs
                    # a use of an application in prev's include chain: systools rewrites it
                    # into a use of the chain's top
                    rewritten = any(top_of(u) == prev for u in uses)
                    if dependee not in (prev, "it") or not (direct or rewritten):
                        bad(text, f"{puller} does not depend on {prev}")
                    if full.index(puller) < full.index(prev):
                        bad(text, f"{puller} comes before {prev}")
                    prev = puller
                if not last or last.group(1) != prev or \
                        rel_order.index(prev) > rel_order.index(app):
                    bad(text, "the last of the chain does not come earlier in the .rel")
                continue
            if text.startswith("nothing pulled it forward"):
                for before in rel_order[:rel_order.index(app)]:
                    if full.index(before) > full.index(app):
                        bad(text, f"{before}, listed before it, comes after it")
                continue
            m = re.match(r"\w+ uses (\w+), which is included by another application, so it waits "
                         r"for (\w+), the top of that include chain", text)
            if m:
                used, top = m.groups()
                if used not in includer or full.index(top) > full.index(app):
                    bad(text, "not so in order -v")
                continue
            bad(text, "a sentence this test does not know how to check")
    return True


def random_release(rng):
    n = rng.randint(3, 9)
    names = [f"a{i}" for i in range(n)]
    apps = {"kernel": ([], []), "stdlib": (["kernel"], [])}
    included = set()
    for i, name in enumerate(names):
        later = names[i + 1:]
        uses = ["kernel", "stdlib"] + rng.sample(later, min(len(later), rng.randint(0, 2)))
        free = [x for x in later if x not in included and x not in uses]
        incs = rng.sample(free, 1) if free and rng.random() < 0.25 else []
        included.update(incs)
        apps[name] = (uses, incs)
    # Sometimes a use of an application another one includes.
    for name in names:
        if rng.random() < 0.15 and included:
            target = rng.choice(sorted(included))
            if target != name and target not in apps[name][1]:
                apps[name][0].append(target)
    order = names[:]
    rng.shuffle(order)
    types = [None, None, None, "load", "none", "temporary", "transient"]
    entries = [("kernel", None), ("stdlib", None)] + [(n, rng.choice(types)) for n in order]
    return apps, entries


def main():
    rng = random.Random(SEED)
    explained = 0
    with tempfile.TemporaryDirectory() as tmp:
        # The cases once explained falsely: muontrap pulled through another chain
        # (nerves_time later in the .rel), and an application using a load-type one.
        cases = [({"kernel": ([], []), "stdlib": (["kernel"], []),
                   "demo": (["kernel", "wifi", "time"], []), "wifi": (["kernel", "net"], []),
                   "net": (["kernel", "muontrap"], []), "muontrap": (["kernel"], []),
                   "time": (["kernel", "muontrap"], [])},
                  [("kernel", None), ("stdlib", None), ("demo", None), ("wifi", None),
                   ("net", None), ("muontrap", None), ("time", None)]),
                 ({"kernel": ([], []), "stdlib": (["kernel"], []), "x": (["kernel"], []),
                   "y": (["kernel", "x"], []), "z": (["kernel", "y"], ["w"]), "w": (["kernel"], [])},
                  [("kernel", None), ("stdlib", None), ("z", None), ("x", "load"), ("y", None),
                   ("w", None)])]
        cases += [random_release(rng) for _ in range(COUNT)]
        for i, (apps, entries) in enumerate(cases):
            d = os.path.join(tmp, str(i))
            os.makedirs(d)
            rel = write_release(d, apps, entries)
            explained += check_release(f"case {i} (seed {SEED})", rel, apps, entries)
    for f in failures[:40]:
        print("FAIL:", f)
    print(f"why_sentences: {explained} releases explained, {sentences} sentences checked, "
          f"{len(failures)} false")
    return 1 if failures or explained < 2 else 0


if __name__ == "__main__":
    sys.exit(main())
