#!/usr/bin/env bash
# The bundled example through real systools and through appgraph: start list and full order
# must be identical (the cli tier pins the same order without needing erl).
# usage: conformance_example.sh APPGRAPH EXAMPLES_DIR
set -euo pipefail
bin=$1
release_dir=$2/nerves_demo/_build/rpi4_prod/rel/demo
command -v erl >/dev/null || { echo "conformance_example: FAIL: erl (erlang-nox) is not installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$release_dir/releases/0.1.0/demo.rel" "$tmp/"
erl -noshell -eval '
    D = "'"$tmp"'", P = filelib:wildcard("'"$release_dir"'/lib/*/ebin"),
    {ok, _, _} = systools:make_script(D ++ "/demo", [{path, P}, {outdir, D}, local, silent, no_warn_sasl, no_dot_erlang]),
    {ok, [{script, _, C}]} = file:consult(D ++ "/demo.script"),
    {ok, _, Appls, _} = systools_make:get_release(D ++ "/demo", P),
    io:format("~s~n~s~n", [string:join([atom_to_list(A) || {apply, {application, start_boot, [A, _]}} <- C], " "),
                           string:join([atom_to_list(N) || {{N, _}, _} <- Appls], " ")]),
    halt().' >"$tmp/systools.txt"
{
    "$bin" order "$release_dir/releases/0.1.0/demo.rel" | tr '\n' ' ' | sed 's/ $//'; echo
    "$bin" order "$release_dir/releases/0.1.0/demo.rel" --verbose | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//'; echo
} >"$tmp/appgraph.txt"
if ! diff -u "$tmp/systools.txt" "$tmp/appgraph.txt"; then
    echo "conformance_example: FAIL: appgraph and systools disagree on the example"
    exit 1
fi
echo "conformance_example: PASS: $(wc -w <<<"$(head -1 "$tmp/systools.txt")") started, identical start list and full order"
