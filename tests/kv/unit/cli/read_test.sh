#!/usr/bin/env bash
# fwkv's reading commands on the uboot_env fixtures and on images made here: output formats, exit
# codes and error messages. Usage: read_test.sh FWKV FIXTURES_DIR
source "$(dirname "$0")/lib.sh"
FWKV=$(realpath "$1")
cd "$2/uboot_env"

run list -c fixture_fw_env.config
expect_rc 0 "list single fixture"
expect_out $'a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=12345' "list single fixture"

run list -c fixture_redundant_env.config
expect_out $'a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=12345' "list redundant fixture"

run list --fwup-conf fixture_redundant_env_fwup.conf --env uboot-env fixture_redundant_fwup.bin
expect_out $'a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=112233' "list fwup redundant"

run list --offset 0x1000 --size 0x2000 fixture_fwup.bin
expect_out $'a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=112233' "list --offset/--size"

run list --offset 0x1000 --size 0x2000 --redundant-offset 0x4000 fixture_redundant_uboot.bin --json
expect_out '{"a.nerves_fw_application_part0_devpath":"/dev/mmcblk0p4","nerves_serial_number":"12345"}' "list --json"

run get -c fixture_fw_env.config nerves_serial_number
expect_out "nerves_serial_number=12345" "get"
run get -n -c fixture_fw_env.config nerves_serial_number a.nerves_fw_application_part0_devpath
expect_out $'12345\n/dev/mmcblk0p4' "get -n"
run get -c fixture_fw_env.config nerves_serial_number nope
expect_rc 1 "get missing key"
expect_out "nerves_serial_number=12345" "get missing key still prints the others"
expect_err "fwkv: error: fixture_fw_env.config: no variable 'nope'" "get missing key message"

run active -c fixture_fw_env.config
expect_out "nerves_fw_application_part0_devpath=/dev/mmcblk0p4" "active"
run active -c fixture_fw_env.config --json
expect_out '{"slot":"a","variables":{"nerves_fw_application_part0_devpath":"/dev/mmcblk0p4"}}' "active --json"
run active -c fixture_fw_env.config missing
expect_rc 1 "active missing key"

run check -c fixture_redundant_env.config
expect_rc 0 "check valid"
expect_out "fixture_redundant_env.config: ok: redundant, current copy 2, 2 variables, 81 of 8187 bytes used" "check verdict"

run info -c fixture_redundant_env.config
expect_rc 0 "info"
expect_out "image:      fixture_redundant_env.config
layout:     redundant (two copies: CRC, flags byte, data)
byte order: little-endian CRC
block size: 8192 (0x2000) bytes, data area 8187
copy 1:     offset 0x1000, crc 0x8689b970 ok, flags 3
copy 2:     offset 0x4000, crc 0x12cf72c6 ok, flags 4 (current)
variables:  2
used:       81 bytes
free:       8106 bytes
padding:    mixed (stale bytes after the end)" "info text"

run info -c fixture_fw_env.config --json
expect_out '{"layout":"single","endian":"little","block_size":8192,"data_size":8188,"copies":[{"path":"fixture_uboot.bin","offset":4096,"stored_crc":753398604,"computed_crc":753398604,"crc_ok":true,"current":true}],"current":1,"variables":2,"used":81,"free":8107,"padding":255,"problems":0}' "info --json"

# Invalid images: the whole file is not an environment.
run list fixture_uboot.bin
expect_rc 3 "list on a non-environment"
expect_err "fwkv: error: fixture_uboot.bin: block at offset 0x0: bad CRC (stored 0x0, computed 0x5228506): not an environment, or wrong offset/size?" "bad CRC message"
run check fixture_uboot.bin
expect_rc 3 "check with no valid copy"
run info fixture_uboot.bin
expect_rc 3 "info with no valid copy"

run diff --offset 0x1000 --size 0x2000 fixture_uboot.bin fixture_fwup.bin
expect_rc 1 "diff finds a difference"
expect_out "~ nerves_serial_number=12345 -> 112233" "diff text"
run diff --offset 0x1000 --size 0x2000 fixture_uboot.bin fixture_uboot.bin --json
expect_rc 0 "diff of identical"
expect_out '{"added":{},"removed":{},"changed":{}}' "diff --json identical"

# Usage and I/O errors.
run lst x
expect_rc 2 "misspelt command"
expect_err $'fwkv: error: unknown command \'lst\', did you mean \'list\'?\nRun \'fwkv --help\' for the list of commands.' "did you mean"
# (Without any location option, /etc/fw_env.config is the default: field_test.sh covers it.)
run list --size 0x2000
expect_rc 2 "missing IMAGE"
expect_err "fwkv: error: list: missing IMAGE" "missing IMAGE message"
run list --offset 12x fixture_fwup.bin
expect_rc 2 "bad number"
run list -c fixture_fw_env.config --offset 0
expect_rc 2 "config with offset"
run list /nonexistent/env.bin
expect_rc 4 "missing file"
expect_err "fwkv: error: /nonexistent/env.bin: cannot open: No such file or directory" "missing file message"
run list -c fw_env.config
expect_rc 4 "device missing"
run list --fwup-conf fixture_env_fwup.conf --env nope fixture_fwup.bin
expect_rc 6 "missing fwup section"
expect_err "fwkv: error: fixture_env_fwup.conf: no 'uboot-environment nope { ... }' section" "fwup section message"
run list --size 0x4000 --offset 0x1000 fixture_uboot.bin
expect_rc 3 "block past the end"
expect_err "fwkv: error: fixture_uboot.bin: file is 12288 bytes, the block at offset 0x1000 needs 0x4000 bytes (truncated image, or wrong offset/size?)" "past the end message"
run --version
expect_rc 0 "--version"

# Output forms on an image with awkward contents.
printf 'b=2\nmulti=x\\\ny\na=1\nnoeq\nb=3\n' > "$scratch/awk.txt"
"$FWKV" create "$scratch/awk.img" --size 256 --from "$scratch/awk.txt"
run list "$scratch/awk.img"
expect_out $'multi=x\ny\na=1\nb=3' "list: last duplicate wins, awkward entries not listed"
run list "$scratch/awk.img" --sort
expect_out $'a=1\nb=3\nmulti=x\ny' "list --sort"
"$FWKV" list "$scratch/awk.img" -0 > "$scratch/nul.out"
printf 'multi=x\ny\0a=1\0b=3\0' > "$scratch/nul.expected"
expect_same_file "$scratch/nul.out" "$scratch/nul.expected" "list -0"
run check "$scratch/awk.img"
expect_rc 0 "check with warnings"
expect_err "fwkv: warning: $scratch/awk.img: entry at data offset 0: 'b' is stored again at data offset 23, which wins (a rewrite keeps only that one)
fwkv: warning: $scratch/awk.img: entry at data offset 18 has no '=': \"noeq\" (kept verbatim)" "check warnings"

finish
