#!/usr/bin/env bash
# Sets a Debian 12 machine up for this project and builds it.
#   ./build.sh        install the build dependencies, build the tools (no tests), and run them on the
#                     bundled examples (examples/tour.sh)
#   ./build.sh test   install the test dependencies too, build everything (plain and with
#                     ASan+UBSan), run every test
#   ./build.sh bench  build and run the benchmarks beside the real tools
set -euo pipefail
cd "$(dirname "$0")"
mode=${1:-quickstart}
jobs=$(nproc 2>/dev/null || echo 2)

build_deps=(cmake ninja-build g++ libcli11-dev nlohmann-json3-dev zlib1g-dev doctest-dev erlang-dev)
# elixir, rebar3: the real-project tier builds mix and rebar3 projects; git: the standalone test
# copies the tracked files; ccache: the copies it and the packaging test
# build compile from the plain build's cache; lintian: the packaging test; clang-format: the
# formatting check (ctest label lint).
test_deps=(u-boot-tools libubootenv-tool erlang-nox elixir rebar3 python3 bash-completion zsh fish groff man-db
           dpkg-dev file acl attr strace git ccache lintian clang-format)
bench_deps=(hyperfine u-boot-tools libubootenv-tool erlang-nox python3)

install_missing() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure_and_build() {  # DIR TARGET [CMAKE ARGS...]
    local dir=$1 target=$2
    shift 2
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    cmake --build "$dir" -j "$jobs" --target "$target"
}

case "$mode" in
quickstart)
    install_missing "${build_deps[@]}"
    configure_and_build build tools -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFWTOOLS_BUILD_TESTS=OFF
    examples/tour.sh build/bin
    ;;
test)
    install_missing "${build_deps[@]}" "${test_deps[@]}"
    # Warnings are errors here (FWTOOLS_WERROR), in both builds.
    configure_and_build build all -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFWTOOLS_BUILD_TESTS=ON \
        -DFWTOOLS_CCACHE=ON -DFWTOOLS_WERROR=ON
    configure_and_build build-asan all -DCMAKE_BUILD_TYPE=Debug -DFWTOOLS_SANITIZE=ON \
        -DFWTOOLS_BUILD_TESTS=ON -DFWTOOLS_CCACHE=ON -DFWTOOLS_WERROR=ON
    # The libraries alone configure and build without CLI11 (find_package(CLI11) would fail).
    configure_and_build build-libraries all -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DFWTOOLS_LIBRARIES_ONLY=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON -DFWTOOLS_CCACHE=ON \
        -DFWTOOLS_WERROR=ON
    # The sanitizer build runs the unit and command-line tiers and fwkv's hostile inputs; the plain
    # build runs everything.
    ctest --test-dir build-asan -L 'unit|cli|hostile' --output-on-failure -j "$jobs"
    ctest --test-dir build --output-on-failure -j "$jobs"
    ;;
bench)
    install_missing "${build_deps[@]}" "${bench_deps[@]}"
    configure_and_build build all -DCMAKE_BUILD_TYPE=Release -DFWTOOLS_BUILD_TESTS=ON
    bench/run.sh build/bin
    ;;
*)
    echo "usage: ./build.sh [test|bench]" >&2
    exit 2
    ;;
esac
