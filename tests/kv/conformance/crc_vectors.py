#!/usr/bin/env python3
"""The public CRC vectors of the spec, checked against fwkv, fw_printenv and mkenvimage.

From the uboot_env library's io_test.exs (spec, "Public test data"): the data area of a
1024-byte block holding "testing" followed by 0xFF padding has CRC 0x65B13693 (single copy,
1020 data bytes); the same block in the redundant layout with generation (flags) 5 has CRC
0x0E852581 (1019 data bytes). The harness builds both blocks byte by byte and checks:
  - the vectors themselves (zlib CRC-32 of the data area), so a typo here cannot hide;
  - libubootenv accepts both blocks (`fw_printenv -c` exits 0) and rejects them once one CRC
    bit is flipped (so its CRC check is really exercised);
  - `fwkv info --json` reports the stored and computed CRC, the CRC as valid and flags 5, and
    `fwkv info` prints the CRC in hex; through -c CONFIG and through the location options;
  - fwkv reads the blocks as fw_printenv does (the data has no terminator: the entry
    "testing<0xFF...>" has no '=' and fw_printenv prints nothing, exit 0);
  - mkenvimage agrees on the algorithm: for "testing" text, at both byte orders and layouts,
    the CRC mkenvimage stores is zlib's CRC-32 of its data area, `fwkv create` writes the same
    bytes and `fwkv info` reports that CRC.
"""

import json
import re
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

SINGLE_CRC = 0x65B13693
REDUNDANT_CRC = 0x0E852581


