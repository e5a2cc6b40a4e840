# Sourced by the packaging tests (install_tree.sh, debian_package.sh).

# exported_archives ROOT PACKAGE_DIR: the static libraries that a CMake package installed under
# ROOT (a prefix, or an unpacked .deb) names in its export files, as paths relative to ROOT, one a
# line. PACKAGE_DIR: the package's directory relative to ROOT (lib/cmake/libkv).
exported_archives() {
    local root=$1 package_dir=$2
    # The lines set IMPORTED_LOCATION_<CONFIG> "${_IMPORT_PREFIX}/lib/.../libNAME.a".
    cat "$root/$package_dir"/*Targets-*.cmake | sed -n 's|.*"${_IMPORT_PREFIX}/\([^"]*\.a\)".*|\1|p' |
        sort -u
}

# build_consumer: builds tests/shell/consumer against installed libraries and runs it.
# build_consumer SOURCE_DIR WORK_DIR INCLUDE_DIR HEADERS PACKAGES VERSION [CMAKE_ARGS...]
#   HEADERS: a file listing the installed public headers (absolute paths under INCLUDE_DIR); one
#   more source includes them all, so that each compiles in a consumer with the compiler's
#   default C++ standard. PACKAGES: ;-separated CMake package names. Prints that default standard.
build_consumer() {
    local source_dir=$1 work=$2 include_dir=$3 headers=$4 packages=$5 version=$6 header out
    shift 6
    mkdir -p "$work"
    echo "// Every installed public header." >"$work/all_headers.cpp"
    while IFS= read -r header; do
        echo "#include <${header#"$include_dir"/}>" >>"$work/all_headers.cpp"
    done <"$headers"
    echo "consumer: $(grep -c '^#include' "$work/all_headers.cpp") headers; the compiler's default" \
        "standard: __cplusplus $(c++ -x c++ -dM -E /dev/null | awk '$2 == "__cplusplus" { print $3 }')"
    if ! cmake -S "$source_dir/tests/shell/consumer" -B "$work/build" -G Ninja \
        -DFWTOOLS_PACKAGES="$packages" -DCONSUMER_EXTRA_SOURCES="$work/all_headers.cpp" "$@" \
        >"$work/consumer.log" 2>&1 ||
        ! cmake --build "$work/build" -v >>"$work/consumer.log" 2>&1; then
        cat "$work/consumer.log"
        echo "FAIL: the consumer project does not build against the installed libraries"
        return 1
    fi
    out=$("$work/build/consumer")
    if [ "$out" != "libkv $version libappgraph $version transient one_for_all cbf43926" ]; then
        echo "FAIL: the consumer printed: $out"
        return 1
    fi
    echo "consumer: $out"
}
