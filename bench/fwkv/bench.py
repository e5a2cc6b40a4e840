#!/usr/bin/env python3
"""fwkv beside the real tools: fw_printenv, fw_setenv (libubootenv) and mkenvimage (U-Boot).

Builds environments of 40 variables in 128 KiB and of 16,000 and 64,000 variables in 8 MiB
(with mkenvimage, so both sides read the same real-tool image), a 10,000-line key=value script,
and times each pair of commands on the same files:

    fwkv get -c CONFIG KEY -n           vs  fw_printenv -c CONFIG -n KEY
    fwkv list -c CONFIG                 vs  fw_printenv -c CONFIG
    fwkv put -c CONFIG --script FILE    vs  fw_setenv -c CONFIG -s FILE    (image restored before each run)
    fwkv create OUT --size N --from TXT vs  mkenvimage -s N -o OUT TXT

with hyperfine when it is installed (else a small loop here), and prints mean times and the
ratio real/fwkv. The slow real-tool runs get few repetitions (fw_printenv takes tens of seconds
on 64,000 variables). Timing is reported, never asserted: the targets are printed beside the
figures. Standard library only.
"""

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ENV_40 = 0x20000
ENV_BIG = 0x800000


def usage():
    print("usage: bench.py BINDIR [--slow-runs N] [--fast-runs N] [--skip-64k-script]", file=sys.stderr)
    sys.exit(2)


def make_inputs(work):
    """The text inputs: realistic Nerves keys for 40, numbered keys for the large ones."""
    rng = random.Random(2024)

    def value(lo, hi):
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789/._-") for _ in range(rng.randint(lo, hi)))

    nerves = ["nerves_fw_active=a", "nerves_fw_validated=1", "nerves_fw_autovalidate=1",
              "nerves_fw_devpath=/dev/mmcblk0", "nerves_serial_number=0123456789abcdef",
              "upgrade_available=0", "bootcount=1", "bootlimit=3"]
    for slot in "ab":
        for field in ("version", "platform", "architecture", "product", "description", "author", "uuid",
                      "vcs_identifier", "misc", "validated"):
            nerves.append("%s.nerves_fw_%s=%s" % (slot, field, value(4, 40)))
        for field in ("devpath", "fstype", "target"):
            nerves.append("%s.nerves_fw_application_part0_%s=%s" % (slot, field, value(4, 20)))
    while len(nerves) < 40:
        nerves.append("extra_%02d=%s" % (len(nerves), value(4, 30)))
    files = {"env40.txt": "\n".join(nerves[:40]) + "\n"}
    for count, name in ((16000, "env16k.txt"), (64000, "env64k.txt")):
        files[name] = "".join("var_%05d=%s\n" % (i, value(30, 90)) for i in range(count))
    files["script10k.txt"] = "".join("new_%05d=%s\n" % (i, value(20, 60)) for i in range(10000))
    for name, text in files.items():
        with open(os.path.join(work, name), "w") as f:
            f.write(text)


def sh(argv, cwd):
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def time_with_hyperfine(command, prepare, runs, warmup, cwd, name):
    out = os.path.join(cwd, "hf-%s.json" % name)
    argv = ["hyperfine", "-N", "--style", "none", "--export-json", out]
    if runs:
        argv += ["--runs", str(runs)]
    else:
        argv += ["--min-runs", "10"]
    if warmup:
        argv += ["--warmup", str(warmup)]
    if prepare:
        argv += ["--prepare", prepare]
    argv.append(command)
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode(errors="replace"))
        raise SystemExit("bench/fwkv: hyperfine failed on: %s" % command)
    with open(out) as f:
        result = json.load(f)["results"][0]
    return result["mean"], result.get("stddev") or 0.0, len(result["times"])


