#!/usr/bin/env python3
"""supsim against real OTP supervisors.

Runs every case (hand-written ones mirroring supervisor_SUITE, then seeded random
trees and scripts) once on real supervisors, all in one Erlang VM
(oracle/supervisor_oracle.escript), and once through `supsim run TREE EVENTS --json`,
and compares the traces (see trace_compare.py). Prints the seed and a minimal diff
for every case that differs; exits 0 when every case agrees, 1 when some differ,
2 on bad usage, 3 when Erlang/OTP (Debian package erlang-nox) is missing or the
oracle fails.

With --realtime, the cases are those of realtime_cases.py (workers that take seconds to
stop, events overlapping terminations, killed supervisors) and the oracle injects each
event at its time whatever the case is doing; event times are compared within
REALTIME_TOLERANCE_S.

  conformance.py --supsim BUILD/bin/supsim [--seed N] [--cases N] [--keep DIR]
                 [--only NAME] [--no-suite] [--dynamic] [--realtime] [--tolerate]
                 [--oracle-only]
"""

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import erlang_terms  # noqa: E402
import observations  # noqa: E402
import realtime_cases  # noqa: E402
import scenario  # noqa: E402
import suite_cases  # noqa: E402
import trace_compare  # noqa: E402
import tree_generator  # noqa: E402

ORACLE = os.path.join(HERE, "oracle", "supervisor_oracle.escript")
PHASE_MS = 150     # where the oracle puts whole monotonic seconds; passed to supsim --phase
BATCH = 120        # cases run at once in the oracle VM
RERUNS = 2         # how many times a case disturbed by a VM stall is run again
CONFIRM_RUNS = 2   # how many more real runs a differing case gets before it counts
# Real-time cases: every consequence of an event happens at the event's fraction of a
# second plus whole seconds, and scripted fractions are 0.1 s apart (realtime_cases.py),
# so a time off by 0.1 s is a different cause; a real run adds a few ms of latency.
REALTIME_TOLERANCE_S = 0.09


def fail_environment(message):
    print("supsim conformance: " + message, file=sys.stderr)
    sys.exit(3)


def check_erlang():
    for tool in ("erl", "escript"):
        if shutil.which(tool) is None:
            fail_environment("`%s` not found: the conformance tests run real OTP supervisors; "
                             "install the Debian package erlang-nox" % tool)


def write_case_files(case, directory):
    tree_path = os.path.join(directory, case.name + ".tree.json")
    events_path = os.path.join(directory, case.name + ".events")
    with open(tree_path, "w", encoding="utf-8") as f:
        f.write(case.tree_json())
    with open(events_path, "w", encoding="utf-8") as f:
        f.write(case.events)
    return tree_path, events_path


