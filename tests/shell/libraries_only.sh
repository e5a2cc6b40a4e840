#!/usr/bin/env bash
# The libraries configure without CLI11 (-DFWTOOLS_LIBRARIES_ONLY=ON): a find_package(CLI11)
# anywhere would fail here, since CMAKE_DISABLE_FIND_PACKAGE_CLI11 refuses it. ./build.sh test
# also builds that configuration (build-libraries).
# Usage: libraries_only.sh SOURCE_DIR
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! cmake -S "$1" -B "$work" -G Ninja -DFWTOOLS_LIBRARIES_ONLY=ON \
        -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON >"$work/log" 2>&1; then
    cat "$work/log"
    echo "FAIL: the libraries do not configure without CLI11"
    exit 1
fi
for target in libkv libappgraph libappgraph_supervision; do
    grep -q "build $target:" "$work/build.ninja" 2>/dev/null ||
        ninja -C "$work" -t targets all | grep -q "^$target:" ||
        { echo "FAIL: no $target target"; exit 1; }
done
ninja -C "$work" -t targets all | grep -qE '^(fwkv|appgraph|supsim|toolcommon):' &&
    { echo "FAIL: a libraries-only build has tool targets"; exit 1; }
echo "the libraries configure without CLI11, and without the tools"
