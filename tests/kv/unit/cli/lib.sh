# Shared helpers for the fwkv end-to-end tests. Usage in a test: source lib.sh; FWKV=...; run ...
# Every check prints what it compared when it fails and the script exits non-zero at the end.
set -u
failures=0
checks=0
scratch=$(mktemp -d "${TMPDIR:-/tmp}/fwkv-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# run ARGS...: runs fwkv, capturing stdout in $out, stderr in $err and the exit code in $rc.
run() {
    out=$("$FWKV" "$@" 2>"$scratch/.err"; echo "rc=$?")
    rc=${out##*rc=}
    out=${out%rc=*}
    out=${out%$'\n'}
    err=$(cat "$scratch/.err")
}

fail() {
    failures=$((failures + 1))
    echo "FAIL: $1" >&2
}

expect_rc() {  # CODE DESCRIPTION
    checks=$((checks + 1))
    [ "$rc" = "$1" ] || fail "$2: exit code $rc, expected $1 (stderr: $err)"
}

expect_out() {  # TEXT DESCRIPTION
    checks=$((checks + 1))
    [ "$out" = "$1" ] || fail "$2: stdout was [$out], expected [$1]"
}

expect_err() {  # TEXT DESCRIPTION
    checks=$((checks + 1))
    [ "$err" = "$1" ] || fail "$2: stderr was [$err], expected [$1]"
}

expect_same_file() {  # A B DESCRIPTION
    checks=$((checks + 1))
    cmp -s "$1" "$2" || fail "$3: $1 and $2 differ"
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}
