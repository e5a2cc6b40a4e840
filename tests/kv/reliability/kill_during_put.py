#!/usr/bin/env python3
"""SIGKILL at random moments of a put loop: the environment is the old one or the new one, the
next put succeeds, and the temporary files a killed writer leaves are removed by the next writer.

For each layout (a single copy that is the whole file, a redundant pair, a single copy inside a
disk image), `fwkv put` runs with a few random changes and is killed after a random delay of up to
a few milliseconds (sometimes before it starts reading, sometimes in the middle of its write,
sometimes after it is done). After each kill the environment is read with `fwkv list` and
compared with the one before the put and the one the put would make. A third environment is
"torn"; no environment at all is "lost" (allowed only for the single copy in place, which only the
redundant layout protects). Every few kills an unkilled put must succeed and leave no temporary
file in the directory. Prints kills, torn, lost and temporary files left and removed.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import kvharness as kh  # noqa: E402

SIZE = 0x20000


def listing(h, d):
    r = h.run([h.fwkv, "list", "-c", "fw_env.config"], cwd=d)
    if r.rc != 0:
        return None
    return dict(kh.parse_listing(r.out))


def temporaries(d):
    return sorted(n for n in os.listdir(d) if ".tmp" in n)


def main():
    h = kh.Harness("kill_during_put", __doc__, default_cases=100)
    rng = h.rng
    totals = [0, 0, 0, 0]
    for kind, promise in (("whole-file", True), ("redundant-one-file", True), ("single-offset", False)):
        h.case(kind)
        # On a disk, not a RAM disk: there fsync takes time, and a kill lands inside a write.
        layout = kh.Layout(tempfile.mkdtemp(prefix="fwkv-kill-", dir=os.environ.get("TMPDIR", "/var/tmp")),
                           kind, SIZE, rng)
        env = {b"nerves_fw_active": b"a", b"bootcount": b"0"}
        block = kh.encode_block(sorted(env.items()), SIZE, redundant=layout.redundant)
        layout.write_blocks([block, block] if layout.redundant else [block])
        d = layout.dir
        # Kill moments spread over a whole put, as long as one takes here.
        start = time.monotonic()
        for t in range(5):
            h.run([h.fwkv, "put", "-c", "fw_env.config", "warmup=%d" % t], cwd=d)
        span = (time.monotonic() - start) / 5 * 1.3
        env = listing(h, d)
        kills = torn = lost = left = 0
        outcomes = {"old": 0, "new": 0}
        for i in range(h.cases):
            changes = {b"k%d" % rng.randrange(40): b"v%d_" % i + b"x" * rng.randrange(0, 3000)
                       for _ in range(rng.randint(1, 5))}
            new = {**env, **changes}
            argv = [h.fwkv, "put", "-c", "fw_env.config"] + [(k + b"=" + v).decode() for k, v in changes.items()]
            p = subprocess.Popen(argv, cwd=d, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0, span))
            p.kill()
            _, err = p.communicate()
            kills += 1
            got = listing(h, d)
            if got is None:
                if promise:
                    lost += 1
                    h.check(False, "%s: no valid environment after a kill (exit %d)" % (kind, p.returncode))
                # Only the redundant layout protects a block written in place: start again.
                layout.write_blocks([kh.encode_block(sorted(env.items()), SIZE)])
                continue
            if got == env:
                outcomes["old"] += 1
            elif got == new:
                outcomes["new"] += 1
                env = new
            else:
                torn += 1
                h.check(False, "%s: a third environment after a kill (put exit %d)" % (kind, p.returncode),
                        "keys differing: %s" % sorted(set(got.items()) ^ set(new.items()))[:5])
                env = got
            left += len(temporaries(d))
            if i % 10 == 9:
                r = h.run([h.fwkv, "put", "-c", "fw_env.config", "check_%d=1" % i], cwd=d)
                if h.check(r.rc == 0, "%s: a put after kills failed" % kind, r.describe()):
                    env = {**env, b"check_%d" % i: b"1"}
                h.check(not temporaries(d), "%s: temporary files after an unkilled put: %s" %
                        (kind, temporaries(d)))
        final = h.run([h.fwkv, "put", "-c", "fw_env.config", "final=1"], cwd=d)
        h.check(final.rc == 0, "%s: the final put failed" % kind, final.describe())
        remaining = temporaries(d)
        h.check(not remaining, "%s: %d temporary files remain after the final put" % (kind, len(remaining)))
        print("  %-20s kills %d (old env %d, new env %d), torn %d, lost %d; temporary files seen after "
              "kills %d, left at the end %d" %
              (kind, kills, outcomes["old"], outcomes["new"], torn, lost, left, len(remaining)))
        sys.stdout.flush()
        totals = [a + b for a, b in zip(totals, (kills, torn, lost, len(remaining)))]
        shutil.rmtree(d, ignore_errors=True)
    print("kill_during_put: kills %d, torn %d, lost %d, temporary files left %d" % tuple(totals))
    h.finish()


if __name__ == "__main__":
    main()
