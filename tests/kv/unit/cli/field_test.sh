#!/usr/bin/env bash
# fwkv on real file systems: what users point it at by mistake or on purpose. One file named
# twice (no hang), overlapping copies (refused), create on devices, FIFOs, symbolic links and
# directories (never replaced), create inside an image that is missing or too small, absurd
# sizes, long names, temporary files left by a killed writer, ACLs, extended attributes and hard
# links kept, and create refusing to replace a valid environment without --force.
# Usage: field_test.sh FWKV
source "$(dirname "$0")/lib.sh"
FWKV=$(realpath "$1")
cd "$scratch"

expect_true() {  # DESCRIPTION COMMAND...
    local what=$1
    shift
    checks=$((checks + 1))
    "$@" || fail "$what"
}

printf 'a=1\nb=2\n' > base.txt
"$FWKV" create blk.img --size 0x2000 --redundant --from base.txt
cat blk.img blk.img > e.img

# One file under two names (and through a symbolic link): locked once, no hang.
printf 'e.img 0 0x2000\n./e.img 0x2000 0x2000\n' > two-names.config
out=$(timeout 20 "$FWKV" put -c two-names.config c=3 2>&1; echo "rc=$?")
checks=$((checks + 1))
[ "${out##*rc=}" = 0 ] || fail "put through e.img and ./e.img: $out (124 = it hung)"
ln -s e.img link.img
printf 'e.img 0 0x2000\nlink.img 0x2000 0x2000\n' > link.config
out=$(timeout 20 "$FWKV" put -c link.config d=4 2>&1; echo "rc=$?")
checks=$((checks + 1))
[ "${out##*rc=}" = 0 ] || fail "put through e.img and a symbolic link to it: $out"
out=$(timeout 20 "$FWKV" create -c two-names.config --from base.txt --force 2>&1; echo "rc=$?")
checks=$((checks + 1))
[ "${out##*rc=}" = 0 ] || fail "create through e.img and ./e.img: $out"
run get -c link.config a -n
expect_out 1 "the pair reads back"

# Overlapping or identical copies: usage errors naming both ranges, nothing written.
cp e.img before.img
run put e.img --size 0x2000 --redundant-offset 0 x=1
expect_rc 2 "--redundant-offset equal to the offset"
expect_err "fwkv: error: e.img: the two copies overlap: bytes 0x0-0x1fff and 0x0-0x1fff (a redundant environment needs two separate blocks: each write of one copy would destroy the other)" "identical copies message"
run put e.img --size 0x2000 --offset 0x1000 --redundant-offset 0x2000 x=1
expect_rc 2 "overlapping copies"
printf 'e.img 0 0x2000\n./e.img 0x1000 0x2000\n' > overlap.config
run get -c overlap.config a
expect_rc 2 "overlapping copies in fw_env.config, one file under two names"
expect_err "fwkv: error: e.img: the two copies overlap: bytes 0x0-0x1fff and 0x1000-0x2fff of ./e.img (a redundant environment needs two separate blocks: each write of one copy would destroy the other)" "overlap message names both files"
expect_same_file e.img before.img "overlapping copies write nothing"

# Directories are errors naming them.
mkdir adir
run create new.img --size 0x100 --from adir
expect_rc 4 "create --from DIR"
expect_err "fwkv: error: adir: cannot read: Is a directory" "create --from DIR message"
expect_true "create --from DIR made no image" test ! -e new.img
"$FWKV" create s.img --size 0x1000 --from base.txt
cp s.img s-before.img
run put s.img --script adir
expect_rc 4 "put --script DIR"
expect_same_file s.img s-before.img "put --script DIR writes nothing"
run list -c adir
expect_rc 4 "-c DIR"
expect_err "fwkv: error: adir: cannot read: Is a directory" "-c DIR message"
run list adir
expect_rc 4 "a directory as IMAGE"
expect_err "fwkv: error: adir: is a directory, not an environment image (a regular file or a block device)" "IMAGE DIR message"