def time_with_loop(command, prepare, runs, warmup, cwd, name):
    runs = runs or 10
    times = []
    for i in range(warmup + runs):
        if prepare:
            subprocess.run(prepare.split(), cwd=cwd, check=True)
        start = time.perf_counter()
        subprocess.run(command.split(), cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.mean(times), (statistics.stdev(times) if len(times) > 1 else 0.0), len(times)


def main():
    args = sys.argv[1:]
    if not args:
        usage()
    bindir = os.path.abspath(args[0])
    slow_runs, fast_runs, skip_64k_script = 2, 0, False
    i = 1
    while i < len(args):
        if args[i] == "--slow-runs" and i + 1 < len(args):
            slow_runs = int(args[i + 1])
            i += 2
        elif args[i] == "--fast-runs" and i + 1 < len(args):
            fast_runs = int(args[i + 1])
            i += 2
        elif args[i] == "--skip-64k-script":
            skip_64k_script = True
            i += 1
        else:
            usage()
    fwkv = os.path.join(bindir, "fwkv")
    missing = [t for t in ("mkenvimage", "fw_printenv", "fw_setenv") if shutil.which(t) is None]
    if not os.access(fwkv, os.X_OK) or missing:
        print("bench/fwkv: needs %s (install u-boot-tools and libubootenv-tool)" %
              ", ".join(([fwkv] if not os.access(fwkv, os.X_OK) else []) + missing), file=sys.stderr)
        sys.exit(1)
    timer = time_with_hyperfine if shutil.which("hyperfine") else time_with_loop
    print("bench/fwkv: timing with %s; fwkv = %s" % (
        "hyperfine" if timer is time_with_hyperfine else "a plain loop (hyperfine not installed)", fwkv))
    sys.stdout.flush()

    work = tempfile.mkdtemp(prefix="fwkv-bench-")
    try:
        make_inputs(work)
        images = {"env40": ("env40.txt", ENV_40), "env16k": ("env16k.txt", ENV_BIG),
                  "env64k": ("env64k.txt", ENV_BIG), "script_base40": ("env40.txt", ENV_BIG)}
        for name, (text, size) in images.items():
            sh(["mkenvimage", "-s", str(size), "-o", name + ".img", text], work)
            with open(os.path.join(work, name + ".config"), "w") as f:
                f.write("%s.img 0 0x%x\n" % (name, size))
            with open(os.path.join(work, "w_" + name + ".config"), "w") as f:
                f.write("w_%s.img 0 0x%x\n" % (name, size))

        # (label, fwkv command, real command, prepare, real runs, note)
        pairs = []
        for name, count, key, real_runs in (("env40", "40 vars, 128 KiB", "nerves_fw_active", 0),
                                             ("env16k", "16,000 vars, 8 MiB", "var_15999", max(slow_runs, 3)),
                                             ("env64k", "64,000 vars, 8 MiB", "var_63999", slow_runs)):
            cfg = name + ".config"
            pairs.append(("get 1 key, " + count, "%s get -c %s %s -n" % (fwkv, cfg, key),
                          "fw_printenv -c %s -n %s" % (cfg, key), None, real_runs))
            pairs.append(("list, " + count, "%s list -c %s" % (fwkv, cfg), "fw_printenv -c %s" % cfg, None, real_runs))
        script_bases = [("script_base40", "40 vars", 0), ("env16k", "16,000 vars", max(slow_runs, 3))]
        if not skip_64k_script:
            script_bases.append(("env64k", "64,000 vars", 1))
        for base, count, real_runs in script_bases:
            wcfg = "w_%s.config" % base
            pairs.append(("put --script 10,000 lines, 8 MiB env of " + count,
                          "%s put -c %s --script script10k.txt" % (fwkv, wcfg),
                          "fw_setenv -c %s -s script10k.txt" % wcfg,
                          "cp %s.img w_%s.img" % (base, base), real_runs))
        for name, (text, size) in (("env40", images["env40"]), ("env16k", images["env16k"]),
                                   ("env64k", images["env64k"])):
            label = {"env40": "40 vars, 128 KiB", "env16k": "16,000 vars, 8 MiB", "env64k": "64,000 vars, 8 MiB"}[name]
            pairs.append(("create, " + label, "%s create out_fwkv.img --force --size %d --from %s" % (fwkv, size, text),
                          "mkenvimage -s %d -o out_mk.img %s" % (size, text), None, 0))

        rows = []
        for n, (label, ours, real, prepare, real_runs) in enumerate(pairs):
            print("  %s ..." % label, end="", flush=True)
            o_mean, o_sd, o_n = timer(ours, prepare, fast_runs, 0 if prepare else 3, work, "f%d" % n)
            r_mean, r_sd, r_n = timer(real, prepare, real_runs or fast_runs, 0 if (prepare or real_runs) else 3,
                                      work, "r%d" % n)
            rows.append((label, o_mean, o_sd, o_n, r_mean, r_sd, r_n, real.split()[0]))
            print(" fwkv %s, %s %s, ratio %s" % (fmt(o_mean), real.split()[0], fmt(r_mean), fmt_ratio(r_mean / o_mean)))

        # fwkv list beside the floor: a minimal program that reads the block, checks the CRC and
        # prints the entries (bench/fwkv/list_floor.cpp, built as fwkv_list_floor).
        floor = os.path.join(bindir, "fwkv_list_floor")
        floor_rows = []
        if os.access(floor, os.X_OK):
            for name, count, size in (("env40", "40 vars, 128 KiB", ENV_40), ("env64k", "64,000 vars, 8 MiB", ENV_BIG)):
                label = "list, " + count
                print("  %s beside the floor ..." % label, end="", flush=True)
                f_mean, f_sd, f_n = timer("%s %s.img 0x%x" % (floor, name, size), None, fast_runs, 3, work,
                                          "floor_%s" % name)
                o = next(row for row in rows if row[0] == label)
                floor_rows.append((label, o[1], o[2], o[3], f_mean, f_sd, f_n))
                print(" fwkv %s, floor %s, fwkv/floor %s" % (fmt(o[1]), fmt(f_mean), fmt_ratio(o[1] / f_mean)))
        else:
            print("bench/fwkv: %s not built: no floor figures" % floor)

        print()
        print("| case | fwkv mean (runs) | real tool | real mean (runs) | real/fwkv |")
        print("|---|---|---|---|---|")
        for label, o_mean, o_sd, o_n, r_mean, r_sd, r_n, tool in rows:
            print("| %s | %s ± %s (%d) | %s | %s ± %s (%d) | %s |" % (
                label, fmt(o_mean), fmt(o_sd), o_n, tool, fmt(r_mean), fmt(r_sd), r_n, fmt_ratio(r_mean / o_mean)))
        print()
        if floor_rows:
            print()
            print("| case | fwkv mean (runs) | floor mean (runs) | fwkv/floor |")
            print("|---|---|---|---|")
            for label, o_mean, o_sd, o_n, f_mean, f_sd, f_n in floor_rows:
                print("| %s | %s ± %s (%d) | %s ± %s (%d) | %s |" % (
                    label, fmt(o_mean), fmt(o_sd), o_n, fmt(f_mean), fmt(f_sd), f_n, fmt_ratio(o_mean / f_mean)))
            print()
        by_label = {row[0]: row for row in rows}

        def ratio(label):
            row = by_label.get(label)
            return row[4] / row[1] if row else None

        targets = [
            ("40 vars get no slower than fw_printenv", ratio("get 1 key, 40 vars, 128 KiB"), 1.0),
            ("40 vars list no slower than fw_printenv", ratio("list, 40 vars, 128 KiB"), 1.0),
            ("64,000 vars list >= 100x faster than fw_printenv", ratio("list, 64,000 vars, 8 MiB"), 100.0),
        ]
        # The put target is set for the 64,000-variable environment. On the smaller ones the
        # ratio is reported in the table only: fwkv's time there is writing and syncing the
        # 8 MiB block (tens of ms), which bounds the ratio far below 100x.
        r = ratio("put --script 10,000 lines, 8 MiB env of 64,000 vars")
        if r is not None:
            targets.append(("10,000-line put --script (env of 64,000 vars) >= 100x faster than fw_setenv -s",
                            r, 100.0))
        for text, r, need in targets:
            print("target: %-80s %8s  %s" % (text, fmt_ratio(r), "met" if r >= need else "NOT met"))
        for label, o_mean, _, _, f_mean, _, _ in floor_rows:
            if label.startswith("list, 64,000"):
                r = o_mean / f_mean
                print("target: %-80s %8s  %s" % ("64,000 vars list within 2x of the floor (fwkv/floor <= 2)",
                                                  fmt_ratio(r), "met" if r <= 2.0 else "NOT met"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fmt_ratio(ratio):
    return "%.2fx" % ratio if ratio < 10 else "%.1fx" % ratio


def fmt(seconds):
    if seconds >= 1:
        return "%.2f s" % seconds
    return "%.2f ms" % (seconds * 1000)


if __name__ == "__main__":
    main()
