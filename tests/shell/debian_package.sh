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
if [ "$(dpkg-query -W -f='${Status}' fwtools 2>/dev/null || true)" = "install ok installed" ]; then
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
        # Whole outputs are read (no `head`, no early `exit` in awk): under pipefail a writer
        # killed by SIGPIPE would fail the test at random.
        libraries=$(ldconfig -p)
        path=$(awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }' <<<"$libraries")
        [ -n "$path" ] || { echo "$tool needs $lib, which this system does not have"; exit 1; }
        owners=$(dpkg -S "$(realpath "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null || true)
        owner=$(sed -n '1s/:.*//p' <<<"$owners")
        [ -n "$owner" ] || { echo "no installed package owns $path ($lib, needed by $tool)"; exit 1; }
        grep -qw -- "$owner" <<<"$depends" ||
            { echo "$tool needs $lib from $owner, which Depends does not name"; exit 1; }
    done
done

dpkg -i "$deb" >/dev/null
installed_version=$(/usr/bin/fwkv --version)
[ "$installed_version" = "$("$build/bin/fwkv" --version)" ] ||
    { echo "/usr/bin/fwkv --version says $installed_version"; exit 1; }
for tool in fwkv appgraph supsim; do
    page=$(MANPAGER=cat MANWIDTH=80 man "$tool" 2>/dev/null || true)
    grep -q "$tool" <<<"$page" || { echo "man $tool shows nothing"; exit 1; }
done
# bash-completion loads the installed script on demand and registers the function.
registered=$(PATH=/usr/bin:/bin bash -c '
    source /usr/share/bash-completion/bash_completion
    _completion_loader fwkv
    complete -p fwkv' || true)
grep -q "_fwkv_complete" <<<"$registered" || { echo "bash completion not registered: $registered"; exit 1; }
echo "debian package: ok"
