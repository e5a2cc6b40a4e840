#!/usr/bin/env bash
# End-to-end tests of the appgraph binary: whole outputs, messages and exit codes.
# usage: cli_test.sh APPGRAPH EXAMPLES_DIR
set -uo pipefail
bin=$1
example=$2/nerves_demo/_build/rpi4_prod/rel/demo
rel=$example/releases/0.1.0/demo.rel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

# expect NAME EXIT_CODE EXPECTED_STDOUT EXPECTED_STDERR -- COMMAND...
expect() {
    local name=$1 want_rc=$2 want_out=$3 want_err=$4
    shift 5
    local out err rc
    out=$("$@" 2>"$tmp/stderr"); rc=$?
    err=$(cat "$tmp/stderr")
    checks=$((checks + 1))
    if [ "$rc" != "$want_rc" ] || [ "$out" != "$want_out" ] || [ "$err" != "$want_err" ]; then
        failures=$((failures + 1))
        echo "FAIL: $name"
        echo "  command: $*"
        echo "  exit: $rc (want $want_rc)"
        diff <(echo "$want_out") <(echo "$out") | sed 's/^/  stdout: /'
        diff <(echo "$want_err") <(echo "$err") | sed 's/^/  stderr: /'
    fi
}

app() {  # DIR NAME USES [INCLUDES]
    cat >"$1/$2.app" <<APP
{application, $2, [{description, "$2"}, {vsn, "1.0"}, {modules, []}, {registered, []},
  {applications, [$3]}, {included_applications, [${4:-}]}]}.
APP
}

# The pinned order of the bundled example. Derived once by running real systools (OTP 25) on it:
#   erl -noshell -eval 'P=filelib:wildcard("LIB/*/ebin"), systools:make_script("DIR/demo",
#     [{path,P},{outdir,"DIR"},local,silent,no_warn_sasl,no_dot_erlang]), ...'
# reading the start_boot applies of demo.script, and systools_make:get_release/2 for the full list.
start="kernel
stdlib
elixir
sasl
logger
ring_logger
runtime_tools
uboot_env
nerves_logging
nerves_runtime
beam_notify
muontrap
property_table
crypto
vintage_net
vintage_net_wifi
nerves_time
toolshed
asn1
public_key
ssl
demo"
full="kernel stdlib compiler elixir sasl logger ring_logger runtime_tools uboot_env nerves_logging nerves_runtime beam_notify muontrap property_table crypto vintage_net vintage_net_wifi nerves_time iex toolshed asn1 public_key ssl demo_core demo"

expect "example start order" 0 "$start" "" -- "$bin" order "$rel"
expect "example full order" 0 "$full" "" -- bash -c "'$bin' order '$rel' --verbose 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ \$//'"
expect "example from the release directory" 0 "$start" "" -- "$bin" order "$example"
expect "verbose lines" 0 "compiler 8.2.3 load loaded
iex 1.14.2 none not-loaded
demo_core 0.1.0 permanent loaded included-by=demo" "" -- bash -c "'$bin' order '$rel' --verbose 2>/dev/null | grep -E '^(compiler|iex|demo_core) '"

# A small release, whole JSON.
mkdir -p "$tmp/small"
app "$tmp/small" kernel ""
app "$tmp/small" stdlib "kernel"
app "$tmp/small" top "kernel, b" "a"
app "$tmp/small" a "kernel"
app "$tmp/small" b "kernel"
cat >"$tmp/small/t.rel" <<'REL'
{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {top, "1.0"}, {a, "1.0", load}, {b, "1.0"}]}.
REL
expect "json" 0 '{
  "start": [
    "kernel",
    "stdlib",
    "b",
    "top"
  ],
  "applications": [
    {
      "name": "kernel",
      "vsn": "1.0",
      "type": "permanent",
      "included_by": null,
      "loaded": true,
      "started": true,
      "start_fails": null,
      "file": "small/kernel.app"
    },
    {
      "name": "stdlib",
      "vsn": "1.0",
      "type": "permanent",
      "included_by": null,
      "loaded": true,
      "started": true,
      "start_fails": null,
      "file": "small/stdlib.app"
    },
    {
      "name": "b",
      "vsn": "1.0",
      "type": "permanent",
      "included_by": null,
      "loaded": true,
      "started": true,
      "start_fails": null,
      "file": "small/b.app"
    },
    {
      "name": "a",
      "vsn": "1.0",
      "type": "load",
      "included_by": "top",
      "loaded": true,
      "started": false,
      "start_fails": null,
      "file": "small/a.app"
    },
    {
      "name": "top",
      "vsn": "1.0",
      "type": "permanent",
      "included_by": null,
      "loaded": true,
      "started": true,
      "start_fails": null,
      "file": "small/top.app"
    }
  ],
  "release": {
    "name": "t",
    "vsn": "1",
    "file": "small/t.rel",
    "kind": "rel",
    "env": null
  }
}' "" -- bash -c "cd '$tmp' && '$bin' order small/t.rel --pretty"

