#!/usr/bin/env bash
# `cpack -G DEB` builds a .deb whose dependencies dpkg accepts on this machine; installed, it gives
# working binaries, man pages and bash completion. Needs root (it installs the package, then
# removes it again); exits 77, which ctest reports as skipped, otherwise.
# Usage: debian_package.sh BUILD_DIR
set -euo pipefail
build=$(realpath "$1")
if [ "$(id -u)" -ne 0 ]; then
    echo "not root: cannot install a package"
    exit 77
fi
if dpkg-query -W -f='${Status}' fwtools 2>/dev/null | grep -q "install ok installed"; then
    echo "fwtools is already installed on this machine; refusing to replace it"
    exit 1
fi
work=$(mktemp -d)
trap 'dpkg -r fwtools >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/fwtools_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Every shared library the packaged binaries load must come from a package named in Depends.
dpkg-deb -x "$deb" "$work/root"
for tool in fwkv appgraph supsim; do
    [ -x "$work/root/usr/bin/$tool" ] || { echo "no /usr/bin/$tool in the package"; exit 1; }
    for lib in $(readelf -d "$work/root/usr/bin/$tool" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
        path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
        [ -n "$path" ] || { echo "$tool needs $lib, which this system does not have"; exit 1; }
        owner=$(dpkg -S "$(realpath "$path")" 2>/dev/null | head -1 | cut -d: -f1) ||
            owner=$(dpkg -S "$path" | head -1 | cut -d: -f1)
        grep -qw -- "$owner" <<<"$depends" ||
            { echo "$tool needs $lib from $owner, which Depends does not name"; exit 1; }
    done
done

dpkg -i "$deb" >/dev/null
[ "$(/usr/bin/fwkv --version)" = "$("$build/bin/fwkv" --version)" ]
for tool in fwkv appgraph supsim; do
    MANPAGER=cat MANWIDTH=80 man "$tool" 2>/dev/null | grep -q "$tool" ||
        { echo "man $tool shows nothing"; exit 1; }
done
# bash-completion loads the installed script on demand and registers the function.
PATH=/usr/bin:/bin bash -c '
    source /usr/share/bash-completion/bash_completion
    _completion_loader fwkv
    complete -p fwkv' | grep -q "_fwkv_complete" || { echo "bash completion not registered"; exit 1; }
echo "debian package: ok"
