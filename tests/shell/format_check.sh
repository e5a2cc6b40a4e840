#!/usr/bin/env bash
# Every C++ source of the project is formatted as .clang-format says (100 columns): the check CI
# runs (ctest label lint). Fails, never skips, without clang-format.
# Usage: format_check.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 1
command -v clang-format >/dev/null ||
    { echo "FAIL: clang-format is not installed (apt-get install clang-format)"; exit 1; }
# The tracked sources in a checkout; every source below the tree in an exported copy.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.hpp')
else
    mapfile -t files < <(find . -path ./build\* -prune -o \( -name '*.cpp' -o -name '*.hpp' \) -print)
fi
[ ${#files[@]} -gt 0 ] || { echo "FAIL: no C++ sources found"; exit 1; }
if ! clang-format --dry-run -Werror "${files[@]}"; then
    echo "FAIL: run clang-format -i on the files above"
    exit 1
fi
echo "${#files[@]} sources formatted ($(clang-format --version))"