# A cycle that runs through a rewritten use: b uses a, a is included by top, top uses b.
mkdir -p "$tmp/cycle"
cp "$tmp/small/"{kernel,stdlib,top,a}.app "$tmp/cycle/"
app "$tmp/cycle" b "kernel, a"
sed 's/, load//' "$tmp/small/t.rel" >"$tmp/cycle/t.rel"
expect "cycle message" 1 "" "appgraph: error: circular_dependencies: circular dependencies among b, top; one cycle:
  b -> top: b uses a, a is included by top, so b depends on top
  top -> b: top uses b" -- "$bin" order "$tmp/cycle/t.rel"
expect "cycle json" 1 '{"error":{"kind":"circular_dependencies","apps":["b","top"],"message":"circular dependencies among b, top: b -> top -> b (b uses a, a is included by top, so b depends on top; top uses b)","cycle":[{"from":"b","to":"top","reason":"b uses a, a is included by top, so b depends on top"},{"from":"top","to":"b","reason":"top uses b"}]}}' "" \
    -- bash -o pipefail -c "'$bin' order '$tmp/cycle/t.rel' --json 2>/dev/null | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), separators=(\",\", \":\")))'"

# Undefined applications.
mkdir -p "$tmp/undef"
cp "$tmp/small/"{kernel,stdlib}.app "$tmp/undef/"
app "$tmp/undef" p "kernel, ghost, phantom"
echo '{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {p, "1.0"}]}.' >"$tmp/undef/t.rel"
expect "undefined" 1 "" "appgraph: error: undefined_applications: applications used or included but not in the release: ghost, phantom" \
    -- "$bin" order "$tmp/undef/t.rel"

# ensure_all_started order, and roots without a .rel.
expect "ensure mode" 0 "compiler
elixir
logger
uboot_env
nerves_logging
nerves_runtime
ring_logger" "" -- "$bin" order "$example/lib" --mode ensure --root nerves_runtime --root ring_logger
expect "no .rel: roots" 0 "kernel
stdlib
b
top" "" -- "$bin" order "$tmp/small/kernel.app" "$tmp/small/stdlib.app" "$tmp/small/top.app" "$tmp/small/a.app" "$tmp/small/b.app"
expect "unknown root" 1 "" "appgraph: error: unknown_root: --root nope: no application of that name among the inputs" -- "$bin" order "$tmp/small/a.app" --root nope

# check: warnings systools does not give.
expect "check example" 0 "ok: 25 applications, 0 errors, 1 warning" "appgraph: warning: elixir is not started: it uses compiler, whose type is load: the boot script never starts compiler (start_boot returns {error,{not_started,compiler}}, which the boot ignores); so 13 applications that need it do not start either: logger, ring_logger, uboot_env, nerves_logging, nerves_runtime, beam_notify, muontrap, property_table, vintage_net, vintage_net_wifi, nerves_time, toolshed, demo" -- "$bin" check "$rel"
expect "check --strict: warnings fail" 1 "failed: 25 applications, 0 errors, 1 warning (--strict: warnings fail)" "appgraph: warning: elixir is not started: it uses compiler, whose type is load: the boot script never starts compiler (start_boot returns {error,{not_started,compiler}}, which the boot ignores); so 13 applications that need it do not start either: logger, ring_logger, uboot_env, nerves_logging, nerves_runtime, beam_notify, muontrap, property_table, vintage_net, vintage_net_wifi, nerves_time, toolshed, demo" -- "$bin" check "$rel" --strict
mkdir -p "$tmp/direct"
cp "$tmp/small/"{kernel,stdlib,top,a}.app "$tmp/direct/"
app "$tmp/direct" b "kernel, a"
echo '{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {top, "1.0"}, {a, "1.0"}, {b, "1.0"}]}.' >"$tmp/direct/t.rel"
app "$tmp/direct" top "kernel" "a"
expect "check direct use of included app" 0 "ok: 5 applications, 0 errors, 1 warning" \
    "appgraph: warning: b uses a directly, but a is included by top: systools makes b wait for top instead" -- "$bin" check "$tmp/direct/t.rel"
