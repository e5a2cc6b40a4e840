#!/usr/bin/env python3
"""Conformance of `appgraph order --mode ensure` with application:ensure_all_started/1 (OTP).

A seeded generator writes acyclic random application graphs (OTP 25 recurses forever on a
cycle, so cycles are left to the unit tests) as loadable .app files without callback modules in
DIR/lib/<app>/ebin/, with included applications, optional applications present and absent, and
now and then a missing required application. One escript run starts every case's root in a
real VM; appgraph runs with --mode ensure --root ROOT --json on the same directory. The started
list, or the application the error names, must agree.

usage: conformance_ensure.py APPGRAPH [--seed N] [--cases N]
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


def app_file(name, uses, includes, optional):
    def atoms(xs):
        return "[" + ", ".join(xs) + "]"
    return (f'{{application, {name}, [{{description, "{name}"}}, {{vsn, "1.0"}}, {{modules, []}}, '
            f'{{registered, []}}, {{applications, {atoms(uses)}}}, {{included_applications, {atoms(includes)}}}, '
            f'{{optional_applications, {atoms(optional)}}}]}}.\n')


def generate(rng, directory, case):
    n = rng.randint(2, 12)
    names = [f"e{case}_{i}" for i in range(n)]
    root = names[0]
    for i, a in enumerate(names):
        uses = ["kernel", "stdlib"] if rng.random() < 0.7 else ["stdlib"]
        includes, optional = [], []
        later = names[i + 1:]
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            if later:
                u = rng.choice(later)
                if u not in uses:
                    uses.append(u)
                    if rng.random() < 0.15:
                        optional.append(u)
        if rng.random() < 0.1:
            gone = f"e{case}_gone{rng.randrange(3)}"
            uses.insert(rng.randrange(len(uses) + 1), gone)
            if rng.random() < 0.8:
                optional.append(gone)
        if later and rng.random() < 0.2:
            includes.append(rng.choice(later))
        rng.shuffle(uses)
        ebin = os.path.join(directory, "lib", a, "ebin")
        os.makedirs(ebin, exist_ok=True)
        with open(os.path.join(ebin, a + ".app"), "w") as f:
            f.write(app_file(a, uses, includes, optional))
    return root


def appgraph_view(appgraph, directory, root):
    proc = subprocess.run([appgraph, "order", os.path.join(directory, "lib"), "--mode", "ensure",
                           "--root", root, "--json"], capture_output=True, text=True)
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return ("crash", f"exit {proc.returncode}: {proc.stdout!r} {proc.stderr!r}")
    if proc.returncode == 0:
        return ("ok", ",".join(doc["start"]))
    return ("error", ",".join(doc["error"]["apps"]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("appgraph")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    print(f"conformance_ensure: seed {seed}, {args.cases} cases (rerun with --seed {seed})", flush=True)
    if shutil.which("escript") is None:
        print("conformance_ensure: FAIL: escript (erlang-nox) is not installed; this test needs a real VM")
        return 1
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="appgraph-ensure-")
    try:
        cases = []
        for i in range(args.cases):
            d = os.path.join(tmp, f"c{i}")
            cases.append((d, generate(rng, d, i)))
        listing = os.path.join(tmp, "cases.txt")
        with open(listing, "w") as f:
            f.write("".join(f"{d}\t{r}\n" for d, r in cases))
        oracle = subprocess.run(["escript", os.path.join(HERE, "ensure_oracle.escript"), listing],
                                capture_output=True, text=True)
        if oracle.returncode != 0:
            print("conformance_ensure: FAIL: the OTP oracle failed:\n" + oracle.stderr[-3000:])
            return 1
        expected = {line.split("\t")[0]: tuple(line.split("\t")[1:]) for line in oracle.stdout.splitlines()}
        differences, outcomes = 0, {}
        for d, root in cases:
            want, got = expected.get(d), appgraph_view(args.appgraph, d, root)
            outcomes[want[0] if want else "none"] = outcomes.get(want[0] if want else "none", 0) + 1
            if want != got:
                differences += 1
                if differences <= 10:
                    print(f"DIFFERENCE in {d} (root {root}):\n  OTP:      {want}\n  appgraph: {got}")
        print("conformance_ensure: outcomes " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
        if differences:
            print(f"conformance_ensure: FAIL: {differences} of {len(cases)} cases differ (seed {seed})")
            return 1
        print(f"conformance_ensure: PASS: {len(cases)} cases, zero differences (seed {seed})")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
