#!/usr/bin/env bash
# The repository stands alone: its tracked files, copied into an otherwise empty directory (no
# sibling folder, no build tree, nothing untracked), configure, build what the unit and cli tiers
# run, and pass those tiers. Fails when a test, a CMake rule or a script needs a file outside the
# repository or one that is not committed, or when a script is executable only in this checkout.
# The copy is configured like the build running this test (build type, compiler, ccache) and
# built at the same place inside it, so with FWTOOLS_CCACHE most objects come from the cache.
# Usage: standalone_clone.sh SOURCE_DIR BUILD_SUBDIR [CMAKE_ARGS...]
set -euo pipefail
source_dir=$(realpath "$1") build_subdir=$2
shift 2
here=$(dirname "$(realpath "$0")")
for program in git python3 ninja; do
    command -v $program >/dev/null ||
        { echo "FAIL: $program is not installed (apt-get install ${program/ninja/ninja-build})"; exit 1; }
done
jobs=$(nproc 2>/dev/null || echo 2)

work=$(mktemp -d "${TMPDIR:-/tmp}/fwtools-standalone.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/logs" "$work/alone"
logs=$work/logs copy=$work/alone/fwtools
build=$copy/$build_subdir
started=$SECONDS
step() {  # NAME COMMAND...: runs it with its output in a log, shown on failure; prints the time
    local name=$1 begin=$SECONDS
    shift
    if ! "$@" >"$logs/$name.log" 2>&1; then
        cat "$logs/$name.log"
        echo "FAIL: $name failed in the standalone copy $copy"
        exit 1
    fi
    echo "$name: $((SECONDS - begin)) s"
}

step copy python3 "$here/tracked_copy.py" "$source_dir" "$copy"
cat "$logs/copy.log"
[ "$(ls -A "$work/alone")" = fwtools ] || { echo "FAIL: the copy is not alone in $work/alone"; exit 1; }
step configure cmake -S "$copy" -B "$build" -G Ninja "$@"

# Nothing in the copy's build may name the checkout it was copied from.
if leaks=$(grep -rlF --include='*.cmake' --include=build.ninja --include=CMakeCache.txt \
    "$source_dir/" "$build"); then
    echo "FAIL: the copy's build refers to the original checkout $source_dir:"
    echo "$leaks"
    grep -rhF "$source_dir/" $leaks | head -5
    exit 1
fi

ctest --test-dir "$build" -N -L 'unit|cli' --show-only=json-v1 >"$logs/tests.json"
targets=$(python3 "$here/tier_targets.py" "$build" <"$logs/tests.json")
echo "building: $(echo $targets)"
ccache_counts() {  # "HITS MISSES" so far in the cache (shared: other builds running add to it)
    ccache --print-stats 2>/dev/null | awk -F'\t' '$1 ~ /_cache_hit$/ { h += $2 }
        $1 == "cache_miss" { m += $2 } END { print h + 0, m + 0 }'
}
use_ccache=$(grep -q '^FWTOOLS_CCACHE:BOOL=ON' "$build/CMakeCache.txt" && echo yes || true)
[ -n "$use_ccache" ] && read -r hits misses < <(ccache_counts)
step build cmake --build "$build" -j "$jobs" --target $targets
echo "$(grep -cE '^\[[0-9]+/[0-9]+\] Building' "$logs/build.log") compiled, \
$(grep -cE '^\[[0-9]+/[0-9]+\] Linking' "$logs/build.log") linked"
if [ -n "$use_ccache" ]; then
    read -r hits_after misses_after < <(ccache_counts)
    echo "ccache: $((hits_after - hits)) hits, $((misses_after - misses)) misses"
fi
step tests ctest --test-dir "$build" -L 'unit|cli' --output-on-failure -j "$jobs"
grep -E 'tests passed|tests failed' "$logs/tests.log"
echo "standalone copy: ok in $((SECONDS - started)) s"