# create never replaces what is not a regular file.
mkfifo fifo
run create fifo --size 0x100
expect_rc 4 "create on a FIFO"
expect_err "fwkv: error: fifo: is a FIFO, not an environment image (a regular file or a block device)" "FIFO message"
expect_true "the FIFO is still a FIFO" test -p fifo
out=$(timeout 10 "$FWKV" list fifo 2>&1; echo "rc=$?")
checks=$((checks + 1))
[ "${out##*rc=}" = 4 ] || fail "list on a FIFO (must not wait for a writer): $out"
if [ "$(id -u)" = 0 ]; then
    # A private node (never /dev/null: a fwkv that replaces character devices would break the
    # machine).
    mknod chardev c 1 3
    run create chardev --size 0x100
    expect_rc 4 "create on a character device"
    expect_true "the character device is still one" test -c chardev
fi
ln -s s.img s-link.img
run create s-link.img --size 0x1000 --from base.txt --force
expect_rc 0 "create through a symbolic link"
expect_true "the link is still a link" test -L s-link.img
ln -s no-such-target.img dangling.img
run create dangling.img --size 0x100
expect_rc 4 "create through a dangling symbolic link"
expect_true "the dangling link is still a link" test -L dangling.img

# A block device is written in place, as mkenvimage writes it. Only through a link in the scratch
# directory: run against a fwkv that replaces devices, the test must not break /dev.
if [ "$(id -u)" = 0 ]; then
    head -c 65536 /dev/zero > loop-backing.img
    if loopdev=$(losetup --find --show loop-backing.img 2>loop.err); then
        # A node of our own for the same device: a fwkv that replaced it would replace this one.
        mknod devnode b "$((16#$(stat -c %t "$loopdev")))" "$((16#$(stat -c %T "$loopdev")))"
        ln -s devnode dev-link
        run create dev-link --size 0x2000 --from base.txt
        expect_rc 0 "create on a block device through a symbolic link"
        expect_true "the device node is still a block device" test -b devnode
        expect_true "the link still names the device" test -L dev-link
        run list dev-link --size 0x2000
        expect_out $'a=1\nb=2' "the device holds the new environment"
        run create dev-link --size 0x2000
        expect_rc 2 "create over a valid environment on a device needs --force"
        run put dev-link --size 0x2000 c=3
        expect_rc 0 "put on a block device (in place)"
        run get dev-link --size 0x2000 c -n
        expect_out 3 "put on a block device reads back"
        sync
        if [ -b "$loopdev" ]; then losetup -d "$loopdev"; else fail "$loopdev is no longer a block device"; fi
        run list loop-backing.img --size 0x2000
        expect_out $'a=1\nb=2\nc=3' "the write reached the backing file"
    else
        fail "cannot attach a loop device as root: $(cat loop.err)"
    fi
else
    echo "note: not root, the block-device checks need a loop device and were not run"
fi

# create with a location writes into an existing image that is large enough, and nowhere else.
run create missing.img --offset 0x1000 --size 0x1000 --from base.txt
expect_rc 4 "create at an offset in a missing image"
expect_true "no image was made" test ! -e missing.img
head -c 8192 /dev/zero > small.img
run create small.img --offset 0x40000000 --size 0x2000 --from base.txt
expect_rc 5 "create at an offset past the end"
expect_true "the image was not extended" test "$(stat -c %s small.img)" = 8192
printf 'typo.img 0x0 0x2000\n' > typo.config
run create -c typo.config --from base.txt
expect_rc 4 "create through a config naming a missing device"
expect_true "no device file was made" test ! -e typo.img

# create replaces a valid environment only with --force.
cp s.img s-before.img
run create s.img --size 0x1000
expect_rc 2 "create over a valid image"
expect_err "fwkv: error: s.img already holds a valid environment; replacing it needs --force" "--force message"
expect_same_file s.img s-before.img "refused create writes nothing"
run create s.img --size 0x1000 --force
expect_rc 0 "create --force"
run list s.img
expect_out "" "create --force wrote the empty environment"
head -c 4096 /dev/zero > zeros.img
run create zeros.img --size 0x1000 --from base.txt
expect_rc 0 "create over a file that holds no environment needs no --force"

# Absurd sizes are usage errors; the no-space error names the file.
run create huge.img --size 0xFFFFFFFFFFFFFFFF
expect_rc 2 "create --size 2^64-1"
run list s.img --size 0x80000000
expect_rc 2 "a block size above 1 GiB"
printf 'big.img 0 0x80000000\n' > huge.config
run list -c huge.config
expect_rc 6 "a block size above 1 GiB in fw_env.config"
run put s.img "big=$(head -c 5000 /dev/zero | tr '\0' x)"
expect_rc 5 "no space"
checks=$((checks + 1))
case $err in "fwkv: error: s.img: environment needs "*) ;; *) fail "no-space error names the file: $err" ;; esac

