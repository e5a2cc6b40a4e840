#!/usr/bin/env bash
# A short tour of fwkv on the bundled Nerves environment: create an image the way mkenvimage
# would, then look at it and change it. Usage: examples/fwkv/tour.sh BINDIR
set -euo pipefail
bin=$(cd "${1:-build/bin}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fwkv-tour.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
cp "$here/nerves_env.txt" .

step() {
    echo "\$ $*"
    local rc=0
    "$@" || rc=$?
    [ "$rc" -eq 0 ] || echo "(exit $rc)"
    echo
}
fwkv() { "$bin/fwkv" "$@"; }

step fwkv create uboot-env.img --size 0x20000 --redundant --from nerves_env.txt
# A redundant pair: two copies side by side, as on an MMC with 128 KiB copies.
cat uboot-env.img uboot-env.img > env-pair.img
step fwkv info env-pair.img --size 0x20000 --redundant-offset 0x20000
step fwkv get env-pair.img --size 0x20000 --redundant-offset 0x20000 nerves_fw_active b.nerves_fw_version
step fwkv active env-pair.img --size 0x20000 --redundant-offset 0x20000 nerves_fw_version nerves_fw_validated
# Mark the new firmware as validated, as Nerves.Runtime.KV.put/1 does after a good boot.
cp env-pair.img before.img
step fwkv put env-pair.img --size 0x20000 --redundant-offset 0x20000 nerves_fw_validated=1 b.nerves_fw_validated=1 upgrade_available=0
step fwkv diff before.img env-pair.img --size 0x20000 --redundant-offset 0x20000
step fwkv check env-pair.img --size 0x20000 --redundant-offset 0x20000
step fwkv list env-pair.img --size 0x20000 --redundant-offset 0x20000 --sort
