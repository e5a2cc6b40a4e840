#!/usr/bin/env python3
"""supsim capture on a large node: 100,000 processes under DynamicSupervisors.

  bench/supsim/capture_bench.py BINDIR [--buckets N] [--tasks N]

Starts a private epmd and an Elixir node running the KV application of the capture tests
(tests/supsim/capture/nodes/kv), with N buckets (Agents) under KV.BucketSupervisor and N tasks
under the KV.RouterTasks Task.Supervisor (90,000 + 10,000 by default), then times, each as its
own process with its peak memory (ru_maxrss):
  1. supsim capture with the default --max-dynamic 1000;
  2. supsim capture --max-dynamic all (every child written);
  3. the floor beside it: an Erlang node of its own that only fetches the same supervisors'
     states with rpc:call(Node, sys, get_state, [Sup]), decodes nothing and writes nothing (what any
     observer-style reader must at least do to see every child).
Figures go to standard output; nothing is asserted.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "supsim", "capture"))
import harness  # noqa: E402


def timed(command, env):
    """(wall seconds, peak RSS in MiB, exit code, stderr) of one process."""
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    err = proc.stderr.read()
    return wall, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status), err


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("bindir")
    parser.add_argument("--buckets", type=int, default=90000)
    parser.add_argument("--tasks", type=int, default=10000)
    args = parser.parse_args()
    supsim = os.path.join(os.path.abspath(args.bindir), "supsim")
    env = harness.Env(supsim)
    node = None
    try:
        node = harness.Node(env, "kvbig", elixir=True)
        node.call("{ok, _} = application:ensure_all_started(kv, permanent)")
        started = time.monotonic()
        node.call("lists:foreach(fun(_) -> {ok, _} = 'Elixir.DynamicSupervisor':start_child("
                  "'Elixir.KV.BucketSupervisor', 'Elixir.KV.Bucket') end, lists:seq(1, %d))"
                  % args.buckets, timeout=600)
        node.call("lists:foreach(fun(_) -> {ok, _} = 'Elixir.Task.Supervisor':start_child("
                  "'Elixir.KV.RouterTasks', fun() -> timer:sleep(infinity) end) end, "
                  "lists:seq(1, %d))" % args.tasks, timeout=600)
        print("node %s: %s processes in total, %d under DynamicSupervisors (started in %.1f s)"
              % (node.name, node.call("erlang:system_info(process_count)"),
                 args.buckets + args.tasks, time.monotonic() - started))
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "tree.json")
            for label, extra in (("supsim capture (default --max-dynamic 1000)", []),
                                 ("supsim capture --max-dynamic all", ["--max-dynamic", "all"])):
                command = [supsim, "capture", node.name, "--cookie-file", env.cookie_file,
                           "-o", out] + extra
                wall, rss, code, err = timed(command, env.env)
                print("%-48s %6.2f s  %7.1f MiB peak  exit %d  file %.1f MiB" % (
                    label, wall, rss, code, os.path.getsize(out) / 1048576.0))
                print("    " + err.strip().splitlines()[-1])
            full = node.name if "@" in node.name else node.name + "@" + socket.gethostname(
            ).split(".")[0]
            floor = ("R = rpc:call('%s', sys, get_state, ['Elixir.KV.BucketSupervisor']), "
                     "T = rpc:call('%s', sys, get_state, ['Elixir.KV.RouterTasks']), "
                     "true = is_map(R) andalso is_map(T), halt()." % (full, full))
            command = ["erl", "-sname", "floor_%d" % os.getpid(), "-setcookie", harness.COOKIE,
                       "-noshell", "-hidden", "-eval", floor]
            wall, rss, code, _ = timed(command, env.env)
            print("%-48s %6.2f s  %7.1f MiB peak  exit %d (includes starting erl)" % (
                "floor: erl rpc sys:get_state of both", wall, rss, code))
            command = ["erl", "-sname", "floor_%d" % os.getpid(), "-setcookie", harness.COOKIE,
                       "-noshell", "-hidden", "-eval", "halt()."]
            wall, rss, code, _ = timed(command, env.env)
            print("%-48s %6.2f s  %7.1f MiB peak  exit %d" % ("  erl starting and halting alone",
                                                             wall, rss, code))
    finally:
        if node:
            node.stop()
        env.close()


if __name__ == "__main__":
    main()
