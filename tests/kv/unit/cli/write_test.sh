#!/usr/bin/env bash
# fwkv's writing commands end to end: create, put (arguments and scripts), unset; what a failed
# write leaves behind (nothing: the file is byte-identical); modes kept; redundant generations.
# Usage: write_test.sh FWKV
source "$(dirname "$0")/lib.sh"
FWKV=$(realpath "$1")
cd "$scratch"

printf 'a=1\nb=2\n' > base.txt
run create s.img --size 0x4000 --from base.txt
expect_rc 0 "create"
run put s.img c=3 a=10 'sp=with space' 'eq=x=y' empty=
expect_rc 0 "put several"
run list s.img
expect_out $'a=10\nb=2\nc=3\nsp=with space\neq=x=y\nempty=' "put keeps positions, appends new keys"
run unset s.img b nonexistent
expect_rc 0 "unset (a missing key is not an error)"
run list s.img
expect_out $'a=10\nc=3\nsp=with space\neq=x=y\nempty=' "unset"

# Scripts: both syntaxes, comments, deletes, long lines, stdin.
long=$(head -c 5000 /dev/zero | tr '\0' 'v')
printf '# set and delete\nk1=v1\nk2 value two\n\n  k3=a b\nc\nlong=%s\n' "$long" > s.script
run put s.img --script s.script
expect_rc 0 "put --script"
run get s.img k1 k2 k3 -n
expect_out $'v1\nvalue two\na b' "script values"
run get s.img c
expect_rc 1 "bare key in a script deletes"
run get -n s.img long
expect_out "$long" "5000-byte line"
printf 'fromstdin=yes\nk1=\n' | "$FWKV" put s.img --script -
run get s.img k1
expect_rc 1 "key= in a script deletes (as fw_setenv -s)"
run put s.img k1=
run get s.img k1
expect_out "k1=" "KEY= on the command line sets an empty value"
: > empty.script
cp s.img before-empty.img
run put s.img --script empty.script
expect_rc 0 "an empty script is not an error (fw_setenv -s accepts it)"
run get -n s.img fromstdin
expect_out "yes" "script from stdin"

# A malformed script line: an error naming the line, and nothing written.
cp s.img before.img
printf 'ok=1\nfine value\n=bad\n' > bad.script
run put s.img zz=1 --script bad.script
expect_rc 6 "malformed script"
expect_err "fwkv: error: bad.script:3: empty variable name before '='" "script line error"
expect_same_file s.img before.img "malformed script writes nothing"
run put s.img novalue
expect_rc 2 "put argument without ="
expect_same_file s.img before.img "bad argument writes nothing"

# No space: a clear error, the image untouched (single and redundant).
used=$("$FWKV" info s.img --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["used"])')
run put s.img "huge=$(head -c 20000 /dev/zero | tr '\0' 'x')"
expect_rc 5 "no space"
expect_err "fwkv: error: s.img: environment needs $((used + 20006)) bytes, the data area holds 16380 (block of 16384 bytes)" "no space message"
expect_same_file s.img before.img "no space leaves the image byte-identical"

# The mode of the file is kept through the temporary file and rename.
chmod 0600 s.img
"$FWKV" put s.img mode=kept
checks=$((checks + 1))
[ "$(stat -c %a s.img)" = 600 ] || fail "mode kept after put: $(stat -c %a s.img)"
checks=$((checks + 1))
[ -z "$(ls -A | grep '\.tmp')" ] || fail "temporary files left behind: $(ls -A)"

# A read-only file cannot be written: I/O error, file unchanged.
cp s.img ro.img
chmod 0444 ro.img
if [ "$(id -u)" != 0 ]; then
    run put ro.img x=1
    expect_rc 4 "read-only image"
fi

# Redundant layout inside a larger image: generations advance on the non-current copy.
"$FWKV" create blk.img --size 0x2000 --redundant --from base.txt
{ head -c 4096 /dev/zero; cat blk.img; head -c 4096 /dev/zero; cat blk.img; } > disk.img
printf 'disk.img 0x1000 0x2000\ndisk.img 0x4000 2000\n' > fw_env.config
for i in 1 2 3; do "$FWKV" put -c fw_env.config "gen=$i"; done
run info -c fw_env.config --json
summary=$(printf '%s' "$out" | python3 -c '
import json, sys
i = json.load(sys.stdin)
print(i["current"], [c["flags"] for c in i["copies"]], [c["crc_ok"] for c in i["copies"]], i["variables"])')
expect_rc 0 "info after three puts"
checks=$((checks + 1))
[ "$summary" = "2 [3, 4] [True, True] 3" ] || fail "redundant generations: $summary"
run get -c fw_env.config gen -n
expect_out 3 "the last put is current"
checks=$((checks + 1))
cmp -s <(head -c 4096 disk.img) <(head -c 4096 /dev/zero) || fail "bytes before the first copy changed"

# check on a pair with one bad copy (still valid: exit 0, a warning), then with both bad (exit 3).
cp disk.img disk-bad.img
printf '\x00' | dd of=disk-bad.img bs=1 seek=$((0x1000 + 10)) conv=notrunc status=none
sed 's/disk.img/disk-bad.img/' fw_env.config > bad.config
crcs=$(python3 -c "
import struct, zlib
d = open('disk-bad.img', 'rb').read()[0x1000:0x3000]
print('stored 0x%x, computed 0x%x' % (struct.unpack('<I', d[:4])[0], zlib.crc32(d[5:])))")
run check -c bad.config
expect_rc 0 "check with one bad copy"
expect_err "fwkv: warning: bad.config: copy 1 at offset 0x1000: bad CRC ($crcs); the other copy is current" "one bad copy warning"
printf '\x00' | dd of=disk-bad.img bs=1 seek=$((0x4000 + 10)) conv=notrunc status=none
run check -c bad.config
expect_rc 3 "check with no valid copy"
run list -c bad.config
expect_rc 3 "list with no valid copy"

# create in place at an offset, big-endian.
head -c 65536 /dev/zero > big.img
run create big.img --offset 0x8000 --size 0x1000 --big-endian --from base.txt
expect_rc 0 "create at an offset"
run list big.img --offset 0x8000 --size 0x1000 --big-endian
expect_out $'a=1\nb=2' "read back at the offset, big-endian"
run list big.img --offset 0x8000 --size 0x1000
expect_rc 3 "little-endian read of a big-endian image"
checks=$((checks + 1))
[ "$(stat -c %s big.img)" = 65536 ] || fail "create at an offset changed the file size"

# create --offset 0 writes into the existing image, never truncates it.
run create big.img --offset 0 --size 0x1000 --from base.txt
expect_rc 0 "create at offset 0"
checks=$((checks + 1))
[ "$(stat -c %s big.img)" = 65536 ] || fail "create --offset 0 truncated the image"
run list big.img --offset 0x8000 --size 0x1000 --big-endian
expect_out $'a=1\nb=2' "the other block is intact"

# create: bad pad, too small, text too large.
run create x.img --size 64 --pad 256
expect_rc 2 "pad out of range"
run create x.img --size 4
expect_rc 2 "size too small"
run create x.img --size 16 --from base.txt --redundant
expect_rc 0 "fits"
printf 'abcdefghijklmnop\n' > big.txt
run create y.img --size 16 --from big.txt
expect_rc 5 "text too large"
checks=$((checks + 1))
[ ! -e y.img ] || fail "failed create left a file"
run create z.img --size 64
expect_rc 0 "create without --from: the empty environment"
run list z.img
expect_out "" "empty environment"

finish
