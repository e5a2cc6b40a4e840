#!/usr/bin/env bash
# `cmake --install` lays out binaries, man pages, completions, headers and CMake packages where a
# Debian system looks for them, and a separate project builds against the installed libraries.
# Usage: install_tree.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null

fail=0
expect() {
    if [ ! -e "$prefix/$1" ]; then
        echo "missing from the installed tree: $1"
        fail=1
    fi
}
for tool in fwkv appgraph supsim; do
    expect "bin/$tool"
    expect "share/man/man1/$tool.1"
    expect "share/bash-completion/completions/$tool"
    expect "share/zsh/site-functions/_$tool"
    expect "share/fish/vendor_completions.d/$tool.fish"
done
for lib in libkv libappgraph; do
    expect "include/$lib/version.hpp"
    expect "lib/cmake/$lib/${lib}Config.cmake"
    expect "lib/cmake/$lib/${lib}ConfigVersion.cmake"
done
expect lib/libkv.a
expect lib/libappgraph.a
expect lib/libappgraph_supervision.a
expect include/libappgraph/supervision/tree_spec.hpp
[ "$fail" -eq 0 ] || exit 1

# The installed binaries run from the prefix.
[ "$("$prefix/bin/fwkv" --version)" = "$("$build/bin/fwkv" --version)" ] ||
    { echo "the installed fwkv reports another version"; exit 1; }

cmake -S "$source/tests/shell/consumer" -B "$work/consumer" -G Ninja \
    -DCMAKE_PREFIX_PATH="$prefix" >"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; exit 1; }
cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; exit 1; }
out=$("$work/consumer/consumer")
version=$("$build/bin/fwkv" --version | cut -d" " -f2)  # "fwkv VERSION"
if [ "$out" != "libkv $version libappgraph $version transient one_for_all" ]; then
    echo "consumer printed: $out"
    exit 1
fi
echo "installed tree and consumer project: ok"
