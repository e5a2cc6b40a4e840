#!/usr/bin/env bash
# fwkv with neither IMAGE nor a location option reads the devices of /etc/fw_env.config, as
# fw_printenv does; a first operand that is not an existing file is then a key, and the rule that
# keeps a mistyped IMAGE from being taken for a key by a write (fwkv(1), LOCATION OPTIONS).
# Needs root. /etc/fw_env.config is the test's own: in a private mount namespace where /etc is a
# directory of the test's (nothing outside it changes), or, where namespaces are not allowed, with
# the real file moved aside first and put back at the end; a run that was killed before putting it
# back is undone by the next run before anything else. The device it names is a file in the
# scratch directory: no real device is touched.
# Usage: default_config_test.sh FWKV
source "$(dirname "$0")/lib.sh"
FWKV=$(realpath "$1")
cd "$scratch"

if [ "$(id -u)" != 0 ]; then
    echo "FAIL: default_config_test needs root (a mount namespace, or /etc/fw_env.config itself)" >&2
    exit 1
fi

real=/etc/fw_env.config
kept=/etc/fw_env.config.fwkv-test-kept  # the real file (or link) while a fallback run lasts
none=/etc/fw_env.config.fwkv-test-none  # marks that there was none
put_back() {
    if [ -e "$kept" ] || [ -L "$kept" ]; then
        rm -f "$real" && mv -f "$kept" "$real"
    elif [ -e "$none" ]; then
        rm -f "$real" "$none"
    fi
}

if [ -z "${FWKV_TEST_NO_NAMESPACE:-}" ] && unshare -m true 2>/dev/null; then
    mode="a private mount namespace"
    in_etc() {  # DIR ARGS...: runs fwkv with DIR mounted over /etc
        local dir=$1
        shift
        out=$(unshare -m sh -c 'mount --bind "$1" /etc && shift && exec "$@"' sh "$dir" "$FWKV" "$@" \
            2>"$scratch/.err"; echo "rc=$?")
        rc=${out##*rc=}
        out=${out%rc=*}
        out=${out%$'\n'}
        err=$(cat "$scratch/.err")
    }
else
    mode="the real $real, moved aside and put back"
    exec 9>/var/lock/fwkv-default-config-test.lock
    flock 9  # one such run at a time on a machine
    put_back  # a killed run's left-over
    if [ -e "$real" ] || [ -L "$real" ]; then mv "$real" "$kept"; else touch "$none"; fi
    trap 'put_back; rm -rf "$scratch"' EXIT
    in_etc() {  # DIR ARGS...: runs fwkv with DIR/fw_env.config (or none) as /etc/fw_env.config
        local dir=$1
        shift
        rm -f "$real"
        if [ -e "$dir/fw_env.config" ]; then cp "$dir/fw_env.config" "$real"; fi
        run "$@"
    }
fi
echo "default /etc/fw_env.config through $mode"

printf 'a=1\nb=2\n' > base.txt
mkdir -p etc-with etc-without
printf '%s/s.img 0 0x1000\n' "$(pwd -P)" > etc-with/fw_env.config
"$FWKV" create s.img --size 0x1000 --from base.txt --force

# Reading and writing the device of the default config.
in_etc etc-with get a -n
expect_rc 0 "get KEY with the default /etc/fw_env.config"
expect_out 1 "get KEY reads the device of /etc/fw_env.config"
in_etc etc-with put c=9
expect_rc 0 "put KEY=VALUE with the default config"
in_etc etc-with list
expect_out $'a=1\nb=2\nc=9' "list with the default config"
in_etc etc-with get s.img a -n
expect_out 1 "an existing file as the first operand is still IMAGE"

# A mistyped IMAGE before a key: never a silent write to the device.
cp s.img before.img
in_etc etc-with unset typo.img a
expect_rc 2 "unset typo.img KEY with the default config"
expect_err "fwkv: error: typo.img: no such image file, and no variable of that name in the environment of /etc/fw_env.config; give -c /etc/fw_env.config to delete variables that may not exist" "unset names both readings"
expect_same_file s.img before.img "unset typo.img KEY leaves the device as it was"
in_etc etc-with put typo.img a=5
expect_rc 2 "put typo.img KEY=VALUE with the default config"
expect_err "fwkv: error: typo.img: no such image file, and not KEY=VALUE; put writes to the devices of /etc/fw_env.config when no IMAGE is given" "put names both readings"
expect_same_file s.img before.img "put typo.img KEY=VALUE leaves the device as it was"
touch 'a=5'
in_etc etc-with put a=5
expect_rc 2 "put KEY=VALUE that is also the name of a file"
expect_err "fwkv: error: 'a=5' is both an existing file and KEY=VALUE: write ./a=5 for the image, or give -c /etc/fw_env.config to set the variable" "the ambiguous operand is named"
expect_same_file s.img before.img "an ambiguous put leaves the device as it was"
rm 'a=5'
in_etc etc-with get typo.img a
expect_rc 1 "get typo.img KEY with the default config"
expect_out "a=1" "get still prints the key that exists"
expect_err "fwkv: error: /etc/fw_env.config: no variable 'typo.img', and no image file of that name" "get names both readings"
in_etc etc-with active typo.img x
expect_rc 1 "active typo.img KEY with the default config"
expect_err $'fwkv: error: /etc/fw_env.config: no variable \'a.typo.img\' (active slot \'a\'), and no image file \'typo.img\'\nfwkv: error: /etc/fw_env.config: no variable \'a.x\' (active slot \'a\')' "active names both readings of the first operand only"

# What normal use on a device keeps: unset of one key, present or not (idempotent, as fw_setenv),
# and of several keys whose first is present; -c deletes keys that may all be missing.
in_etc etc-with unset b nosuch
expect_rc 0 "unset KEY MISSING: the first key is a variable"
in_etc etc-with unset nosuch
expect_rc 0 "unset of one missing key"
in_etc etc-with list
expect_out $'a=1\nc=9' "b deleted, nothing else changed"
in_etc etc-with unset -c /etc/fw_env.config nosuch c
expect_rc 0 "unset -c CONFIG MISSING KEY deletes what exists"
in_etc etc-with list
expect_out "a=1" "c deleted through the explicit config"

# The rule is stated where users look first.
run unset --help
checks=$((checks + 1))
grep -qF "'fwkv unset typo.img KEY' is refused (exit 2, nothing written)" <<<"$out" ||
    fail "unset --help states the rule"
run put --help
checks=$((checks + 1))
grep -qF "is then refused as a mistyped IMAGE (exit 2, nothing written)" <<<"$out" ||
    fail "put --help states the rule"

# Without /etc/fw_env.config, the error says which file was looked for.
in_etc etc-without list
expect_rc 2 "no IMAGE and no /etc/fw_env.config"
expect_err "fwkv: error: list: no IMAGE, and /etc/fw_env.config, which is read when neither IMAGE nor -c FILE is given (as fw_printenv does), does not exist" "the missing default is named"
in_etc etc-without get nosuch.img a
expect_rc 2 "a missing IMAGE without /etc/fw_env.config"
expect_err "fwkv: error: get: no IMAGE ('nosuch.img' is not a file), and /etc/fw_env.config, which is read when neither IMAGE nor -c FILE is given (as fw_printenv does), does not exist" "the missing image and default are named"

finish
