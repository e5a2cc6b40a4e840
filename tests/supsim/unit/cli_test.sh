#!/usr/bin/env bash
# End-to-end runs of the supsim binary: every command's whole output (stdout and stderr) and exit
# code compared with the files under expected/; the bundled example's tour; the man page through
# groff's warnings. Usage: cli_test.sh SUPSIM EXAMPLES_DIR [MAN_PAGE]
# With UPDATE=1 the expected files are rewritten instead (review the diff before keeping it).
set -uo pipefail
supsim=$(realpath "$1")
examples=$(realpath "$2")
man_page=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
expected="$here/expected"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$examples/kv_tree.json" "$examples/kv_scenario.txt" "$here"/inputs/* "$work/"
cd "$work"
failures=0

# case NAME EXIT_CODE ARGS...: runs supsim ARGS, compares "exit N" + stdout + stderr with expected/NAME.out
case_() {
    local name=$1 want=$2
    shift 2
    local out
    out=$("$supsim" "$@" 2>"$work/stderr")
    local code=$?
    local got
    got=$(printf 'exit %s\n--- stdout\n%s\n--- stderr\n%s\n' "$code" "$out" "$(cat "$work/stderr")")
    if [ "${UPDATE:-0}" = 1 ]; then
        printf '%s\n' "$got" >"$expected/$name.out"
        return
    fi
    if [ "$code" != "$want" ]; then
        echo "FAIL $name: exit code $code, expected $want"
        failures=$((failures + 1))
    fi
    if ! diff -u "$expected/$name.out" <(printf '%s\n' "$got") >"$work/diff"; then
        echo "FAIL $name: output differs from expected/$name.out:"
        cat "$work/diff"
        failures=$((failures + 1))
    fi
}

case_ kv_run 0 run kv_tree.json kv_scenario.txt --until 40
case_ kv_run_json 0 run kv_tree.json kv_scenario.txt --until 40 --json
case_ kv_run_phase 0 run kv_tree.json kv_scenario.txt --until 40 --phase 0.6 --json
case_ kv_order 0 order kv_tree.json
case_ kv_order_json 0 order kv_tree.json --json
case_ kv_tolerate 0 tolerate kv_tree.json kv/KV.Supervisor/KV.Registry
case_ kv_tolerate_json 0 tolerate kv_tree.json kv/KV.Supervisor/KV.Registry --json
case_ kv_tolerate_interval 0 tolerate kv_tree.json kv/KV.Supervisor/KV.Registry --interval 1.9
case_ kv_tolerate_interval_json 0 tolerate kv_tree.json kv/KV.Supervisor/KV.Registry --interval 1.9 --json
case_ tolerate_bad_interval 2 tolerate kv_tree.json kv/KV.Supervisor/KV.Registry --interval 1.9999
case_ kv_check 0 check kv_tree.json
case_ invalid_tree 3 check invalid_tree.json
case_ misspelt_keys 3 check misspelt_keys_tree.json
case_ syntax_error 6 run syntax_error.json kv_scenario.txt
case_ bad_events 6 run kv_tree.json bad_events.txt
case_ missing_file 4 run kv_tree.json no_such_events.txt
case_ tolerate_bad_path 1 tolerate kv_tree.json kv/KV.Supervisor/Nope
case_ tolerate_misspelt_path 1 tolerate kv_tree.json kv/KV.Supervisor/KV.Regsitry
case_ misspelt_command 2 chek kv_tree.json
case_ bad_phase 2 run kv_tree.json kv_scenario.txt --phase 1.5
case_ bad_until 2 run kv_tree.json kv_scenario.txt --until soon
case_ version 0 --version
# EVENTS from standard input (copied to a temporary file, read twice): the same run, and problems
# reported at <stdin>'s lines.
case_ kv_run 0 run kv_tree.json - --until 40 <kv_scenario.txt
case_ kv_run_json 0 run kv_tree.json - --until 40 --json <kv_scenario.txt
case_ bad_events_stdin 6 run kv_tree.json - <bad_events.txt

# --help: exit 0 and the subcommands listed (CLI11 owns the layout).
help=$("$supsim" --help)
for word in run order check tolerate "Exit status"; do
    if ! grep -q "$word" <<<"$help"; then
        echo "FAIL help: '$word' missing"
        failures=$((failures + 1))
    fi
done

# --svg: written through a temporary file, a well-formed SVG with one lane per process.
if [ "${UPDATE:-0}" != 1 ]; then
    "$supsim" run kv_tree.json kv_scenario.txt --until 40 --svg "$work/timeline.svg" >/dev/null || {
        echo "FAIL svg: exit code $?"
        failures=$((failures + 1))
    }
    if ! python3 - "$work/timeline.svg" <<'PY'; then
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag.endswith("svg"), root.tag
text = "".join(root.itertext())
for lane in ["kv/KV.Supervisor/KV.Registry", "kv/KV.Supervisor/KV.BucketSupervisor/shopping",
             "kv_server/KVServer.Supervisor/KVServer.Acceptor"]:
    assert lane in text, lane
assert "node halt" in text, "node halt marker"
PY
        echo "FAIL svg: not a well-formed timeline"
        failures=$((failures + 1))
    fi
    # Legend, lane order, same-instant marks, kills, end time, large trees (svg_check.py).
    mkdir -p "$work/svg"
    if ! python3 "$here/svg_check.py" "$supsim" "$examples" "$work/svg"; then
        failures=$((failures + 1))
    fi
    if ls "$work"/timeline.svg.tmp-* >/dev/null 2>&1; then
        echo "FAIL svg: temporary file left behind"
        failures=$((failures + 1))
    fi
    # An unwritable destination: exit 4, nothing left behind.
    "$supsim" run kv_tree.json kv_scenario.txt --svg "$work/no/such/dir/t.svg" >/dev/null 2>"$work/stderr"
    code=$?
    if [ $code != 4 ] || ! grep -q "$work/no/such/dir/t.svg: cannot write" "$work/stderr"; then
        echo "FAIL svg unwritable: exit $code, stderr: $(cat "$work/stderr")"
        failures=$((failures + 1))
    fi
