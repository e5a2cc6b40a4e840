#!/usr/bin/env bash
# supsim benchmarks (see README.md). Usage: bench/supsim/run.sh BINDIR
# 1. the simulator library on a 10,000-process crash storm (events/s, no formatting) and
#    tolerate on a 5-level tree (time per call): supsim_bench;
# 2. one million crash lines on 1,000 workers and a chain of 2,000 supervisors, each case a
#    process of its own so that its peak memory is its own (/usr/bin/time -v): the library with
#    the script read line by line and parsed whole, and the supsim command;
# 3. the supsim command on the inputs of 1 (JSON trace written to /dev/null), with hyperfine;
# 4. the real thing: crash/restart cycles per second of a real OTP supervisor (escript), for the
#    ratio simulated events/s : real events/s;
# 5. supsim capture of an Elixir node with 100,000 processes under DynamicSupervisors, beside a
#    plain rpc reader (capture_bench.py); SKIP_CAPTURE=1 skips it.
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "-- load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-- supsim_bench (library, counting sink)"
"$bin/supsim_bench" --write "$work" --until 100

# NAME OUT COMMAND...: runs COMMAND with its standard output to OUT (a file whose end is shown,
# or /dev/null), then prints its wall time and peak memory.
measure() {
    local name=$1 out=$2
    shift 2
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$@" >"$out" 2>"$work/time"
        [ "$out" = /dev/null ] || tail -n 3 "$out"
        awk -v name="$name" -F': ' '/Elapsed \(wall clock\)/ { wall = $2 }
            /Maximum resident set size/ { rss = $2 }
            END { printf "   %s: wall %s, peak RSS %.1f MiB\n", name, wall, rss / 1024 }' "$work/time"
    else
        "$@" >"$out"
    fi
}

echo "-- 1,000,000 crash lines on 1,000 workers; a chain of 2,000 supervisors"
measure "library, script streamed" "$work/out" "$bin/supsim_bench" --case storm1m-stream --dir "$work"
measure "library, script parsed whole" "$work/out" "$bin/supsim_bench" --case storm1m-whole --dir "$work"
measure "supsim run --json" /dev/null "$bin/supsim" run "$work/wide_tree.json" \
    "$work/wide_events.txt" --json --until 1000
measure "library, chain loaded" "$work/out" "$bin/supsim_bench" --case chain-load --dir "$work"
measure "library, chain" "$work/out" "$bin/supsim_bench" --case chain --dir "$work"
measure "supsim run --json, chain" /dev/null "$bin/supsim" run "$work/chain_tree.json" \
    "$work/chain_events.txt" --json

if command -v hyperfine >/dev/null; then
    echo "-- supsim command (hyperfine)"
    # -N: no shell in between (the tolerate call takes about a millisecond); hyperfine itself
    # sends the output to /dev/null.
    hyperfine -N --warmup 1 --runs 5 --style basic --output null \
        "$bin/supsim run $work/storm_tree.json $work/storm_events.txt --json --until 100" \
        "$bin/supsim run $work/wide_tree.json $work/wide_events.txt --json --until 1000" \
        "$bin/supsim tolerate $work/deep_tree.json deep/L0/L1/L2/L3/L4/worker"
else
    echo "-- hyperfine not installed: skipping the command timings"
fi

if [ "${SKIP_CAPTURE:-0}" = 1 ]; then
    echo "-- SKIP_CAPTURE=1: skipping the capture benchmark"
elif command -v elixir >/dev/null; then
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