def elixir_ebin():
    """Where Elixir's modules are, for the cases with a DynamicSupervisor."""
    if shutil.which("elixir") is None:
        fail_environment("`elixir` not found: the DynamicSupervisor cases run Elixir's real "
                         "DynamicSupervisor; install the Debian package elixir")
    proc = subprocess.run(["elixir", "-e", "IO.puts(:code.lib_dir(:elixir, :ebin))"],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        fail_environment("elixir does not run: " + proc.stderr.strip())
    return proc.stdout.strip()


def run_oracle_once(numbered, directory, ebin, realtime=False):
    """{case_id: OracleRun} for [(case_id, case)], all in one VM."""
    cases_path = os.path.join(directory, "cases.eterm")
    out_path = os.path.join(directory, "oracle.out")
    with open(cases_path, "w", encoding="utf-8") as f:
        f.write("{settings, #{phase_ms => %d, batch => %d, elixir_ebin => %s, realtime => %s}}.\n"
                % (PHASE_MS, BATCH, erlang_terms.term(ebin), erlang_terms.term(realtime)))
        for case_id, case in numbered:
            f.write(scenario.oracle_case(case, case_id))
    proc = subprocess.run(["escript", ORACLE, cases_path, out_path],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        fail_environment("the oracle failed (exit %d):\n%s%s"
                         % (proc.returncode, proc.stdout, proc.stderr))
    return observations.read_oracle_output(out_path)


def run_oracle(cases, directory, ebin, realtime):
    """Runs every case on real OTP. A case during which the VM stood still (another
    program hogging the CPUs) did not run at its scenario's times: it is run again, up
    to RERUNS times; the runs kept are undisturbed ones where possible."""
    started = time.monotonic()
    runs = run_oracle_once(list(enumerate(cases)), directory, ebin, realtime)
    for _ in range(RERUNS):
        disturbed = [i for i, run in runs.items() if run.stall_ms > 0]
        if not disturbed:
            break
        print("supsim conformance: %d cases ran while the VM stood still (up to %d ms); "
              "running them again" % (len(disturbed), max(runs[i].stall_ms for i in disturbed)))
        runs.update(run_oracle_once([(i, cases[i]) for i in disturbed], directory, ebin,
                                    realtime))
    return runs, time.monotonic() - started


def otp_release():
    """The release of the oracle's OTP, whose rules supsim is asked to model (--otp)."""
    proc = subprocess.run(["erl", "-noshell", "-eval",
                           "io:format(\"~s\", [erlang:system_info(otp_release)]), halt()."],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0 or not proc.stdout.strip().isdigit():
        fail_environment("erl does not say its release: " + proc.stderr.strip())
    return proc.stdout.strip()


OTP_RELEASE = None


def supsim_command(supsim, case, tree_path, events_path, realtime=False):
    command = [supsim, "run", tree_path, events_path, "--json", "--phase",
               "%g" % (PHASE_MS / 1000), "--otp", OTP_RELEASE]
    if not realtime:
        # The oracle injects each event once the case is quiet: supsim does the same.
        command.append("--settle")
    if case.until is not None:
        command += ["--until", "%g" % float(case.until)]
    return command


def run_supsim(command):
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return None, "supsim exited %d: %s" % (proc.returncode, proc.stderr.strip())
    return trace_compare.parse_supsim_json(proc.stdout), None


def oracle_trouble(run):
    kinds = {o.kind for o in run.observations}
    trouble = []
    if run.stall_ms > 0:
        trouble.append("the real run was disturbed %d times in a row (the VM stood still "
                       "for up to %d ms): the machine is too busy" % (RERUNS + 1, run.stall_ms))
    if "unsettled" in kinds:
        trouble.append("the real run did not settle before an event (a process kept busy)")
    if "unknown_process" in kinds:
        trouble.append("the real run saw a process it cannot name")
    return trouble


def tolerate_problems(supsim, case, tree_path, oracle_events):
    """The real run's give-up times (from the first crash) against the earliest and latest
    that `supsim tolerate --interval` gives for each level, over all phases."""
    path, interval, start = case.expect["tolerate"]
    proc = subprocess.run([supsim, "tolerate", tree_path, path, "--interval", interval, "--json",
                           "--otp", OTP_RELEASE],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return ["supsim tolerate exited %d: %s" % (proc.returncode, proc.stderr.strip())]
    report = json.loads(proc.stdout)
    problems = []
    for level in report["levels"]:
        if level["level"] == "node":
            event, who = "node_halt", None
        elif level["level"] == "application":
            event, who = "app_exit", level["path"]
        else:
            event, who = "max_intensity", level["path"]
        real = [e.t for e in oracle_events if e.event == event and who in (None, e.path)]
        times = level["at_interval"]
        if not real:
            if times["gives_up_at"] == times["phases"]:
                problems.append("tolerate: %s gives up at every phase, the real run did not"
                                % level["path"])
            continue
        after = real[0] - float(start)
        if times["gives_up_at"] == 0 or not (times["earliest"] - 0.25 <= after
                                             <= times["latest"] + 0.25):
            problems.append("tolerate: %s gave up %.3f s after the first crash in the real run, "
                            "outside %s" % (level["path"], after, json.dumps(times)))
    return problems


def report_case(case, problems, command, oracle_events):
    print("DIFFERENT  %s  (%s)" % (case.name, case.note))
    for p in problems:
        print("  " + p.replace("\n", "\n  "))
    print("  reproduce: " + " ".join(command))
    if oracle_events is not None:
        print("  real OTP trace:")
        for e in oracle_events:
            print("    %7.3f  %s" % (e.t, e.render()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--supsim", help="the supsim binary")
    parser.add_argument("--seed", type=int, default=None, help="seed of the random cases")
    parser.add_argument("--cases", type=int, default=150, help="number of random cases")
    parser.add_argument("--keep", help="write the cases and results to this directory")
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    parser.add_argument("--no-suite", action="store_true",
                        help="only the random cases, not the hand-written ones")
    parser.add_argument("--dynamic", action="store_true",
                        help="Elixir DynamicSupervisors too (needs the Debian package elixir)")
    parser.add_argument("--realtime", action="store_true",
                        help="the real-time cases, events injected at their time (needs elixir)")
    parser.add_argument("--tolerate", action="store_true",
                        help="only the steady-crash cases, also checked against "
                             "`supsim tolerate --interval`")
    parser.add_argument("--oracle-only", action="store_true",
                        help="print the real OTP traces, do not run supsim")
    args = parser.parse_args()
    if not args.oracle_only and not args.supsim:
        parser.error("--supsim is required (or --oracle-only)")
    check_erlang()
    global OTP_RELEASE
    OTP_RELEASE = otp_release()

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    print("supsim conformance: seed %d (rerun with --seed %d)" % (seed, seed))
    suite = []
    if args.realtime:
        suite = [] if args.no_suite else realtime_cases.cases()
        cases = suite + realtime_cases.random_cases(seed, args.cases)
    else:
        if not args.no_suite:
            suite = suite_cases.dynamic_cases() if args.dynamic else (
                suite_cases.cases() + suite_cases.version_dependent_cases())
        cases = suite + tree_generator.cases(seed, args.cases, dynamic=args.dynamic)
    if args.tolerate:
        cases = suite_cases.tolerate_cases()
    if args.only:
        cases = [c for c in cases if args.only in c.name]

    directory = args.keep or tempfile.mkdtemp(prefix="supsim-conformance-")
    os.makedirs(directory, exist_ok=True)
    files = [write_case_files(c, directory) for c in cases]
    # The real-time tier always has Elixir cases: it fails, never skips, without elixir.
    needs_elixir = args.realtime or any(scenario.uses_elixir(c.tree) for c in cases)
    ebin = elixir_ebin() if needs_elixir else ""
    tolerance = REALTIME_TOLERANCE_S if args.realtime else trace_compare.TIME_TOLERANCE_S
    runs, oracle_seconds = run_oracle(cases, directory, ebin, args.realtime)
    print("supsim conformance: %d cases on real OTP in %.1f s" % (len(cases), oracle_seconds))

    def problems_of(case_id, run):
        """What differs between supsim and one real run of a case, or []."""
        case, (tree_path, events_path) = cases[case_id], files[case_id]
        oracle_events = trace_compare.from_oracle(observations.trace_events(run.observations))
        problems = oracle_trouble(run)
        command = supsim_command(args.supsim, case, tree_path, events_path, args.realtime)
        result, error = run_supsim(command)
        if error:
            problems.append(error)
        else:
            supsim_events, summary = result
            problems += trace_compare.compare(case.tree, supsim_events, summary, oracle_events,
                                              run.halted, run.running, tolerance)
        problems += suite_cases.check_expectations(case, oracle_events, run)
        if "tolerate" in case.expect and not error:
            problems += tolerate_problems(args.supsim, case, tree_path, oracle_events)
        return problems, command, oracle_events

    differing = 0
    seen = collections.Counter()
    first_differences = {}
    for case_id, case in enumerate(cases):
        run = runs.get(case_id)
        if run is None:
            fail_environment("the oracle returned nothing for case " + case.name)
        oracle_events = trace_compare.from_oracle(observations.trace_events(run.observations))
        seen.update(e.event + ("/killed" if e.reason == "killed" else "") for e in oracle_events)
        if args.oracle_only:
            print("== %s  (%s)%s" % (case.name, case.note, "  HALTED" if run.halted else ""))
            for e in oracle_events:
                print("   %7.3f  %s" % (e.t, e.render()))
            print("   running: " + " ".join(run.running))
            for problem in oracle_trouble(run) + suite_cases.check_expectations(case, oracle_events, run):
                differing += 1
                print("   EXPECTATION: " + problem)
            continue
        found = problems_of(case_id, run)
        if found[0]:
            first_differences[case_id] = found
    # supsim is deterministic; a real run is not quite (same-instant events race with the
    # signals of the one before). A difference counts when it shows in every real run of the
    # case: each differing case is run again on real OTP, up to CONFIRM_RUNS more times.
    unconfirmed = []
    if first_differences and not args.oracle_only:
        pending = sorted(first_differences)
        for _ in range(CONFIRM_RUNS):
            if not pending:
                break
            print("supsim conformance: %d cases differ; running them again on real OTP" % len(pending))
            reruns = run_oracle_once([(i, cases[i]) for i in pending], directory, ebin,
                                     args.realtime)
            agreed = [i for i in pending if i in reruns and not problems_of(i, reruns[i])[0]]
            unconfirmed += agreed
            pending = [i for i in pending if i not in agreed]
        for case_id in pending:
            differing += 1
            problems, command, oracle_events = first_differences[case_id]
            report_case(cases[case_id], problems, command, oracle_events)
        for case_id in unconfirmed:
            print("supsim conformance: %s differed once and agreed on a re-run of real OTP "
                  "(a timing race in the real run): %s"
                  % (cases[case_id].name, "; ".join(first_differences[case_id][0])[:300]))
    if args.oracle_only:
        print("supsim conformance: %d problems with the real runs" % differing)
        return 1 if differing else 0
    print("supsim conformance: real OTP events compared: "
          + ", ".join("%s %d" % item for item in sorted(seen.items())))
    print("supsim conformance: %d of %d cases differ (seed %d); %d agreed only on a re-run%s"
          % (differing, len(cases), seed, len(unconfirmed),
             "; cases kept in " + directory if differing and not args.keep else ""))
    if not args.keep and differing == 0:
        shutil.rmtree(directory, ignore_errors=True)
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
