#!/usr/bin/env python3
"""Shows that the conformance comparison catches a wrong simulator.

Runs conformance.py on a few hand-written cases with supsim replaced by a wrapper that
runs the real supsim and then damages its output in one way (MUTATIONS). Each damaged
run must be reported as different (exit 1) and name the damaged case; the undamaged
run of the same cases must agree (exit 0). Exits 0 when all of that holds, 1 otherwise,
3 when Erlang/OTP (erlang-nox) is missing.

  mutation_check.py --supsim BUILD/bin/supsim
"""

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = "suite_one_for_all"   # --only filter: one case with restarts, a give-up and a halt

# name -> Python statement run by the wrapper on `lines` (supsim's JSON lines)
MUTATIONS = {
    "drop_max_intensity": "lines = [l for l in lines if 'max_intensity' not in l]",
    "swap_terminate_order": (
        "i = next(k for k, l in enumerate(lines) if '\"terminate\"' in l)\n"
        "lines[i], lines[i + 1] = lines[i + 1], lines[i]"),
    "wrong_reason": "lines = [l.replace('\"crash\"', '\"boom\"', 1) for l in lines]",
    "late_restart": (
        "i = max(k for k, l in enumerate(lines) if '\"start\"' in l)\n"
        "lines[i] = lines[i].replace('\"t\":0.2', '\"t\":0.9')"),
    "no_halt": "lines = [l.replace('\"node_halted\":true', '\"node_halted\":false') for l in lines]",
}

WRAPPER = """#!{python}
import subprocess, sys
out = subprocess.run([{supsim!r}] + sys.argv[1:], capture_output=True, text=True)
lines = out.stdout.splitlines()
{mutation}
sys.stdout.write("\\n".join(lines) + "\\n")
sys.exit(out.returncode)
"""


def run_conformance(supsim):
    return subprocess.run([sys.executable, os.path.join(HERE, "conformance.py"),
                           "--supsim", supsim, "--only", CASES, "--cases", "0", "--seed", "1"],
                          capture_output=True, text=True, timeout=300)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--supsim", required=True)
    args = parser.parse_args()
    supsim = os.path.abspath(args.supsim)
    failures = []

    clean = run_conformance(supsim)
    if clean.returncode == 3:
        print(clean.stderr, file=sys.stderr)
        return 3
    if clean.returncode != 0:
        failures.append("the undamaged supsim does not agree with real OTP:\n" + clean.stdout)

    with tempfile.TemporaryDirectory(prefix="supsim-mutation-") as directory:
        for name, mutation in MUTATIONS.items():
            wrapper = os.path.join(directory, name)
            with open(wrapper, "w", encoding="utf-8") as f:
                f.write(WRAPPER.format(python=sys.executable, supsim=supsim, mutation=mutation))
            os.chmod(wrapper, 0o755)
            damaged = run_conformance(wrapper)
            caught = damaged.returncode == 1 and ("DIFFERENT  " + CASES) in damaged.stdout
            print("%-22s %s" % (name, "caught" if caught else "NOT CAUGHT"))
            if not caught:
                failures.append("mutation %s not caught (exit %d):\n%s%s"
                                % (name, damaged.returncode, damaged.stdout, damaged.stderr))
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
