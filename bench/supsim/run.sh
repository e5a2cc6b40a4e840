#!/usr/bin/env bash
# supsim benchmarks (see README.md). Usage: bench/supsim/run.sh BINDIR
# 1. the simulator library on a 10,000-process crash storm (events/s, no formatting) and
#    tolerate on a 5-level tree (time per call): supsim_bench;
# 2. the supsim command on the same inputs (JSON trace written to /dev/null), with hyperfine;
# 3. the real thing: crash/restart cycles per second of a real OTP supervisor (escript), for the
#    ratio simulated events/s : real events/s;
# 4. supsim capture of an Elixir node with 100,000 processes under DynamicSupervisors, beside a
#    plain rpc reader (capture_bench.py).
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- supsim_bench (library, counting sink)"
"$bin/supsim_bench" --write "$work" --until 100

if command -v hyperfine >/dev/null; then
    echo "-- supsim command (hyperfine)"
    # -N: no shell in between (the tolerate call takes about a millisecond); hyperfine itself
    # sends the output to /dev/null.
    hyperfine -N --warmup 1 --runs 5 --style basic --output null \
        "$bin/supsim run $work/storm_tree.json $work/storm_events.txt --json --until 100" \
        "$bin/supsim tolerate $work/deep_tree.json deep/L0/L1/L2/L3/L4/worker"
else
    echo "-- hyperfine not installed: skipping the command timings"
fi

if command -v elixir >/dev/null; then
    echo "-- supsim capture of a node with 100,000 processes under DynamicSupervisors"
    python3 "$here/capture_bench.py" "$bin"
else
    echo "-- elixir not installed: skipping the capture benchmark"
fi

if command -v escript >/dev/null; then
    echo "-- real OTP supervisor (escript)"
    escript "$here/otp_restarts.escript" 20000
else
    echo "-- escript not installed: skipping the real OTP comparison"
fi
