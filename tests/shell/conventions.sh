#!/usr/bin/env bash
# The command-line conventions the three tools share (tools/common), checked on the real binaries:
# usage, --version, help that lists each option once with meaningful value names, "did you mean"
# for options, `--`, `-` and pipes as inputs, a failed standard output, the exit-code table,
# hints for a file of another kind, a bounded number of errors for a huge wrong input, and bytes
# that are not text never written raw to a terminal.
# Usage: conventions.sh BIN_DIR SOURCE_DIR
set -uo pipefail
bin=$(realpath "$1") src=$(realpath "$2")
fwkv=$bin/fwkv appgraph=$bin/appgraph supsim=$bin/supsim
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0 checks=0
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }

# run CMD...: stdout in $out, stderr in $err, exit code in $rc.
run() {
    out=$("$@" 2>"$work/.err")
    rc=$?
    err=$(cat "$work/.err")
}
expect() {  # DESCRIPTION RC [STDERR-REGEX]
    checks=$((checks + 1))
    [ "$rc" = "$2" ] || { fail "$1: exit $rc, expected $2 (stderr: $err)"; return; }
    if [ $# -ge 3 ] && ! grep -qE -- "$3" <<<"$err"; then fail "$1: stderr [$err] lacks /$3/"; fi
}

# Inputs: an environment image, a release, a tree and its events.
"$fwkv" create env.img --size 0x1000 </dev/null
printf 'a=1\nb=2\n' | "$fwkv" create env2.img --size 0x1000 --from -
"$fwkv" put env.img "esc=$(printf 'x\033[31my')" -- -dash=1
rel=$src/examples/appgraph/nerves_demo/_build/rpi4_prod/rel/demo
tree=$src/examples/supsim/kv_tree.json events=$src/examples/supsim/kv_scenario.txt

for tool in fwkv appgraph supsim; do
    # A bare tool prints its usage on standard error and exits 2.
    run "$bin/$tool"
    expect "bare $tool" 2 "^Usage: $tool COMMAND"
    # --version: the tool's name, then its version.
    run "$bin/$tool" --version
    checks=$((checks + 1))
    [[ $out =~ ^$tool\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "$tool --version printed [$out]"
    # Every subcommand's help: value names that mean something, each option once, the exit-code
    # line once and not the whole table.
    for sub in $("$bin/$tool" __complete '' | cut -f1); do
        help=$("$bin/$tool" "$sub" --help)
        checks=$((checks + 1))
        grep -q 'TEXT' <<<"$help" && fail "$tool $sub --help shows TEXT as a value name"
        grep -qE -- '^ +(-[a-z0-9],)?--[a-z-]+ [^ ]*:' <<<"$help" &&
            fail "$tool $sub --help shows a value name with a check appended"
        dup=$(grep -oE -- '^ +(-[a-z0-9],)?--[a-z][a-z0-9-]*' <<<"$help" | sed 's/.*--/--/' |
              sort | uniq -d)
        [ -z "$dup" ] || fail "$tool $sub --help lists $dup more than once"
        [ "$(grep -c '^Exit status: 0 success' <<<"$help")" = 1 ] ||
            fail "$tool $sub --help: the exit-code line is not there once"
        grep -qE '^ +[0-9] +' <<<"$help" && fail "$tool $sub --help prints an exit-code table"
        grep -qE "^Usage: $tool $sub \[OPTIONS\]" <<<"$help" || fail "$tool $sub: no usage line"
    done
done

# Required operands bare, optional ones in brackets.
checks=$((checks + 1))
"$fwkv" get --help | grep -qx 'Usage: fwkv get \[OPTIONS\] \[IMAGE\] KEY\.\.\.' || fail "fwkv get usage"
"$supsim" run --help | grep -qx 'Usage: supsim run \[OPTIONS\] TREE EVENTS' || fail "supsim run usage"
"$supsim" run --help | grep -q -- '--svg FILE' || fail "supsim run: --svg FILE"
"$supsim" run --help | grep -q -- '--until SECONDS ' || fail "supsim run: --until SECONDS"

# "Did you mean" for options, as for commands.
run "$fwkv" list env.img --jsn
expect "fwkv --jsn" 2 "unknown option '--jsn', did you mean '--json'\?"
run "$appgraph" order "$rel" --verbos
expect "appgraph --verbos" 2 "did you mean '--verbose'\?"
run "$supsim" order "$tree" --jsn
expect "supsim --jsn" 2 "did you mean '--json'\?"
run "$supsim" tolerate "$tree" kv/KV.Supervisor/KV.Regsitry
expect "supsim misspelt process" 1 "did you mean 'kv/KV.Supervisor/KV.Registry'\?"

# `--` ends the options, wherever it stands.
run "$fwkv" get env.img -- -dash
expect "fwkv get IMAGE -- -key" 0
checks=$((checks + 1))
[ "$out" = "-dash=1" ] || fail "fwkv get -- -dash printed [$out]"
run "$supsim" check -- "$tree"
expect "supsim check -- TREE" 0
run "$supsim" check
expect "supsim check without TREE" 2 "check: missing operand TREE"

# `-` is standard input; a pipe is read as a stream.
run bash -c "cat env2.img | '$fwkv' list -"
expect "fwkv list -" 0
checks=$((checks + 1))
[ "$out" = $'a=1\nb=2' ] || fail "fwkv list - printed [$out]"
run bash -c "'$fwkv' list <(cat env2.img)"
expect "fwkv list <(pipe)" 0
run bash -c "cat env2.img | '$fwkv' put - c=3"
expect "fwkv put - (cannot write standard input)" 2 "standard input cannot be written"
run bash -c "cat env2.img | '$fwkv' list - -c -"
expect "standard input twice" 2 "standard input \('-'\) can be read only once"
run bash -c "cat '$rel/releases/0.1.0/demo.rel' | '$appgraph' order - --path '$rel/lib'"
expect "appgraph order -" 0
checks=$((checks + 1))
[ "$(head -1 <<<"$out")" = kernel ] || fail "appgraph order - printed [$out]"
run bash -c "'$appgraph' order <(cat '$rel/lib/kernel-8.5.3/ebin/kernel.app')"
expect "appgraph order <(pipe)" 0
run bash -c "cat '$tree' | '$supsim' run - '$events' --until 5"
expect "supsim run - EVENTS" 0
run bash -c "'$supsim' run <(cat '$tree') <(cat '$events') --until 5"
expect "supsim run <(pipe) <(pipe)" 0
run "$supsim" run - - </dev/null
expect "supsim run - -" 2 "cannot both be standard input"

# A failed write to standard output is an error, exit 4, in every tool.
run "$fwkv" list env2.img --json
for cmd in "$fwkv list env2.img" "$appgraph order $rel" "$supsim order $tree" "$fwkv --help"; do
    run bash -c "$cmd >/dev/full"
    expect "$cmd >/dev/full" 4 "standard output: No space left on device"
done
# A reader that goes away is no signal and no success (4 MB of output into `head -c 10`).
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "key%06d=value %d\n", i, i }' >big.txt
"$fwkv" create big.img --size 0x800000 --from big.txt
run bash -c "'$fwkv' list big.img | head -c 10 >/dev/null; echo \${PIPESTATUS[0]}"
checks=$((checks + 1))
[ "$out" = 4 ] || fail "fwkv into a closed pipe: exit [$out], expected 4"

# A file of another kind gets a hint naming what it looks like.
cp "$rel/lib/kernel-8.5.3/ebin/kernel.app" kernel.app
run "$appgraph" order env2.img
expect "appgraph on an image" 3 "hint: env2.img looks like a U-Boot environment image"
run "$fwkv" list kernel.app
expect "fwkv on a .app" 3 "hint: kernel.app looks like an OTP .app file"
run "$supsim" run "$events" "$tree"
expect "supsim TREE and EVENTS swapped" 6 "hint: .*kv_scenario.txt looks like a supsim events file \(supsim run takes TREE, then EVENTS\)"

# A huge wrong input gives a bounded number of errors; bytes that are not text are escaped.
head -c 3000000 /dev/urandom | tr '\000' '\001' >noise.bin
awk 'BEGIN { for (i = 0; i < 192000; i++) printf "%d crash kv/nope\n", i }' >many.txt
run "$supsim" run "$tree" many.txt
expect "192,000 bad event lines" 6 "more"
checks=$((checks + 1))
[ "$(wc -l <<<"$err")" -le 200 ] || fail "192,000 bad lines gave $(wc -l <<<"$err") lines of errors"
run "$supsim" run "$tree" noise.bin
checks=$((checks + 1))
[ "$(wc -l <<<"$err")" -le 200 ] || fail "binary events gave $(wc -l <<<"$err") lines of errors"
LC_ALL=C grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' <<<"$err" && fail "raw control bytes in messages"
# On a terminal, a value holding an escape sequence is shown escaped; redirected, it is kept.
script -qec "'$fwkv' get -n env.img esc" /dev/null >tty.out
checks=$((checks + 1))
grep -q 'x\\x1b\[31my' tty.out || fail "terminal output: $(od -c tty.out | head -3)"
run "$fwkv" get -n env.img esc
checks=$((checks + 1))
[ "$out" = "$(printf 'x\033[31my')" ] || fail "redirected output changed the value"

echo "conventions: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
