#!/usr/bin/env python3
"""appgraph beside erl (systools:make_script) on the same releases.

Releases: a 60-application release and synthetic ones of 1,000, 10,000 and 100,000
applications, each written as real .app files plus a .rel in a temporary directory. The graphs
are seeded and random: every app uses kernel and stdlib and up to three other apps (a DAG), one
in twenty is included by another, and the .rel lists them shuffled so systools has to pull
dependencies forward. erl is timed as a user runs it: VM start, make_script, halt. Beyond
10,000 applications erl is not run (it grows faster than linearly: minutes at 100,000).
appgraph runs as `appgraph order DIR` on the directory holding the .app files and t.rel.

usage: bench.py APPGRAPH [--sizes 60,1000,10000,100000] [--erl-max 10000]
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def write_release(directory, n, seed):
    rng = random.Random(seed)
    names = [f"app{i}" for i in range(n - 2)]
    parent = {}
    with_uses = {}
    for i, a in enumerate(names):
        uses = ["kernel", "stdlib"]
        for _ in range(rng.randint(0, 3)):
            if i > 0:
                u = names[rng.randrange(i)]
                if u not in uses:
                    uses.append(u)
        with_uses[a] = uses
    includes = {a: [] for a in names}
    for i, a in enumerate(names):
        if i > 0 and rng.random() < 0.05:
            p = names[rng.randrange(i)]
            # an included app must not be used by its includer's dependencies in a way that
            # forms a cycle: only include apps nobody uses directly and that use nothing local
            if a not in parent and len(with_uses[a]) == 2 and not any(a in u for u in with_uses.values()):
                includes[p].append(a)
                parent[a] = p
    os.makedirs(directory, exist_ok=True)

    def app_text(name, uses, incs):
        return (f'{{application,{name},[{{description,"{name}"}},{{vsn,"1.0"}},{{modules,[]}},{{registered,[]}},'
                f'{{applications,[{",".join(uses)}]}},{{included_applications,[{",".join(incs)}]}}]}}.\n')

    with open(os.path.join(directory, "kernel.app"), "w") as f:
        f.write(app_text("kernel", [], []))
    with open(os.path.join(directory, "stdlib.app"), "w") as f:
        f.write(app_text("stdlib", ["kernel"], []))
    for a in names:
        with open(os.path.join(directory, a + ".app"), "w") as f:
            f.write(app_text(a, with_uses[a], includes[a]))
    order = names[:]
    rng.shuffle(order)
    entries = ['{kernel,"1.0"}', '{stdlib,"1.0"}'] + [f'{{{a},"1.0"}}' for a in order]
    with open(os.path.join(directory, "t.rel"), "w") as f:
        f.write('{release,{"t","1"},{erts,"13.1.5"},[' + ",\n".join(entries) + "]}.\n")


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"bench: command failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return statistics.median(times), proc.stdout


def erl_command(directory):
    return ["erl", "-noshell", "-eval",
            f'D="{directory}", {{ok,_,_}} = systools:make_script(D++"/t",[{{path,[D]}},{{outdir,D}},local,silent,'
            'no_warn_sasl,no_dot_erlang]), {ok,[{script,_,C}]} = file:consult(D++"/t.script"), '
            'io:format("~s~n",[string:join([atom_to_list(A) || {apply,{application,start_boot,[A,_]}} <- C],"\\n")]), '
            'halt().']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("appgraph")
    parser.add_argument("--sizes", default="60,1000,10000,100000")
    parser.add_argument("--erl-max", type=int, default=10000)
    args = parser.parse_args()
    have_erl = shutil.which("erl") is not None
    if not have_erl:
        print("bench: erl not found: appgraph times only (install erlang-nox for the comparison)")
    tmp = tempfile.mkdtemp(prefix="appgraph-bench-")
    rows, previous = [], None
    try:
        print(f"{'apps':>7} {'erl (s)':>9} {'appgraph (s)':>13} {'ratio':>8} {'growth':>16}")
        for n in [int(s) for s in args.sizes.split(",")]:
            d = os.path.join(tmp, str(n))
            write_release(d, n, seed=n)
            # One untimed run of each tool, then the files (and the access times that first
            # read sets) written back: otherwise the kernel's writeback of thousands of fresh
            # inodes competes with whichever tool runs first. Both are then timed warm, as a
            # user who runs them on an existing release sees them.
            timed([args.appgraph, "order", d], 1)
            if have_erl and n <= args.erl_max:
                timed(erl_command(d), 1)
            os.sync()
            time.sleep(1)
            runs = 10 if n <= 1000 else (5 if n <= 10000 else 3)
            # The directory holds the .app files and t.rel: appgraph reads them all in one scan.
            ours, our_out = timed([args.appgraph, "order", d], runs)
            theirs = None
            if have_erl and n <= args.erl_max:
                theirs, erl_out = timed(erl_command(d), 1 if n >= 10000 else (3 if n >= 1000 else 10))
                if erl_out.split() != our_out.split():
                    sys.exit(f"bench: appgraph and systools disagree on the {n}-app release")
            growth = ""
            if previous:
                pn, pt = previous
                growth = f"x{ours / pt:.1f} for x{n / pn:.0f} apps"
            ratio = f"{theirs / ours:.0f}x" if theirs else "-"
            erl_text = f"{theirs:.3f}" if theirs else "skipped"
            print(f"{n:>7} {erl_text:>9} {ours:>13.4f} {ratio:>8} {growth:>16}", flush=True)
            rows.append((n, theirs, ours))
            previous = (n, ours)
        print("ratio = erl time / appgraph time (median of runs; erl includes VM start, as a user runs it);")
        print(f"erl is skipped beyond {args.erl_max} applications. Start lists were checked identical where erl ran.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
