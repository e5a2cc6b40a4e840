#!/usr/bin/env bash
# The Debian packages, made and used the way a Debian user would: from a copy of the tracked
# sources configured for /usr, `cpack -G DEB` makes fwtools and libfwtools-dev; their contents
# are checked (every tool with its compressed man page and three completions, docs, examples,
# headers, stripped static libraries and CMake packages in the multiarch directory), lintian
# finds no error that is not overridden with its reason, apt installs both, and then from the
# installed files only: `man TOOL`, completion in bash, zsh and fish, a consumer CMake project
# built with the compiler's default C++ standard, and the tools run on the examples shipped in
# /usr/share/doc/fwtools (the same output as the built tools on the source tree's examples).
# Finally both packages are purged and nothing of them may be left.
# Needs root (it installs packages) and fails without it. Package installs of concurrent runs
# wait for each other (a lock file), and apt waits up to 10 minutes for the dpkg lock.
# Usage: debian_package.sh TOOLS PACKAGES BUILD_DIR SOURCE_DIR BUILD_SUBDIR [CMAKE_ARGS...]
#   TOOLS, PACKAGES (the CMake packages): ;-separated, as this build declares them; BUILD_DIR: this build (its fwkv
#   gives the expected version); the rest as for standalone_clone.sh.
set -uo pipefail
IFS=';' read -r -a tools <<<"$1"
IFS=';' read -r -a cmake_packages <<<"$2"
cmake_packages_list=$2
build=$(realpath "$3") source_dir=$(realpath "$4") build_subdir=$5
shift 5
here=$(dirname "$(realpath "$0")")
source "$here/packaging_lib.sh"
packages=(fwtools libfwtools-dev)