expect "check failing" 1 "failed: 3 applications, 1 error, 0 warnings" \
    "appgraph: error: undefined_applications: applications used or included but not in the release: ghost, phantom" -- "$bin" check "$tmp/undef/t.rel"

# tree
expect "tree plain" 0 "vintage_net_wifi
|-- elixir
\`-- vintage_net
    |-- beam_notify
    |   |-- elixir
    |   \`-- logger
    |       \`-- elixir
    |-- crypto
    |-- elixir
    |-- logger (*)
    |-- muontrap
    |   |-- elixir
    |   \`-- logger (*)
    \`-- property_table
        |-- elixir
        \`-- logger (*)" "" -- "$bin" tree "$rel" vintage_net_wifi --format plain
expect "tree optional and missing" 0 "toolshed
├── iex
├── nerves_runtime (optional)
│   ├── logger
│   ├── nerves_logging (optional)
│   │   └── logger
│   └── uboot_env
└── req (optional - missing)" "" -- "$bin" tree "$rel" toolshed --exclude elixir
expect "reverse tree" 0 "muontrap
├── nerves_time
│   └── demo
└── vintage_net
    └── vintage_net_wifi
        └── demo" "" -- "$bin" tree "$rel" muontrap --reverse
expect "dot" 0 'digraph "application tree" {
  "top"
  "top" -> "a" [label="included"]
  "top" -> "b"
  "a"
  "b"
}' "" -- "$bin" tree "$tmp/small/t.rel" --format dot
expect "tree unknown app" 1 "" "appgraph: error: no application named 'nope' in the inputs" -- "$bin" tree "$rel" nope

# why
expect "why" 0 "muontrap:
  in the release: listed in the .rel ($rel:20)
  type permanent: loaded; the boot script calls start_boot for it but it does not start: it uses elixir, which is not started before it
  position 12 of 22 in the start order, after what it depends on: kernel, stdlib, elixir, logger
  pulled in front of vintage_net, which depends on it; vintage_net was itself pulled in front of vintage_net_wifi, which depends on vintage_net; vintage_net_wifi was itself pulled in front of demo, which depends on vintage_net_wifi; demo comes earlier in the .rel (systools moves dependencies in front of their first dependant)
paths from a root:
  demo -> nerves_time -> muontrap
  demo -> vintage_net_wifi -> vintage_net -> muontrap" "" -- "$bin" why "$rel" muontrap
expect "why included" 0 "a:
  in the release: listed in the .rel ($tmp/small/t.rel:1)
  type load: included by top, so loaded with it and never started by the application controller (top's supervision tree starts its processes)
  not in the start order; position 4 of 5 in the full order (order -v), after what it depends on: kernel
  pulled in front of top, which depends on it; top comes earlier in the .rel (systools moves dependencies in front of their first dependant)
paths from a root:
  top -> a" "" -- "$bin" why "$tmp/small/t.rel" a
expect "why unknown" 1 "" "appgraph: error: nope is not in the release" -- "$bin" why "$rel" nope

# diff
mkdir -p "$tmp/new"
cp "$tmp/small/"*.app "$tmp/new/"
app "$tmp/new" c "kernel"
app "$tmp/new" top "kernel" "a"
echo '{release, {"t", "2"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {c, "1.0"}, {top, "1.0"}, {a, "1.0"}, {b, "1.0", temporary}]}.' >"$tmp/new/t.rel"
expect "diff: exit 1 when they differ, start positions, why it moved" 1 "added c
type b permanent -> temporary
type a load -> permanent
moved b position 3 -> 5: no longer pulled in front of top (top no longer depends on it)" "" -- "$bin" diff "$tmp/small/t.rel" "$tmp/new/t.rel"
expect "diff --json: positions are numbers" 1 '{"name":"b","from":3,"to":5,"reason":"no longer pulled in front of top (top no longer depends on it)"}' "" \
    -- bash -o pipefail -c "'$bin' diff '$tmp/small/t.rel' '$tmp/new/t.rel' --json | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)[\"moved\"][0], separators=(\",\", \":\")))'"
mkdir -p "$tmp/newinc"
cp "$tmp/small/"*.app "$tmp/small/t.rel" "$tmp/newinc/"
app "$tmp/newinc" top "kernel, b"
app "$tmp/newinc" a "kernel"
expect "diff reports included_applications" 1 "type a load -> permanent
status a loaded -> started
included_applications top [a] -> []" "" -- bash -c "sed 's/, load}/}/' '$tmp/small/t.rel' >'$tmp/newinc/t.rel' && '$bin' diff '$tmp/small/t.rel' '$tmp/newinc/t.rel'"
expect "diff same" 0 "no changes: same applications, versions, types and start order" "" -- "$bin" diff "$rel" "$rel"

# No roots: the top-level applications form a cycle (web uses core, core uses web). Every command
# says so, with or without a .rel, instead of leaving them out.
mkdir -p "$tmp/noroots"
cp "$tmp/small/"{kernel,stdlib}.app "$tmp/noroots/"
app "$tmp/noroots" web "kernel, core"
app "$tmp/noroots" core "kernel, web"
echo '{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {web, "1.0"}, {core, "1.0"}]}.' >"$tmp/noroots/t.rel"
noroots_err="appgraph: error: circular_dependencies: circular dependencies among core, web; one cycle:
  core -> web: core uses web
  web -> core: web uses core"
for input in "$tmp/noroots/t.rel" "$tmp/noroots/kernel.app $tmp/noroots/stdlib.app $tmp/noroots/web.app $tmp/noroots/core.app"; do
    # shellcheck disable=SC2086
    expect "no roots: order $input" 1 "" "$noroots_err" -- "$bin" order $input
    # shellcheck disable=SC2086
    expect "no roots: tree $input" 1 "" "$noroots_err" -- "$bin" tree $input
    # shellcheck disable=SC2086
    expect "no roots: check $input" 1 "failed: 4 applications, 1 error, 0 warnings" "$noroots_err" -- "$bin" check $input
done
expect "no roots: order --mode ensure" 1 "" "appgraph: error: circular_dependencies: circular dependencies among core, web; one cycle:
  core -> web: core uses web
  web -> core: web uses core" -- "$bin" order "$tmp/noroots/t.rel" --mode ensure

# check reports every error in one run (systools stops at the first): an undefined application,
# a name registered twice, an application included twice and a cycle.
mkdir -p "$tmp/four"
cp "$tmp/noroots/"*.app "$tmp/four/"
app "$tmp/four" web "kernel, core, ghost"
app "$tmp/four" p1 "kernel" "inc"
app "$tmp/four" p2 "kernel" "inc"
app "$tmp/four" inc "kernel"
sed -i 's/{registered, \[\]}/{registered, [same]}/' "$tmp/four/p1.app" "$tmp/four/p2.app"
echo '{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {web, "1.0"}, {core, "1.0"}, {p1, "1.0"}, {p2, "1.0"}, {inc, "1.0"}]}.' >"$tmp/four/t.rel"
expect "check: every error at once" 1 "failed: 7 applications, 4 errors, 0 warnings" "appgraph: error: undefined_applications: applications used or included but not in the release: ghost
appgraph: error: duplicate_register: process names registered by two applications: same by p1 and p2
appgraph: error: duplicate_include: applications included by two applications: inc by p1 and p2
appgraph: error: circular_dependencies: circular dependencies among core, web; one cycle:
  core -> web: core uses web
  web -> core: web uses core" -- "$bin" check "$tmp/four/t.rel"
expect "check --json: every error" 1 "false undefined_applications,duplicate_register,duplicate_include,circular_dependencies 0" "" \
    -- bash -o pipefail -c "'$bin' check '$tmp/four/t.rel' --json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(str(d[\"ok\"]).lower(), \",\".join(e[\"kind\"] for e in d[\"errors\"]), len(d[\"warnings\"]))'"

# A release that does not resolve: exit 1 and systools' error name, in every command.
mkdir -p "$tmp/vsn" "$tmp/override" "$tmp/nokernel" "$tmp/notfound"
cp "$tmp/small/"*.app "$tmp/vsn/"
sed -i 's/"1.0"/"2.0"/' "$tmp/vsn/b.app"
cp "$tmp/small/t.rel" "$tmp/vsn/"
cp "$tmp/small/"*.app "$tmp/override/"
echo '{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {top, "1.0", [b]}, {a, "1.0"}, {b, "1.0"}]}.' >"$tmp/override/t.rel"
cp "$tmp/small/"*.app "$tmp/nokernel/"
echo '{release, {"t", "1"}, {erts, "13"}, [{stdlib, "1.0"}, {top, "1.0"}, {a, "1.0"}, {b, "1.0"}]}.' >"$tmp/nokernel/t.rel"
cp "$tmp/small/"{kernel,stdlib,top,a}.app "$tmp/notfound/"
cp "$tmp/small/t.rel" "$tmp/notfound/"
for case_ in vsn:vsn_mismatch override:override_include nokernel:missing_mandatory_app notfound:app_not_found; do
    dir=${case_%%:*} kind=${case_#*:}
    for cmd in "order" "tree" "why a" "check" "diff $tmp/small/t.rel"; do
        words=($cmd)
        "$bin" "${words[0]}" "$tmp/$dir/t.rel" "${words[@]:1}" >/dev/null 2>"$tmp/stderr"; rc=$?
        checks=$((checks + 1))
        if [ $rc != 1 ] || ! grep -q "$kind" "$tmp/stderr"; then
            failures=$((failures + 1))
            echo "FAIL: $dir: $cmd: exit $rc (want 1), want '$kind' in: $(cat "$tmp/stderr")"
        fi
    done
done

# An application that uses one of type load is called with start_boot and does not start
# (application_controller answers {error,{not_started,x}}, init goes on): checked against a real
# boot in conformance_started.py.
mkdir -p "$tmp/unstarted"
cp "$tmp/small/"{kernel,stdlib}.app "$tmp/unstarted/"
app "$tmp/unstarted" x "kernel"
app "$tmp/unstarted" y "kernel, x"
app "$tmp/unstarted" z "kernel, y"
echo '{release, {"t", "1"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {x, "1.0", load}, {y, "1.0"}, {z, "1.0"}]}.' >"$tmp/unstarted/t.rel"
expect "order -v: start_boot fails" 0 "kernel 1.0 permanent started
stdlib 1.0 permanent started
x 1.0 load loaded
y 1.0 permanent loaded start-fails=x
z 1.0 permanent loaded start-fails=y" "" -- bash -c "'$bin' order '$tmp/unstarted/t.rel' -v 2>/dev/null"

# Input errors and usage.
mkdir -p "$tmp/bad"
printf '{application, bad, [{vsn, "1"}\n' >"$tmp/bad/bad.app"
"$bin" order "$tmp/bad/bad.app" >/dev/null 2>"$tmp/bad/err"; rc=$?
checks=$((checks + 1))
if [ $rc != 6 ] || ! grep -q "^appgraph: error: $tmp/bad/bad.app:[0-9]*:[0-9]*: " "$tmp/bad/err"; then
    failures=$((failures + 1)); echo "FAIL: parse error exit $rc: $(cat "$tmp/bad/err")"
fi
expect "misspelt command" 2 "" "appgraph: error: unknown command 'ordr', did you mean 'order'?
Run 'appgraph --help' for the list of commands." -- "$bin" ordr x
expect "bad mode" 2 "" "appgraph: error: --mode: fast not in {boot,ensure}" -- "$bin" order "$rel" --mode fast
expect "version" 0 "$("$bin" --version)" "" -- "$bin" --version
checks=$((checks + 1))
if ! "$bin" --help | grep -q "Exit status: 0 success"; then failures=$((failures + 1)); echo "FAIL: --help lacks exit codes"; fi

# A chain 1,500 applications deep: the nested formats refuse it with a message, DOT shows it all,
# and nothing crashes.
mkdir -p "$tmp/chain"
app "$tmp/chain" kernel ""
app "$tmp/chain" stdlib "kernel"
for i in $(seq 0 1499); do
    if [ "$i" -lt 1499 ]; then app "$tmp/chain" "c$i" "kernel, stdlib, c$((i + 1))"; else app "$tmp/chain" "c$i" "kernel, stdlib"; fi
done
for format in json plain pretty; do
    expect "deep tree, $format" 2 "" "appgraph: error: the tree is 1500 levels deep; --format $format shows at most 1000: use --format dot, or name an application further down" \
        -- "$bin" tree "$tmp/chain" c0 --format "$format"
done
checks=$((checks + 1))
if [ "$("$bin" tree "$tmp/chain" c0 --format dot | grep -c -- '->')" != 1499 ]; then
    failures=$((failures + 1))
    echo "FAIL: deep tree, dot: expected 1499 edges"
fi
checks=$((checks + 1))
lines=$("$bin" tree "$tmp/chain" c600 --format plain 2>&1 | wc -l)
if [ "$lines" != 900 ]; then  # c600 .. c1499, 900 levels: under the limit
    failures=$((failures + 1))
    echo "FAIL: deep tree below the limit: $lines lines, expected 900"
fi

# A mix project after `MIX_ENV=prod mix release` and a dev compile: _build/dev holds a dev-only
# application web uses in dev. The project directory, _build and every directory of the release
# mean the prod release, never the dev .app files.
proj=$tmp/proj
mkdir -p "$proj/_build/dev/lib/web/ebin" "$proj/_build/dev/lib/devtools/ebin" \
    "$proj/_build/prod/rel/web/releases/0.1.0"
touch "$proj/mix.exs"
app "$proj/_build/dev/lib/web/ebin" web "kernel, stdlib, devtools"
app "$proj/_build/dev/lib/devtools/ebin" devtools "kernel"
for a in kernel stdlib web; do mkdir -p "$proj/_build/prod/rel/web/lib/$a-1.0/ebin"; done
app "$proj/_build/prod/rel/web/lib/kernel-1.0/ebin" kernel ""
app "$proj/_build/prod/rel/web/lib/stdlib-1.0/ebin" stdlib "kernel"
app "$proj/_build/prod/rel/web/lib/web-1.0/ebin" web "kernel, stdlib"
echo '{release, {"web", "0.1.0"}, {erts, "13"}, [{kernel, "1.0"}, {stdlib, "1.0"}, {web, "1.0"}]}.' \
    >"$proj/_build/prod/rel/web/releases/0.1.0/web.rel"
for input in "" /_build /_build/prod /_build/prod/rel /_build/prod/rel/web /_build/prod/rel/web/releases; do
    expect "project: $proj$input means its release" 0 "kernel
stdlib
web" "" -- "$bin" order "$proj$input"
done
expect "project -v says which files were read" 0 "" "release: _build/prod/rel/web/releases/0.1.0/web.rel (web 0.1.0, environment prod); .app files: _build/prod/rel/web/lib (3)" \
    -- bash -c "cd '$proj' && '$bin' order . -v >/dev/null"
expect "releases/ given as . names its files from there" 0 "" "release: ../releases/0.1.0/web.rel (web 0.1.0, environment prod); .app files: ../lib (3)" \
    -- bash -c "cd '$proj/_build/prod/rel/web/releases' && '$bin' order . -v >/dev/null"
expect "project --env dev: the dev applications, formed from the roots" 0 "kernel
stdlib
devtools
web" "" -- "$bin" order "$proj" --env dev
mkdir -p "$proj/_build/dev/rel/web/releases/0.1.0"
cp "$proj/_build/prod/rel/web/releases/0.1.0/web.rel" "$proj/_build/dev/rel/web/releases/0.1.0/"
expect "project with two releases: ambiguous, exit 2" 2 "" "appgraph: error: $proj: 2 releases here: web 0.1.0 in dev (--env dev), web 0.1.0 in prod (--env prod); choose one with --env ENV or --release NAME@VSN" \
    -- "$bin" order "$proj"
expect "MIX_ENV chooses" 0 "kernel
stdlib
web" "" -- env MIX_ENV=prod "$bin" order "$proj"
expect "--release names nothing there" 2 "" "appgraph: error: $proj: --release web@9: no such release here (releases: web 0.1.0 in prod (--release web@0.1.0))" \
    -- "$bin" order "$proj" --env prod --release web@9
expect "--release without a name" 2 "" "appgraph: error: order: --release @1: expected NAME or NAME@VSN" \
    -- "$bin" order "$proj" --release @1

# --path with wildcards, as systools and relx take it.
expect "--path 'lib/*/ebin'" 0 "kernel
stdlib
web" "" -- bash -c "cd '$proj/_build/prod/rel/web' && cp releases/0.1.0/web.rel '$tmp/alone.rel' && '$bin' order '$tmp/alone.rel' --path 'lib/*/ebin'"

# Two versions of one application in lib/ without a .rel: the highest by OTP's order, one warning.
mkdir -p "$tmp/versions/lib/util-1.9.0/ebin" "$tmp/versions/lib/util-1.10.0/ebin"
app "$tmp/versions/lib/util-1.9.0/ebin" util "kernel"
app "$tmp/versions/lib/util-1.10.0/ebin" util "kernel"
sed -i 's/"1.0"/"1.9.0"/' "$tmp/versions/lib/util-1.9.0/ebin/util.app"
sed -i 's/"1.0"/"1.10.0"/' "$tmp/versions/lib/util-1.10.0/ebin/util.app"
expect "lib/ with two versions: the highest" 0 "kernel - permanent started
stdlib - permanent started
util 1.10.0 permanent started" "appgraph: warning: ./lib/util-1.9.0/ebin/util.app:1:1: application 'util' version \"1.9.0\" ignored: version \"1.10.0\" (./lib/util-1.10.0/ebin/util.app) is the highest in that lib directory, and the one the code server takes" \
    -- bash -c "cd '$tmp/versions' && '$bin' order . -v 2>&1 >/dev/null | grep -v '^release:' >&2; '$bin' order . -v 2>/dev/null"

# tree DIR APP: APP names the application even when the working directory holds a directory of
# that name (the rule why follows too); ./APP is the way to give such a directory as an input.
mkdir -p "$tmp/cwd/web"
expect "tree DIR APP with a directory named APP here" 0 "web" "" \
    -- bash -c "cd '$tmp/cwd' && '$bin' tree '$proj' web --env prod --format plain"
expect "why DIR APP alike" 0 "web:" "" \
    -- bash -c "cd '$tmp/cwd' && '$bin' why '$proj' web --env prod | head -1"
expect "tree DIR NAME, no such application" 1 "" "appgraph: error: no application named 'web2' in the inputs, did you mean 'web'?
(to read web2 as an input, give it as ./web2)" \
    -- bash -c "cd '$tmp/cwd' && mkdir -p web2 && '$bin' tree '$proj' web2 --env prod"

# A .rel listing an application twice: systools takes it, appgraph refuses it (exit 3).
printf '{release, {"t", "1"}, {erts, "13"},\n [{kernel, "1.0"}, {stdlib, "1.0"}, {b, "1.0"},\n  {b, "1.0"}]}.\n' \
    >"$tmp/small/twice.rel"
expect "a .rel listing an application twice" 3 "" "appgraph: error: twice.rel:3:3: the release lists application 'b' a second time (first at twice.rel:2:37); systools does not refuse it, but its boot script then loads and starts it twice or it reports a circular dependency that is not there" -- bash -c "cd '$tmp/small' && '$bin' order twice.rel"

# Boot scripts as inputs (data/boot: written by real systools, OTP 25): the order the script
# runs, read from it; -v adds the load order and the types (an included application's type is
# not in the script: permanent).
boot_data=$(cd "$(dirname "$0")/../manifests/data/boot" && pwd)
for f in small.boot small_compressed.boot small.script; do
    expect "order $f" 0 "kernel
stdlib
store
web
audit" "" -- "$bin" order "$boot_data/$f"
done
expect "order -v on a boot script" 0 "kernel 8.5.3 permanent started
stdlib 4.2 permanent started
store 0.3.1 transient started
web_cache 1.0.0 permanent loaded included-by=web
web 1.0.0 permanent started
tools 2.0 load loaded
audit 1.1 temporary started" "release: small.boot (small 1.0.0); the boot script's own copies of the .app files" \
    -- bash -c "cd '$boot_data' && '$bin' order small.boot -v"
expect "order --json on a boot script says it read one" 0 "boot_script small.boot" "" \
    -- bash -c "cd '$boot_data' && '$bin' order small.boot --json | python3 -c 'import json,sys; r=json.load(sys.stdin)[\"release\"]; print(r[\"kind\"], r[\"file\"])'"

echo "cli_test: $checks checks, $failures failed"
[ $failures = 0 ]