fi

# --fail-on-halt: exit 1 when the node halts (the trace and summary printed all the same), 0
# when it does not; without the option a halt exits 0.
if [ "${UPDATE:-0}" != 1 ]; then
    for args in "--until 40 --fail-on-halt:1" "--until 10 --fail-on-halt:0" "--until 40:0" \
        "--until 40 --json --fail-on-halt:1"; do
        # shellcheck disable=SC2086
        "$supsim" run kv_tree.json kv_scenario.txt ${args%:*} >"$work/out" 2>"$work/stderr"
        code=$?
        if [ $code != "${args##*:}" ] || ! grep -q "summary" "$work/out" || [ -s "$work/stderr" ]; then
            echo "FAIL fail-on-halt (${args%:*}): exit $code, expected ${args##*:}"
            failures=$((failures + 1))
        fi
    done
fi

# stop-node is a halt the script asks for: --fail-on-halt exits 0 and the summary says so;
# stop-app of an application the tree does not have is a bad event (exit 6) with a suggestion.
if [ "${UPDATE:-0}" != 1 ]; then
    printf '2 stop-app kv_server\n3 stop-node\n' >"$work/stops.txt"
    "$supsim" run kv_tree.json "$work/stops.txt" --fail-on-halt >"$work/out" 2>"$work/stderr"
    code=$?
    if [ $code != 0 ] || ! grep -q "app_exit      kv_server  stopped  (permanent)" "$work/out" ||
        ! grep -Eq "node: stopped at t=3[.0-9]* s by stop-node \(init:stop\)" "$work/out"; then
        echo "FAIL stop-node under --fail-on-halt: exit $code"
        cat "$work/out"
        failures=$((failures + 1))
    fi
    printf '2 stop-app kv_srever\n' >"$work/typo.txt"
    "$supsim" run kv_tree.json "$work/typo.txt" >"$work/out" 2>"$work/stderr"
    code=$?
    if [ $code != 6 ] || ! grep -q 'typo.txt:1:12: no application "kv_srever" in the tree' "$work/stderr" ||
        ! grep -q "did you mean 'kv_server'" "$work/stderr"; then
        echo "FAIL stop-app typo: exit $code, stderr: $(cat "$work/stderr")"
        failures=$((failures + 1))
    fi
fi

# Bytes that are not UTF-8 in a reason: every JSON line is still valid JSON (U+FFFD in place).
if [ "${UPDATE:-0}" != 1 ]; then
    printf '1 crash kv/KV.Supervisor/KV.Registry bad\xff\xfereason\n' >"$work/bytes.txt"
    "$supsim" run kv_tree.json "$work/bytes.txt" --until 2 --json >"$work/bytes.json"
    if ! python3 - "$work/bytes.json" <<'PY'; then
import json, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
events = [json.loads(line) for line in lines]
assert any(e.get("reason") == "bad\ufffd\ufffdreason" for e in events), events
PY
        echo "FAIL invalid UTF-8 in a reason: the JSON lines are not valid"
        failures=$((failures + 1))
    fi
fi

# A script whose lines are out of time order runs as its stable sort by time (equal times in
# file order), from a file and from standard input; with no usable TMPDIR, standard input is kept
# in memory and the run is the same.
if [ "${UPDATE:-0}" != 1 ]; then
    grep -v '^#' kv_scenario.txt | grep -v '^$' | tac >"$work/reversed.txt"
    sort -s -g -k1,1 "$work/reversed.txt" >"$work/sorted.txt"
    "$supsim" run kv_tree.json "$work/sorted.txt" --until 40 --json >"$work/sorted.out" 2>&1
    for how in file stdin stdin-no-tmpdir; do
        case $how in
        file) "$supsim" run kv_tree.json "$work/reversed.txt" --until 40 --json >"$work/got" 2>&1 ;;
        stdin) "$supsim" run kv_tree.json - --until 40 --json <"$work/reversed.txt" >"$work/got" 2>&1 ;;
        stdin-no-tmpdir) TMPDIR=$work/no/such/dir "$supsim" run kv_tree.json - --until 40 --json \
            <"$work/reversed.txt" >"$work/got" 2>&1 ;;
        esac
        if ! grep -q '"event":"node_halt"' "$work/got" || ! diff -u "$work/sorted.out" "$work/got"; then
            echo "FAIL out-of-order script ($how): not the run of its stable sort"
            failures=$((failures + 1))
        fi
    done
    if ls "${TMPDIR:-/tmp}"/supsim-events-* >/dev/null 2>&1; then
        echo "FAIL stdin: a temporary copy of the events was left behind"
        failures=$((failures + 1))
    fi
fi

# The example's tour runs every command without error.
if [ "${UPDATE:-0}" != 1 ] && ! bash "$examples/tour.sh" "$(dirname "$supsim")" >"$work/tour" 2>&1; then
    echo "FAIL tour.sh:"
    cat "$work/tour"
    failures=$((failures + 1))
fi

# The man page renders without a single groff warning.
if [ -n "$man_page" ] && command -v groff >/dev/null; then
    warnings=$(groff -man -ww -z "$man_page" 2>&1)
    if [ -n "$warnings" ]; then
        echo "FAIL man page: $warnings"
        failures=$((failures + 1))
    fi
fi

if [ $failures != 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all supsim CLI cases passed"
