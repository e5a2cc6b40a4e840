#!/usr/bin/env bash
# `cmake --install` lays out binaries, man pages, completions, headers and CMake packages where a
# Debian system looks for them, and a separate project builds against the installed libraries.
# Usage: install_tree.sh BUILD_DIR SOURCE_DIR TOOLS PACKAGES LIBDIR ZSH_COMPLETION_DIR
#   TOOLS, PACKAGES (the CMake packages): ;-separated, as the build declares them; LIBDIR,
#   ZSH_COMPLETION_DIR: relative to the prefix, as the build was configured.
set -euo pipefail
build=$1 source=$2 libdir=$5 zsh_dir=$6
IFS=';' read -r -a tools <<<"$3"
IFS=';' read -r -a packages <<<"$4"
here=$(dirname "$(realpath "$0")")
source "$here/packaging_lib.sh"
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
for tool in "${tools[@]}"; do
    expect "bin/$tool"
    expect "share/man/man1/$tool.1.gz"
    expect "share/bash-completion/completions/$tool"
    expect "$zsh_dir/_$tool"
    expect "share/fish/vendor_completions.d/$tool.fish"
done
for package in "${packages[@]}"; do
    expect "$libdir/cmake/$package/${package}Config.cmake"
    expect "$libdir/cmake/$package/${package}ConfigVersion.cmake"
    archives=$(exported_archives "$prefix" "$libdir/cmake/$package")
    [ -n "$archives" ] || { echo "the $package package exports no library"; fail=1; }
    for archive in $archives; do expect "$archive"; done
done
expect include/libkv/version.hpp
expect include/libappgraph/version.hpp
expect include/libappgraph/supervision/tree_spec.hpp
expect share/doc/fwtools/copyright
expect share/doc/fwtools/examples/tour.sh
# Debian-only files come with component installs (the .deb), not with a plain install.
for debian_only in share/doc/fwtools/changelog.Debian.gz share/lintian; do
    [ ! -e "$prefix/$debian_only" ] || { echo "a plain install has $debian_only"; fail=1; }
done
[ "$fail" -eq 0 ] || exit 1

# The installed binaries run from the prefix.
[ "$("$prefix/bin/fwkv" --version)" = "$("$build/bin/fwkv" --version)" ] ||
    { echo "the installed fwkv reports another version"; exit 1; }

find "$prefix/include" -name '*.hpp' | sort >"$work/headers"
build_consumer "$source" "$work/consumer" "$prefix/include" "$work/headers" "$4" \
    "$("$build/bin/fwkv" --version | cut -d' ' -f2)" -DCMAKE_PREFIX_PATH="$prefix"  # "fwkv VERSION"
echo "installed tree and consumer project: ok"
