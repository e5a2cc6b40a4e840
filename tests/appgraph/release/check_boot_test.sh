#!/usr/bin/env bash
# `appgraph check --boot` against boot scripts written by real systools (erl and escript are
# required: without them this test fails, naming what is missing). A release is laid out as a
# real one (lib/NAME-VSN/ebin/NAME.app, releases/VSN/NAME.rel), systools:make_script writes
# start.script and start.boot from it, and check must find the manifests and the script equal;
# then the manifests are changed under the shipped script and check must name every difference.
# usage: check_boot_test.sh APPGRAPH
set -uo pipefail
bin=$1
for tool in erl escript; do
    command -v "$tool" >/dev/null || { echo "check_boot_test: FAIL: $tool not found (needed to write real boot scripts)"; exit 1; }
done
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
failures=0
checks=0
fail() { failures=$((failures + 1)); echo "FAIL: $*"; }

app() {  # NAME VSN USES [INCLUDES]
    mkdir -p "$tmp/rel/lib/$1-$2/ebin"
    cat >"$tmp/rel/lib/$1-$2/ebin/$1.app" <<APP
{application, $1, [{description, "$1"}, {vsn, "$2"}, {modules, []}, {registered, []},
  {applications, [kernel, stdlib${3:+, $3}]}, {included_applications, [${4:-}]}]}.
APP
}
# kernel and stdlib are the installed ones (systools copies their real .app files).
read -r kvsn svsn evsn < <(erl -noshell -eval 'application:load(stdlib), {ok,K}=application:get_key(kernel,vsn), {ok,S}=application:get_key(stdlib,vsn), io:format("~s ~s ~s~n",[K,S,erlang:system_info(version)]), halt().')
for a in kernel stdlib; do
    v=$([ $a = kernel ] && echo "$kvsn" || echo "$svsn")
    mkdir -p "$tmp/rel/lib/$a-$v/ebin"
    cp "$(erl -noshell -eval "io:format(\"~s\",[code:lib_dir($a)]), halt().")/ebin/$a.app" "$tmp/rel/lib/$a-$v/ebin/"
done
app zeta 0.2.0 ""
app web 1.0.0 "zeta, db"
app db 1.0.0 "" "pool"
app pool 1.0.0 ""
app tool 1.0.0 ""
mkdir -p "$tmp/rel/releases/0.1.0"
rel=$tmp/rel/releases/0.1.0/shop.rel
echo "{release, {\"shop\", \"0.1.0\"}, {erts, \"$evsn\"}, [{kernel, \"$kvsn\"}, {stdlib, \"$svsn\"}, {web, \"1.0.0\"}, {zeta, \"0.2.0\"}, {db, \"1.0.0\"}, {pool, \"1.0.0\"}, {tool, \"1.0.0\", load}]}." >"$rel"
cat >"$tmp/make_boot.escript" <<'ERL'
%% make_boot.escript REL_WITHOUT_EXT LIB_DIR: start.script and start.boot beside the .rel.
main([Rel, Lib]) ->
    Dir = filename:dirname(Rel),
    Path = filelib:wildcard(filename:join(Lib, "*/ebin")),
    {ok, _, _} = systools:make_script(Rel, [{path, Path}, {outdir, Dir}, silent, no_warn_sasl,
                                            no_dot_erlang]),
    ok = file:rename(Rel ++ ".script", filename:join(Dir, "start.script")),
    ok = file:rename(Rel ++ ".boot", filename:join(Dir, "start.boot")).
ERL
escript "$tmp/make_boot.escript" "${rel%.rel}" "$tmp/rel/lib" || { echo "check_boot_test: FAIL: systools could not write the boot script"; exit 1; }

# expect NAME EXIT_CODE GREP_PATTERN... -- COMMAND: exit code, and every pattern in stderr+stdout.
expect() {
    local name=$1 want=$2; shift 2
    local patterns=()
    while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
    shift
    local out rc
    out=$("$@" 2>&1); rc=$?
    checks=$((checks + 1))
    [ "$rc" = "$want" ] || { fail "$name: exit $rc (want $want): $out"; return; }
    for p in "${patterns[@]}"; do
        grep -qF -- "$p" <<<"$out" || fail "$name: no '$p' in: $out"
    done
}

for boot in start.boot start.script; do
    expect "manifests equal the shipped $boot" 0 "ok: 7 applications, 0 errors" \
        -- "$bin" check "$rel" --boot "$tmp/rel/releases/0.1.0/$boot"
    expect "the release directory and $boot" 0 "ok:" -- "$bin" check "$tmp/rel" --boot "$tmp/rel/releases/0.1.0/$boot"
done

# The trap: lib/zeta-0.2.0 rebuilt without a version bump, now using an application the release
# does not hold. The manifests no longer resolve; the shipped boot script still boots.
cp -r "$tmp/rel" "$tmp/shipped"
app zeta 0.2.0 "ghost"
boot=$tmp/rel/releases/0.1.0/start.boot
expect "zeta rebuilt: the manifests do not resolve" 1 "undefined_applications" -- "$bin" order "$rel"
expect "zeta rebuilt: the boot script still runs" 0 "zeta" -- "$bin" order "$boot"
expect "zeta rebuilt: check --boot names the difference" 1 \
    "undefined_applications: applications used or included but not in the release: ghost" \
    "boot_script_differs: zeta: applications [ghost,kernel,stdlib] in the manifests, [kernel,stdlib] in the boot script" \
    -- "$bin" check "$rel" --boot "$boot"

# Every other kind of difference at once: a version, a type, a missing and an extra application,
# a changed include and a changed start order.
rm -rf "$tmp/rel" && cp -r "$tmp/shipped" "$tmp/rel"
rm -rf "$tmp/rel/lib/pool-1.0.0"
app db 1.0.0 "" ""
app web 1.1.0 "zeta"
app extra 1.0.0 ""
echo "{release, {\"shop\", \"0.1.0\"}, {erts, \"$evsn\"}, [{kernel, \"$kvsn\"}, {stdlib, \"$svsn\"}, {extra, \"1.0.0\"}, {web, \"1.1.0\"}, {zeta, \"0.2.0\", temporary}, {db, \"1.0.0\"}, {tool, \"1.0.0\"}]}." >"$rel"
expect "every difference in one run" 1 \
    "boot_script_differs: web: version 1.1.0 in the manifests, 1.0.0 in the boot script" \
    "boot_script_differs: zeta: type temporary in the manifests, permanent in the boot script" \
    "boot_script_differs: tool: type permanent in the manifests, load in the boot script" \
    "boot_script_differs: db: included_applications [] in the manifests, [pool] in the boot script" \
    "boot_script_differs: extra: loaded by the manifests (1.0.0) but not by the boot script" \
    "boot_script_differs: pool: loaded by the boot script (1.0.0) but not by the manifests" \
    "boot_script_differs: tool: started by the manifests, only loaded by the boot script" \
    "boot_script_differs: web: starts in another order relative to the others" \
    -- "$bin" check "$rel" --boot "$boot"
expect "--boot with no boot script" 2 "not a boot script" -- "$bin" check "$rel" --boot "$rel"

echo "check_boot_test: $checks checks, $failures failed"
[ $failures = 0 ]