class CrcTest:
    def __init__(self):
        self.h = kh.Harness("crc_vectors", __doc__, default_cases=1, needs=("mkenvimage", "fw_printenv"))
        self.d = self.h.fresh_dir("crc")

    def write(self, name, data):
        path = os.path.join(self.d, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def info_json(self, args):
        res = self.h.fwkv_run(["info", "--json"] + args, cwd=self.d)
        try:
            return json.loads(res.out), res
        except ValueError:
            return None, res

    def copy_info(self, info, index):
        try:
            return info["copies"][index]
        except (TypeError, KeyError, IndexError):
            return {}

    def check_reported(self, label, args, index, crc, flags=None):
        h = self.h
        info, res = self.info_json(args)
        copy = self.copy_info(info, index)
        h.check(copy.get("stored_crc") == crc and copy.get("computed_crc") == crc and copy.get("crc_ok") is True,
                "%s: `fwkv info --json` does not report copy %d's CRC 0x%08X as stored, computed and valid" % (
                    label, index + 1, crc), res.describe())
        if flags is not None:
            h.check(copy.get("flags") == flags, "%s: `fwkv info --json` reports flags %r, the block has %d" % (
                label, copy.get("flags"), flags), res.describe())
        text = h.fwkv_run(["info"] + args, cwd=self.d)
        printed = {int(x, 16) for x in re.findall(r"0x([0-9a-f]+)", text.out.decode("latin-1").lower())}
        h.check(crc in printed,
                "%s: `fwkv info` does not print the CRC 0x%08x" % (label, crc), text.describe())

    def same_reading(self, label, config, fwkv_args):
        """fwkv reads a block exactly as fw_printenv does (exit status, then output)."""
        h = self.h
        pr = h.run(["fw_printenv", "-c", config], cwd=self.d)
        fl = h.fwkv_run(["list", "--sort"] + fwkv_args, cwd=self.d)
        h.check((pr.rc == 0) == (fl.rc == 0) and (pr.rc != 0 or pr.out == fl.out),
                "%s: fw_printenv and fwkv read the block differently" % label,
                pr.describe() + "\n" + fl.describe())

    def vectors(self):
        h = self.h
        h.case("single-copy vector")
        data = b"testing" + b"\xff" * (1024 - 4 - 7)
        h.check(kh.crc32(data) == SINGLE_CRC, "the spec's single-copy vector: zlib says 0x%08X" % kh.crc32(data))
        self.write("single.bin", struct.pack("<I", SINGLE_CRC) + data)
        with open(os.path.join(self.d, "single.config"), "w") as f:
            f.write("single.bin 0 0x400\n")
        pr = h.run(["fw_printenv", "-c", "single.config"], cwd=self.d)
        h.check(pr.rc == 0, "fw_printenv rejects the single-copy vector", pr.describe())
        self.write("single_bad.bin", struct.pack("<I", SINGLE_CRC ^ 0x100) + data)
        with open(os.path.join(self.d, "single_bad.config"), "w") as f:
            f.write("single_bad.bin 0 0x400\n")
        bad = h.run(["fw_printenv", "-c", "single_bad.config"], cwd=self.d)
        h.check(bad.rc != 0, "fw_printenv accepts a block whose CRC has a flipped bit", bad.describe())
        fb = h.fwkv_run(["check", "single_bad.bin"], cwd=self.d)
        h.check(fb.rc == 3, "`fwkv check` of a block with a flipped CRC bit exits %d, documented: 3" % fb.rc,
                fb.describe())
        for args in (["single.bin"], ["-c", "single.config"], ["single.bin", "--size", "1024"]):
            self.check_reported("single-copy vector via %s" % " ".join(args), args, 0, SINGLE_CRC)
        self.same_reading("single-copy vector (data without a terminator)", "single.config", ["single.bin"])

        h.case("redundant vector, flags 5")
        rdata = b"testing" + b"\xff" * (1024 - 5 - 7)
        h.check(kh.crc32(rdata) == REDUNDANT_CRC,
                "the spec's redundant vector: zlib says 0x%08X" % kh.crc32(rdata))
        block = struct.pack("<I", REDUNDANT_CRC) + b"\x05" + rdata
        self.write("redundant.bin", block + bytes(1024))
        with open(os.path.join(self.d, "redundant.config"), "w") as f:
            f.write("redundant.bin 0 0x400\nredundant.bin 0x400 0x400\n")
        pr = h.run(["fw_printenv", "-c", "redundant.config"], cwd=self.d)
        h.check(pr.rc == 0, "fw_printenv rejects the redundant vector", pr.describe())
        for args in (["-c", "redundant.config"], ["redundant.bin", "--size", "0x400", "--redundant-offset", "0x400"]):
            self.check_reported("redundant vector via %s" % " ".join(args), args, 0, REDUNDANT_CRC, flags=5)
        self.same_reading("redundant vector (data without a terminator)", "redundant.config", ["-c", "redundant.config"])
        # Both copies valid, flags 5 and 4: copy 1 is current (U-Boot's rule). Terminated data,
        # so that this checks the choice of copy and nothing else.
        newer = kh.encode_block([(b"testing", b"new")], 1024, True, flags=5)
        older = kh.encode_block([(b"testing", b"old")], 1024, True, flags=4)
        self.write("redundant2.bin", newer + older)
        with open(os.path.join(self.d, "redundant2.config"), "w") as f:
            f.write("redundant2.bin 0 0x400\nredundant2.bin 0x400 0x400\n")
        pn = h.run(["fw_printenv", "-c", "redundant2.config", "-n", "testing"], cwd=self.d)
        h.check(pn.out == b"new\n", "flags 5 / 4: fw_printenv does not read copy 1", pn.describe())
        info, res = self.info_json(["redundant2.bin", "--size", "0x400", "--redundant-offset", "0x400"])
        h.check(isinstance(info, dict) and info.get("current") == 1 and self.copy_info(info, 1).get("flags") == 4,
                "flags 5 / 4: fwkv info does not say copy 1 is current", res.describe())

    def mkenvimage_agrees(self):
        h = self.h
        src = self.write("testing.txt", b"testing\n")
        for redundant in (False, True):
            for big_endian in (False, True):
                h.case("mkenvimage 'testing' redundant=%s big-endian=%s" % (redundant, big_endian))
                out = os.path.join(self.d, "mk.img")
                argv = ["mkenvimage", "-s", "1024"] + (["-r"] if redundant else []) + \
                       (["-b"] if big_endian else []) + ["-o", out, src]
                res = h.run(argv, cwd=self.d)
                if not h.check(res.rc == 0, "mkenvimage failed", res.describe()):
                    continue
                image = open(out, "rb").read()
                header = 5 if redundant else 4
                stored = struct.unpack(">I" if big_endian else "<I", image[:4])[0]
                h.check(stored == kh.crc32(image[header:]),
                        "mkenvimage's CRC 0x%08X is not zlib's CRC-32 of its data area 0x%08X" % (
                            stored, kh.crc32(image[header:])))
                ours = os.path.join(self.d, "fwkv.img")
                if os.path.exists(ours):
                    os.unlink(ours)  # the previous variant's image: create replaces one only with --force
                fres = h.fwkv_run(["create", ours, "--size", "1024", "--from", src] + (["--redundant"] if redundant else [])
                                  + (["--big-endian"] if big_endian else []), cwd=self.d)
                if h.check(fres.rc == 0 and os.path.exists(ours), "fwkv create failed", fres.describe()):
                    h.check(open(ours, "rb").read() == image, "fwkv create differs from mkenvimage",
                            kh.bytes_diff(image, open(ours, "rb").read(), "mkenvimage", "fwkv"))
                if redundant:
                    # fwkv's redundant layout needs two copies: the image, then an invalid copy.
                    self.write("mk2.img", image + bytes(1024))
                    args = ["mk2.img", "--size", "1024", "--redundant-offset", "1024"]
                else:
                    args = ["mk.img"]
                self.check_reported("mkenvimage 'testing' image", args + (["--big-endian"] if big_endian else []),
                                    0, stored, flags=1 if redundant else None)

    def main(self):
        self.vectors()
        self.mkenvimage_agrees()
        self.h.finish()


if __name__ == "__main__":
    CrcTest().main()