printf 'abcdefghijklmnop\n' > toolong.txt
run create small-env.img --size 16 --from toolong.txt
expect_rc 5 "create: text too large"
checks=$((checks + 1))
case $err in "fwkv: error: small-env.img: the text needs "*) ;; *) fail "create's no-space error names the file: $err" ;; esac

# Long image names: the temporary name stays within NAME_MAX.
long=$(printf 'n%.0s' $(seq 1 250)).img
"$FWKV" create "$long" --size 0x1000 --from base.txt
run put "$long" c=3
expect_rc 0 "put on an image named with 254 characters"
run get "$long" c -n
expect_out 3 "the long-named image reads back"

# Temporary files of a killed writer: check reports them, the next writer removes them.
"$FWKV" create t.img --size 0x1000 --from base.txt
printf 'junk' > .t.img.tmp99999_0
printf 'junk' > .t.img.tmp12_3
printf 'not ours' > .t.img.tmpx_1
run check t.img
expect_rc 0 "check with stale temporary files"
here=$(pwd -P)
expect_err "fwkv: warning: t.img: $here/.t.img.tmp12_3 is a temporary file left by an interrupted write (the next put removes it)
fwkv: warning: t.img: $here/.t.img.tmp99999_0 is a temporary file left by an interrupted write (the next put removes it)" "check reports stale temporary files"
run put t.img c=3
expect_rc 0 "put beside stale temporary files"
expect_true "stale temporary files removed" test ! -e .t.img.tmp99999_0 -a ! -e .t.img.tmp12_3
expect_true "a file that only looks similar is kept" test -e .t.img.tmpx_1

# ACLs and extended attributes survive the rename; a hard-linked image is written in place.
"$FWKV" create acl.img --size 0x1000 --from base.txt
chmod 0660 acl.img
if setfacl -m u:4321:rw acl.img 2>/dev/null && setfattr -n user.origin -v factory acl.img 2>/dev/null; then
    acl_before=$(getfacl -cp acl.img 2>/dev/null)
    run put acl.img c=3
    expect_rc 0 "put on an image with an ACL"
    acl_after=$(getfacl -cp acl.img 2>/dev/null)
    checks=$((checks + 1))
    [ "$acl_after" = "$acl_before" ] || fail "ACL changed by put: [$acl_before] -> [$acl_after]"
    expect_true "user:4321 keeps rw" grep -q '^user:4321:rw-$' <<<"$acl_after"
    checks=$((checks + 1))
    [ "$(getfattr --only-values -n user.origin acl.img 2>/dev/null)" = factory ] ||
        fail "extended attribute user.origin lost by put"
else
    fail "setfacl/setfattr do not work here (install acl and attr; the file system must support ACLs and user xattrs)"
fi
"$FWKV" create linked.img --size 0x1000 --from base.txt
ln linked.img other-name.img
run put linked.img c=3
expect_rc 0 "put on a hard-linked image"
run get other-name.img c -n
expect_out 3 "the other name sees the new environment"
expect_true "still two links" test "$(stat -c %h linked.img)" = 2

# put --active writes the active slot's variables (Nerves.Runtime.KV.put_active).
printf 'nerves_fw_active=b\nb.x=0\n' > slots.txt
"$FWKV" create act.img --size 0x1000 --from slots.txt
run put act.img --active x=1 y=2
expect_rc 0 "put --active"
run list act.img
expect_out $'nerves_fw_active=b\nb.x=1\nb.y=2' "put --active wrote b.x and b.y"
run __complete put act.img --active ''
expect_out $'x=\ny=' "put --active completes the active slot's keys without the prefix"
printf 'k=0\n' > noslot.txt
"$FWKV" create noslot.img --size 0x1000 --from noslot.txt
printf 'z=3\nk\n' | "$FWKV" put noslot.img --active --script -
run list noslot.img
expect_out $'k=0\na.z=3' "put --active without nerves_fw_active uses slot a, script lines too"

finish
