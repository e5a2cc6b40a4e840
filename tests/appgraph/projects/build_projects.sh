#!/usr/bin/env bash
# Builds the real projects of this directory the way their users build them, offline, into OUT:
#   shop    mix umbrella: `MIX_ENV=prod mix release` (0.1.0), a dev compile, then 0.2.0
#           (SHOP_RELEASE=0.2.0) released into the same directory beside 0.1.0
#   gadget  mix project: a release in dev and one in prod
#   plant   rebar3 + relx: releases 0.1.0 and 0.2.0 in the default profile (dev mode, symlinks)
#           and in the prod profile (prod mode, copies)
# Nothing is fetched: no project has a hex dependency, and HOME points inside OUT so no user
# configuration or cache is read. Fails loudly when mix, rebar3 or erl is missing.
# usage: build_projects.sh OUT
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
for tool in erl mix rebar3; do
    command -v "$tool" >/dev/null || {
        echo "build_projects: FAIL: $tool is not installed (Debian: erlang-nox, elixir, rebar3)" >&2
        exit 1
    }
done
rm -rf "$out"
mkdir -p "$out/home"
export HOME=$out/home MIX_HOME=$out/home/.mix HEX_HOME=$out/home/.hex HEX_OFFLINE=1
export REBAR_CACHE_DIR=$out/home/.cache/rebar3 REBAR_COLOR=none TERM=dumb
unset MIX_ENV MIX_TARGET MIX_BUILD_PATH MIX_DEPS_PATH SHOP_RELEASE ERL_LIBS REBAR_PROFILE
for project in shop gadget plant; do cp -R "$here/$project" "$out/$project"; done

log=$out/build.log
step() {  # DIR COMMAND...
    local dir=$1
    shift
    echo "== ($dir) $*" >>"$log"
    if ! (cd "$out/$dir" && "$@") >>"$log" 2>&1; then
        echo "build_projects: FAIL in $dir: $*" >&2
        tail -30 "$log" >&2
        exit 1
    fi
}
step shop env MIX_ENV=prod mix release
step shop env MIX_ENV=dev mix compile
# The release version changes shop_core's version and shop_web's dependencies: recompile all.
step shop env MIX_ENV=prod SHOP_RELEASE=0.2.0 mix compile --force
step shop env MIX_ENV=prod SHOP_RELEASE=0.2.0 mix release
step gadget env MIX_ENV=prod mix release
step gadget env MIX_ENV=dev mix release
for profile in default prod; do
    for vsn in 0.1.0 0.2.0; do
        step plant rebar3 as "$profile" release -n plant -v "$vsn"
    done
done
# Every release the tests expect, or the build is wrong.
for rel in shop/_build/prod/rel/shop/releases/0.1.0/shop.rel \
           shop/_build/prod/rel/shop/releases/0.2.0/shop.rel \
           gadget/_build/dev/rel/gadget/releases/1.4.0/gadget.rel \
           gadget/_build/prod/rel/gadget/releases/1.4.0/gadget.rel \
           plant/_build/default/rel/plant/releases/0.1.0/plant.rel \
           plant/_build/default/rel/plant/releases/0.2.0/plant.rel \
           plant/_build/prod/rel/plant/releases/0.1.0/plant.rel \
           plant/_build/prod/rel/plant/releases/0.2.0/plant.rel; do
    [ -f "$out/$rel" ] && [ -f "$(dirname "$out/$rel")/start.boot" ] || {
        echo "build_projects: FAIL: $rel or its start.boot was not written" >&2
        exit 1
    }
done
[ -d "$out/shop/_build/dev/lib/devtools/ebin" ] || {
    echo "build_projects: FAIL: the dev compile of shop did not happen" >&2
    exit 1
}
echo "build_projects: built shop, gadget and plant in $out ($(mix --version | tail -1), $(rebar3 version))"
