#!/usr/bin/env bash
# Each tool's man page renders without a groff warning, documents every subcommand and every option
# that the tool's --help lists, and names no option that the tool does not have.
# Usage: man_pages.sh BIN_DIR MAN_DIR
set -uo pipefail
bin=$(realpath "$1") man=$(realpath "$2")
command -v groff >/dev/null || { echo "FAIL: groff is not installed (apt-get install groff)"; exit 1; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

options_in() { grep -oE -- '(^|[^[:alnum:]-])--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }

passed=0
for tool in fwkv appgraph supsim; do
    before=$failures
    page=$man/$tool.1
    [ -f "$page" ] || { fail "$page is missing"; continue; }
    warnings=$(groff -man -ww -z "$page" 2>&1)
    [ -z "$warnings" ] || fail "groff warns about $page:"$'\n'"$warnings"
    # The page as a reader sees it, with groff's escapes for '-' undone.
    text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/--/g' "$page")

    subcommands=$("$bin/$tool" __complete '' | cut -f1)
    [ -n "$subcommands" ] || fail "$tool __complete lists no subcommands"
    help_options=$("$bin/$tool" --help | options_in)
    for sub in $subcommands; do
        grep -qw -- "$sub" <<<"$text" || fail "$tool.1 does not document the subcommand $sub"
        help_options+=$'\n'$("$bin/$tool" "$sub" --help | options_in)
    done
    help_options=$(sort -u <<<"$help_options" | sed '/^$/d')
    page_options=$(options_in <<<"$text")
    for opt in $help_options; do
        grep -qx -- "$opt" <<<"$page_options" || fail "$tool.1 does not document $opt"
    done
    for opt in $page_options; do
        grep -qx -- "$opt" <<<"$help_options" || fail "$tool.1 documents $opt, which $tool does not have"
    done
    [ "$failures" -eq "$before" ] && passed=$((passed + 1))
done
echo "$passed passed, $((3 - passed)) failed"
[ "$failures" -eq 0 ]
