#!/usr/bin/env bash
# Concurrent `fwkv put` from many processes loses no update: every writer holds an exclusive flock
# for its whole read-modify-write (and retries when a rename replaced the inode it waited on).
# Runs for a whole-file single copy and a redundant pair. Usage: concurrent_test.sh FWKV
source "$(dirname "$0")/lib.sh"
FWKV=$(realpath "$1")
cd "$scratch"
writers=12
puts_each=8

"$FWKV" create single.img --size 0x4000
"$FWKV" create pair.blk --size 0x4000 --redundant
cat pair.blk pair.blk > pair.img

for target in single pair; do
    if [ "$target" = single ]; then loc=(single.img); else loc=(--size 0x4000 --redundant-offset 0x4000 pair.img); fi
    pids=()
    for w in $(seq 1 $writers); do
        (
            for i in $(seq 1 $puts_each); do
                "$FWKV" put "${loc[@]}" "w${w}_$i=$i" || exit 1
            done
        ) &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || fail "$target: a writer failed"; done
    count=$("$FWKV" list "${loc[@]}" | wc -l)
    checks=$((checks + 1))
    [ "$count" = $((writers * puts_each)) ] ||
        fail "$target: $count variables after $((writers * puts_each)) concurrent puts"
done
run check --size 0x4000 --redundant-offset 0x4000 pair.img
expect_rc 0 "pair valid after concurrent writes"
finish
