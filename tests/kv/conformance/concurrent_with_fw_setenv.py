#!/usr/bin/env python3
"""fwkv put and fw_setenv writing the same environment at the same time lose nothing.

A device may run both: a script calling fwkv while a service calls fw_setenv (libubootenv).
fw_setenv serializes its writers with an flock on /var/lock/fw_printenv.lock; fwkv must take
part in the same exclusion, or each tool can read the environment, be overtaken by the other's
write, and write back a copy without it. Each round starts 15 `fwkv put NAME=VALUE` and 15
`fw_setenv NAME VALUE` processes at once, each setting its own name, on one of the layouts
(single copy as a whole file, single copy inside a larger file, two copies in one file), then
checks with fw_printenv that all 30 names are there. As a control, the same round with 30
fw_setenv processes must keep all 30 (if it does not, the machine's libubootenv is at fault,
and the test says so). A race may fail to show on a given run, so a pass is weaker evidence
than a failure; the rounds are repeated to make a loss likely when the exclusion is missing.
"""

import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

WRITERS = 15


class ConcurrencyTest:
    def __init__(self):
        self.h = kh.Harness("concurrent_with_fw_setenv", __doc__, default_cases=12,
                            needs=("mkenvimage", "fw_printenv", "fw_setenv"))
        self.rng = self.h.rng

    def fresh(self, kind, label):
        layout = kh.Layout(self.h.fresh_dir(label), kind, 0x4000, self.rng)
        src = os.path.join(layout.dir, "initial.txt")
        with open(src, "wb") as f:
            f.write(b"nerves_fw_active=a\nbootcount=0\n")
        out = os.path.join(layout.dir, "initial.img")
        argv = ["mkenvimage", "-s", "0x4000", "-o", out, src]
        if layout.redundant:
            argv.insert(1, "-r")
        res = self.h.run(argv)
        self.h.check(res.rc == 0, "mkenvimage failed", res.describe())
        block = open(out, "rb").read()
        layout.write_blocks([block, block] if layout.redundant else [block])
        return layout

    def round(self, layout, fwkv_writers):
        """Start all writers at once; return the names fw_printenv then lists, and failures."""
        procs = []
        names = []
        for i in range(WRITERS * 2):
            if i % 2 == 0 and fwkv_writers:
                name = "fwkv_%02d" % i
                argv = [self.h.fwkv, "put"] + layout.fwkv_location(self.rng) + ["%s=%d" % (name, i)]
            else:
                name = "setenv_%02d" % i
                argv = ["fw_setenv", "-c", layout.config, name, str(i)]
            names.append(name)
            procs.append((argv, subprocess.Popen(argv, cwd=layout.dir, stdout=subprocess.PIPE,
                                                 stderr=subprocess.PIPE)))
        failed = []
        for argv, p in procs:
            out, err = p.communicate(timeout=120)
            if p.returncode != 0:
                failed.append("%s: exit %d: %s" % (" ".join(argv[:3]), p.returncode, err[:200]))
        pr = self.h.run(["fw_printenv", "-c", layout.config], cwd=layout.dir)
        listed = {k.decode() for k, _ in kh.parse_listing(pr.out)}
        return [n for n in names if n not in listed], failed, pr

    def main(self):
        h = self.h
        for kind in ("whole-file", "single-offset", "redundant-one-file"):
            h.case("control, 30 fw_setenv at once, " + kind)
            layout = self.fresh(kind, "control")
            lost, failed, pr = self.round(layout, fwkv_writers=False)
            h.check(not lost and not failed,
                    "the control round lost names with fw_setenv alone: this libubootenv does not serialize "
                    "its writers, so the mixed rounds prove nothing (%s)" % kind,
                    "lost: %s\n%s" % (lost, "\n".join(failed)))
            h.done_with(layout.dir)
            for r in range(self.h.cases):
                h.case("round %d, 15 fwkv put + 15 fw_setenv at once, %s" % (r, kind))
                layout = self.fresh(kind, "mixed")
                lost, failed, pr = self.round(layout, fwkv_writers=True)
                h.check(not failed, "writers failed (%s)" % kind, "\n".join(failed))
                h.check(not lost,
                        "%d of 30 concurrent writes were lost (%s): fwkv and fw_setenv do not exclude each "
                        "other (libubootenv locks /var/lock/fw_printenv.lock)" % (len(lost), kind),
                        "lost: %s\nlayout: %s" % (", ".join(lost), layout.describe()))
                h.done_with(layout.dir)
        h.finish()


if __name__ == "__main__":
    ConcurrencyTest().main()
