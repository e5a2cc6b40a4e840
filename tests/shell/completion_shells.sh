#!/usr/bin/env bash
# Shell completion in the real shells: bash with bash-completion loaded (COMP_WORDS / COMP_CWORD set,
# the function called, COMPREPLY read), fish (`complete -C`), and zsh under compinit, driven through
# zpty (zsh_complete.zsh). Each case gives the command line, how bash splits it, and the candidates
# every shell must offer: exactly those (=) or at least those (>=).
# Usage: completion_shells.sh BIN_DIR COMPLETION_DIR SOURCE_DIR FIXTURES_DIR
# With COMPLETION_DIR `installed`, the scripts are the ones installed on the system, found the way
# each shell finds them by itself: bash-completion's loader, zsh's default fpath, fish's
# vendor_completions.d (the packaging test runs it so, on the installed package).
set -uo pipefail
bin=$(realpath "$1") src=$(realpath "$3") fixtures=$(realpath "$4")
comp=installed
[ "$2" = installed ] || comp=$(realpath "$2")
here=$(dirname "$(realpath "$0")")
for shell in bash fish zsh; do
    command -v $shell >/dev/null || { echo "FAIL: $shell is not installed (apt-get install $shell)"; exit 1; }
done
[ -f /usr/share/bash-completion/bash_completion ] ||
    { echo "FAIL: bash-completion is not installed (apt-get install bash-completion)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir fish_home
cp "$fixtures/uboot_env/fixture_uboot.bin" "$fixtures/uboot_env/fixture_fw_env.config" .
cp -r "$src/examples/appgraph/nerves_demo" appgraph_example
cp -r "$src/examples/supsim" supsim_example

bash_complete() {  # LINE TOOL WORD... (as bash splits them; the last is the word under the cursor)
    local line=$1 tool=$2
    shift 2
    # compopt only works under readline: record what the function asks of it instead.
    PATH="$bin:$PATH" bash -c '
        source /usr/share/bash-completion/bash_completion
        if [ "$1" = installed ]; then
            _completion_loader "$2"  # what bash-completion does at the first <TAB>
        else
            source "$1/bash/$2"
        fi
        function=$(complete -p "$2" 2>/dev/null | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
        [ -n "$function" ] || { echo "no bash completion registered for $2"; exit 1; }
        compopt_log=$4
        compopt() { printf "compopt %s\n" "$*" >>"$compopt_log"; }
        COMP_LINE=$3
        shift 4
        COMP_WORDS=("$@")
        COMP_CWORD=$(( $# - 1 ))
        COMP_POINT=${#COMP_LINE}
        "$function" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$tool" "$line" "$work/compopt" "$@" |
        sed '/^$/d' | sort -u
}
fish_complete() {  # LINE
    if [ "$comp" = installed ]; then
        # An ordinary fish, configuration and all, in a home of its own.
        HOME=$work/fish_home PATH="$bin:$PATH" fish -c "complete -C '$1'" | cut -f1 | sort -u
    else
        PATH="$bin:$PATH" fish --no-config -c "set -p fish_complete_path $comp/fish; complete -C '$1'" |
            cut -f1 | sort -u
    fi
}
zsh_complete() {  # LINE
    # zsh quotes what it would insert ('*' as '\*'); compare the words themselves.
    local fpath_dir=installed
    [ "$comp" = installed ] || fpath_dir=$comp/zsh
    zsh -f "$here/zsh_complete.zsh" "$fpath_dir" "$bin" "$1" | sed 's/\\\(.\)/\1/g' | sort -u
}

failures=0 cases=0
check() {  # SHELL LINE MODE EXPECTED GOT
    local shell=$1 line=$2 mode=$3 expected=$4 got=$5 missing
    cases=$((cases + 1))
    if [ "$mode" = "=" ]; then
        [ "$got" = "$expected" ] && return
    else
        missing=$(comm -23 <(printf '%s\n' "$expected" | sort -u) <(printf '%s\n' "$got"))
        [ -z "$missing" ] && return
    fi
    failures=$((failures + 1))
    printf 'FAIL [%s] %q (%s)\n  expected:\n%s\n  got:\n%s\n' "$shell" "$line" "$mode" \
        "$(sed 's/^/    /' <<<"$expected")" "$(sed 's/^/    /' <<<"$got")"
}
# CASE MODE 'EXPECTED LINES' LINE -- BASH WORDS...
case_() {
    local mode=$1 expected=$2 line=$3
    shift 4
    expected=$(printf '%s\n' "$expected" | sort -u)
    check bash "$line" "$mode" "$expected" "$(bash_complete "$line" "$@")"
    check fish "$line" "$mode" "$expected" "$(fish_complete "$line")"
    check zsh "$line" "$mode" "$expected" "$(zsh_complete "$line")"
}

# Subcommands and options.
case_ "=" $'active\ncheck\ncreate\ndiff\nget\ninfo\nlist\nput\nunset' 'fwkv ' -- fwkv fwkv ''
case_ "=" $'get' 'fwkv ge' -- fwkv fwkv ge
case_ ">=" $'--offset\n--size\n--redundant-offset\n--config\n--big-endian' 'fwkv get --' -- fwkv fwkv get --
case_ "=" $'check\ndiff\norder\ntree\nwhy' 'appgraph ' -- appgraph appgraph ''
case_ "=" $'capture\ncheck\norder\nrun\ntolerate' 'supsim ' -- supsim supsim ''
# Enumerated option values.
case_ "=" $'dot\njson\nplain\npretty' 'appgraph tree --format ' -- appgraph appgraph tree --format ''
case_ "=" $'boot\nensure' 'appgraph order --mode ' -- appgraph appgraph order --mode ''
# Files.
case_ ">=" $'fixture_uboot.bin\nfixture_fw_env.config' 'fwkv list ' -- fwkv fwkv list ''
# Values read from the user's own files.
case_ "=" $'a.nerves_fw_application_part0_devpath\nnerves_serial_number' \
    'fwkv get fixture_uboot.bin --offset 0x1000 --size 0x2000 ' \
    -- fwkv fwkv get fixture_uboot.bin --offset 0x1000 --size 0x2000 ''
case_ "=" $'nerves_serial_number' 'fwkv get -c fixture_fw_env.config ner' \
    -- fwkv fwkv get -c fixture_fw_env.config ner
case_ ">=" $'nerves_runtime\nvintage_net' 'appgraph why appgraph_example ' \
    -- appgraph appgraph why appgraph_example ''
case_ ">=" $'nerves_runtime' 'appgraph tree appgraph_example nerves_r' \
    -- appgraph appgraph tree appgraph_example nerves_r
case_ "=" $'rpi4_prod' 'appgraph order appgraph_example --env ' \
    -- appgraph appgraph order appgraph_example --env ''
trees=(supsim_example/*.json)
tree=${trees[0]}
paths=$(PATH="$bin:$PATH" supsim __complete tolerate "$tree" "" | cut -f1)
[ -n "$paths" ] || { echo "FAIL: supsim offers no process path for $tree"; failures=$((failures + 1)); }
case_ "=" "$paths" "supsim tolerate $tree " -- supsim supsim tolerate "$tree" ''

# Only what the command accepts: tolerate takes processes, never an application ("kv").
for p in $paths; do
    case $p in */*) ;; *) echo "FAIL: supsim tolerate offers $p, which it rejects"; failures=$((failures + 1)) ;; esac
done

# Assignments: `put IMAGE nerves_s<TAB>` completes to `nerves_serial_number=` with no space after
# it (bash asks readline for nospace, zsh adds no suffix); with the `=` typed, nothing is added
# (bash splits the line at `=`: the reply must not repeat the key).
put_line='fwkv put fixture_uboot.bin --offset 0x1000 --size 0x2000 nerves_s'
case_ "=" 'nerves_serial_number=' "$put_line" \
    -- fwkv fwkv put fixture_uboot.bin --offset 0x1000 --size 0x2000 nerves_s
: >"$work/compopt"
bash_complete "$put_line" fwkv fwkv put fixture_uboot.bin --offset 0x1000 --size 0x2000 nerves_s >/dev/null
cases=$((cases + 1))
grep -q "compopt -o nospace" "$work/compopt" ||
    { echo "FAIL: bash: no nospace for an assignment"; failures=$((failures + 1)); }
got=$(bash_complete "${put_line}erial_number=" fwkv fwkv put fixture_uboot.bin --offset 0x1000 \
    --size 0x2000 nerves_serial_number = '')
cases=$((cases + 1))
[ -z "$got" ] || { echo "FAIL: bash: after KEY= the reply repeats the key: [$got]"; failures=$((failures + 1)); }
got=$(zsh_complete "${put_line}erial_number=")
cases=$((cases + 1))
[ "$got" = "nerves_serial_number=" ] || [ -z "$got" ] ||
    { echo "FAIL: zsh: after KEY= offered [$got]"; failures=$((failures + 1)); }

# Paths as typed: a leading ~ and a quoted name with a space, read by the tool to offer keys.
cp fixture_uboot.bin "my env.bin"
keys=$'a.nerves_fw_application_part0_devpath\nnerves_serial_number'
export HOME=$work
for typed in '~/fixture_uboot.bin' "'my env.bin'"; do
    line="fwkv get $typed --offset 0x1000 --size 0x2000 "
    check bash "$line" "=" "$keys" \
        "$(bash_complete "$line" fwkv fwkv get "$typed" --offset 0x1000 --size 0x2000 '')"
    check zsh "$line" "=" "$keys" "$(zsh_complete "$line")"
done

# Completing never writes: the image is unchanged after all of the above.
cmp -s fixture_uboot.bin "$fixtures/uboot_env/fixture_uboot.bin" ||
    { echo "FAIL: completion changed the image"; failures=$((failures + 1)); }

echo "$((cases - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