die() { echo "FAIL: $*"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

[ "$(id -u)" -eq 0 ] || die "the packaging test installs packages and must run as root"
for program in git python3 ninja cpack dpkg-deb dpkg-architecture apt-get lintian man zsh fish \
    readelf gzip flock; do
    command -v "$program" >/dev/null || die "$program is not installed (./build.sh test installs what the tests need)"
done
[ -f /usr/share/bash-completion/bash_completion ] ||
    die "bash-completion is not installed (apt-get install bash-completion)"

work=$(mktemp -d "${TMPDIR:-/tmp}/fwtools-deb.XXXXXX")
installed=
cleanup() {
    if [ -n "$installed" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=600 \
            "${packages[@]}" >/dev/null 2>&1
    fi
    rm -rf "$work"
}
trap cleanup EXIT
started=$SECONDS
step() {  # NAME COMMAND...: runs it with its output in a log, shown on failure
    local name=$1 begin=$SECONDS
    shift
    "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; die "$name failed"; }
    echo "$name: $((SECONDS - begin)) s"
}

# --- Make the packages from a copy of the tracked files, configured for /usr.
mkdir "$work/alone"
copy=$work/alone/fwtools
step copy python3 "$here/tracked_copy.py" "$source_dir" "$copy"
step configure cmake -S "$copy" -B "$copy/$build_subdir" -G Ninja "$@" -DCMAKE_INSTALL_PREFIX=/usr \
    -DFWTOOLS_BUILD_TESTS=OFF
step build cmake --build "$copy/$build_subdir" -j "$(nproc)" --target tools libraries
step cpack cpack -G DEB --config "$copy/$build_subdir/CPackConfig.cmake" -B "$work/debs"
debs=()
for package in "${packages[@]}"; do
    deb=("$work"/debs/"${package}"_*.deb)
    [ -f "${deb[0]}" ] || die "cpack made no $package package: $(ls "$work/debs")"
    debs+=("${deb[0]}")
    echo "$(basename "${deb[0]}"): $(stat -c %s "${deb[0]}") bytes," \
        "Installed-Size $(dpkg-deb -f "${deb[0]}" Installed-Size) KiB," \
        "Depends: $(dpkg-deb -f "${deb[0]}" Depends)"
done
tools_deb=${debs[0]} dev_deb=${debs[1]}

# --- What each package holds.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
dpkg-deb -x "$tools_deb" "$work/tools_root"
dpkg-deb -x "$dev_deb" "$work/dev_root"
has() {  # ROOT PATH
    [ -e "$work/$1/$2" ] || fail "$(basename "$1" _root) package: no /$2"
}
for tool in "${tools[@]}"; do
    has tools_root "usr/bin/$tool"
    has tools_root "usr/share/man/man1/$tool.1.gz"
    has tools_root "usr/share/bash-completion/completions/$tool"
    has tools_root "usr/share/zsh/vendor-completions/_$tool"
    has tools_root "usr/share/fish/vendor_completions.d/$tool.fish"
    gzip -t "$work/tools_root/usr/share/man/man1/$tool.1.gz" 2>/dev/null ||
        fail "usr/share/man/man1/$tool.1.gz is not gzip-compressed"
done
shipped_tools=$(ls "$work/tools_root/usr/bin" | sort | xargs)
[ "$shipped_tools" = "$(printf '%s\n' "${tools[@]}" | sort | xargs)" ] ||
    fail "fwtools ships /usr/bin/{$shipped_tools}, the build declares ${tools[*]}"
for file in copyright changelog.Debian.gz examples/tour.sh; do
    has tools_root "usr/share/doc/fwtools/$file"
done
has tools_root usr/share/lintian/overrides/fwtools
exported=()
for package in "${cmake_packages[@]}"; do
    has dev_root "usr/lib/$multiarch/cmake/$package/${package}Config.cmake"
    has dev_root "usr/lib/$multiarch/cmake/$package/${package}ConfigVersion.cmake"
    exported+=($(exported_archives "$work/dev_root/usr" "lib/$multiarch/cmake/$package"))
done
archives=("$work/dev_root/usr/lib/$multiarch"/*.a)
[ "$(printf '%s\n' "${archives[@]#"$work"/dev_root/usr/}" | sort | xargs)" = \
  "$(printf '%s\n' "${exported[@]}" | sort | xargs)" ] ||
    fail "libfwtools-dev ships ${archives[*]#"$work"/dev_root/}, its CMake packages export ${exported[*]}"
for file in copyright changelog.Debian.gz; do
    has dev_root "usr/share/doc/libfwtools-dev/$file"
done
[ -z "$(ls "$work/tools_root/usr" | grep -v -e '^bin$' -e '^share$')" ] ||
    fail "fwtools holds more than usr/bin and usr/share: $(ls "$work/tools_root/usr")"
[ ! -e "$work/dev_root/usr/bin" ] || fail "libfwtools-dev holds programs"
# Stripped: no symbol table in the programs, no debug information in the static libraries.
for tool in "${tools[@]}"; do
    ! readelf -S -W "$work/tools_root/usr/bin/$tool" | grep -qE ' \.(symtab|debug_[a-z]+|comment) ' ||
        fail "usr/bin/$tool is not stripped"
done
for archive in "${archives[@]}"; do
    ! readelf -S -W "$archive" | grep -qE ' \.debug_[a-z]+ ' ||
        fail "${archive#"$work"/dev_root/} has debug information"
done
# Every shared library the programs load comes from a package that fwtools depends on.
depends=$(dpkg-deb -f "$tools_deb" Depends)
libraries_loaded=$(ldconfig -p)
for tool in "${tools[@]}"; do
    for lib in $(readelf -d "$work/tools_root/usr/bin/$tool" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
        path=$(awk -v l="$lib" '$1 == l && !found { print $NF; found = 1 }' <<<"$libraries_loaded")
        [ -n "$path" ] || { fail "$tool needs $lib, which this system does not have"; continue; }
        owners=$(dpkg -S "$(realpath "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null || true)
        owner=$(sed -n '1s/:.*//p' <<<"$owners")
        [ -n "$owner" ] || { fail "no installed package owns $path ($lib, needed by $tool)"; continue; }
        grep -qw -- "$owner" <<<"$depends" || fail "$tool needs $lib from $owner, which Depends does not name"
    done
done
[ "$failures" -eq 0 ] || die "$failures problems in the packages' contents"
echo "contents: ok"

# --- lintian: the whole output, overridden tags too; any error that is not overridden ("E:")
# fails. (With --show-overrides, lintian's own --fail-on counts the overridden errors as well.)
begin=$SECONDS
lintian --display-info --show-overrides --fail-on none "${debs[@]}" >"$work/lintian.log" 2>&1
lintian_status=$?
echo "lintian ($((SECONDS - begin)) s):"
sed 's/^/  /' "$work/lintian.log"
[ "$lintian_status" -eq 0 ] || die "lintian did not run (exit $lintian_status)"
! grep -q '^E: ' "$work/lintian.log" || die "lintian reports errors that no override explains"

# --- Install both with apt, as a user would; concurrent runs of this test wait for each other.
exec 9>/var/lock/fwtools-debian-package.lock
flock -w 1200 9 || die "another packaging test held /var/lock/fwtools-debian-package.lock for 20 minutes"
for package in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        die "$package is already installed on this machine; refusing to replace it"
    fi
done
installed=yes
step install env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 \
    "${debs[@]}"
version=$("$build/bin/fwkv" --version | cut -d' ' -f2)  # "fwkv VERSION"
for tool in "${tools[@]}"; do
    [ "$(command -v "$tool")" = "/usr/bin/$tool" ] || fail "$tool is not found on PATH as /usr/bin/$tool"
done
[ "$(/usr/bin/fwkv --version)" = "fwkv $version" ] || fail "/usr/bin/fwkv --version says $(/usr/bin/fwkv --version)"

# man finds every page, compressed, and shows it without a warning.
for tool in "${tools[@]}"; do
    [ "$(man -w "$tool" 2>&1)" = "/usr/share/man/man1/$tool.1.gz" ] || fail "man -w $tool: $(man -w "$tool" 2>&1)"
    page=$(MANPAGER=cat MANWIDTH=80 man "$tool" 2>"$work/man.err")
    grep -q "^NAME" <<<"$page" && grep -qw "$tool" <<<"$page" || fail "man $tool shows no page: $page"
    [ ! -s "$work/man.err" ] || fail "man $tool warns: $(cat "$work/man.err")"
done

# Completion from the installed scripts only, as each shell finds them by itself.
begin=$SECONDS
bash "$here/completion_shells.sh" /usr/bin installed "$copy" "$copy/tests/fixtures" >"$work/completion.log" 2>&1 ||
    { cat "$work/completion.log"; fail "completion of the installed tools"; }
echo "completion (bash, zsh, fish, installed scripts): $(tail -1 "$work/completion.log")," \
    "$((SECONDS - begin)) s"

# A consumer project with the compiler's default standard, finding the packages in /usr.
begin=$SECONDS
dpkg -L libfwtools-dev | grep '^/usr/include/.*\.hpp$' | sort >"$work/headers"
build_consumer "$copy" "$work/consumer" /usr/include "$work/headers" "$cmake_packages_list" "$version" ||
    fail "consumer project"
echo "consumer: $((SECONDS - begin)) s"

# The installed tools on the installed examples, run from /usr/share/doc/fwtools, print what the
# built tools print on the source tree's examples.
begin=$SECONDS
cd /usr/share/doc/fwtools
HOME=$work PATH=/usr/bin:/bin examples/tour.sh /usr/bin >"$work/tour.installed" 2>&1 ||
    fail "examples/tour.sh /usr/bin in /usr/share/doc/fwtools: exit $?"
cd "$copy"
examples/tour.sh "$copy/$build_subdir/bin" >"$work/tour.built" 2>&1 || fail "examples/tour.sh on the built tools"
cd "$work"
# The tours name their examples by absolute paths here and there: compare with those made alike.
sed -i "s|$copy/examples/|EXAMPLES/|g; s|$copy/$build_subdir/bin|BIN|g" "$work/tour.built"
sed -i "s|/usr/share/doc/fwtools/examples/|EXAMPLES/|g; s|/usr/bin|BIN|g" "$work/tour.installed"
diff -u "$work/tour.built" "$work/tour.installed" >"$work/tour.diff" ||
    { head -40 "$work/tour.diff"; fail "the installed tools on the installed examples print otherwise"; }
for tool in "${tools[@]}"; do
    grep -q "^== $tool\$" "$work/tour.installed" || fail "the installed tour does not run $tool"
done
echo "examples: the installed tour prints $(wc -l <"$work/tour.installed") lines, as the built one," \
    "$((SECONDS - begin)) s"

# --- Purge: nothing of either package is left.
files=$(dpkg -L "${packages[@]}" 2>/dev/null | sort -u)
step purge env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=600 \
    "${packages[@]}"
installed=
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'installed' && fail "$package is still installed"
done
while IFS= read -r file; do
    [ -f "$file" ] && fail "$file is left after the purge"
done <<<"$files"

[ "$failures" -eq 0 ] || die "$failures problems"
echo "debian packages: ok in $((SECONDS - started)) s"
