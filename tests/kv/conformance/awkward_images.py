#!/usr/bin/env python3
"""Images no tidy writer makes, read by fw_printenv and by fwkv.

Real environments are not always what mkenvimage writes: U-Boot pads with 0x00, old fw_setenv
leaves stale bytes after the terminator, hand edits leave duplicates, entries without '=' or an
empty key, a full block may have no room for the final NUL, a block may lack the terminating
empty entry before its padding, a redundant pair may hold any two flags. Each case here builds such an image byte by byte (CRCs computed by the harness) and
checks that fwkv agrees with `fw_printenv -c` on whether the environment can be read at all
(exit status zero or not) and, when it can, on `fwkv get -n` for every name fw_printenv lists,
and on the lines of `fwkv list` (same set as fw_printenv's output; not for an entry with an empty
name, which fw_printenv lists as `=x` and fwkv reports instead). For redundant pairs it checks which copy both tools read: both good
with flags (1, 1), (5, 4), (4, 5), (255, 0), (0, 255), (0, 200), (200, 0), (254, 255), one bad
copy, both bad. Then the same change is made on twin copies of such images by fw_setenv and by
`fwkv put`, and fw_printenv must read the same environment from both. A seeded random part
crosses random flags pairs and random corruption.
"""

import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

SIZE = 0x400


def raw_block(data, redundant=False, flags=1, pad=0xFF, crc_delta=0):
    header = 5 if redundant else 4
    data = data + bytes([pad]) * (SIZE - header - len(data))
    assert len(data) == SIZE - header
    crc = (kh.crc32(data) ^ crc_delta) & 0xFFFFFFFF
    return struct.pack("<I", crc) + (bytes([flags]) if redundant else b"") + data


class AwkwardTest:
    def __init__(self):
        self.h = kh.Harness("awkward_images", __doc__, default_cases=150, needs=("fw_printenv",))
        self.d = self.h.fresh_dir("awkward")
        self.n = 0

    def compare(self, label, blocks, compare_list=True, probes=None):
        """Write the blocks (one or two copies) and compare the two readers."""
        h = self.h
        self.n += 1
        h.case(label)
        image = os.path.join(self.d, "img%d.bin" % self.n)
        with open(image, "wb") as f:
            f.write(b"".join(blocks))
        config = os.path.join(self.d, "img%d.config" % self.n)
        with open(config, "w") as f:
            for i in range(len(blocks)):
                f.write("%s 0x%x 0x%x\n" % (image, i * SIZE, SIZE))
        loc = ["-c", config]
        pr = h.run(["fw_printenv", "-c", config])
        fl = h.fwkv_run(["list"] + loc)
        if not h.check((pr.rc == 0) == (fl.rc == 0),
                       "%s: fw_printenv exits %d, fwkv list exits %d" % (label, pr.rc, fl.rc),
                       pr.describe() + "\n" + fl.describe() + "\nimage: " + kh.show_bytes(b"".join(blocks), 120)):
            return
        if pr.rc != 0:
            h.check(fl.rc == 3, "%s: no valid copy, but fwkv list exits %d (documented: 3)" % (label, fl.rc),
                    fl.describe())
            return
        listed = b"\n" + pr.out
        names = [k for k in self.names_in(blocks) if b"\n" + k + b"=" in listed]  # the current copy's
        if probes is not None:
            names = names[:probes]
        for key in names:
            pn = h.run(["fw_printenv", "-c", config, "-n", key])
            fg = h.fwkv_run(["get"] + loc + [key, "-n"])
            h.check(fg.rc == 0 and fg.out == pn.out, "%s: `fwkv get -n %r` differs from fw_printenv" % (label, key),
                    pn.describe() + "\n" + fg.describe())
        if compare_list:
            h.check(sorted(fl.out.split(b"\n")) == sorted(pr.out.split(b"\n")),
                    "%s: fwkv list and fw_printenv list different entries" % label,
                    kh.lines_diff(sorted(pr.out.split(b"\n")), sorted(fl.out.split(b"\n")), "fw_printenv", "fwkv list")
                    + "\n" + fl.describe())

    @staticmethod
    def names_in(blocks):
        """The non-empty names of the entries with '=' in every copy, from the bytes themselves.

        fw_printenv's listing cannot be split when a value holds a newline, so the names to ask
        both tools for come from the image."""
        names = []
        for block in blocks:
            header = 5 if len(blocks) == 2 else 4
            data = block[header:]
            pos = 0
            while pos < len(data) and data[pos] != 0:
                end = data.find(b"\0", pos)
                end = len(data) if end < 0 else end
                key, eq, _ = data[pos:end].partition(b"=")
                if eq and key and key not in names:
                    names.append(key)
                pos = end + 1
        return names

    def write_twins(self, label, blocks, fwkv_args, setenv_args):
        """The same change on two copies of an image, by fw_setenv and by fwkv: same reading after."""
        h = self.h
        self.n += 1
        h.case("write on: " + label)
        configs = []
        for tool in ("setenv", "fwkv"):
            image = os.path.join(self.d, "w%d_%s.bin" % (self.n, tool))
            with open(image, "wb") as f:
                f.write(b"".join(blocks))
            config = os.path.join(self.d, "w%d_%s.config" % (self.n, tool))
            with open(config, "w") as f:
                for i in range(len(blocks)):
                    f.write("%s 0x%x 0x%x\n" % (image, i * SIZE, SIZE))
            configs.append(config)
        real = h.run(["fw_setenv", "-c", configs[0]] + setenv_args)
        ours = h.fwkv_run(["put", "-c", configs[1]] + fwkv_args)
        if not h.check(real.rc == 0 and ours.rc == 0, "%s: a write failed" % label,
                       real.describe() + "\n" + ours.describe()):
            return
        a = h.run(["fw_printenv", "-c", configs[0]])
        b = h.run(["fw_printenv", "-c", configs[1]])
        h.check(a.rc == b.rc and a.out == b.out,
                "%s: after the same change by fw_setenv and by fwkv put, fw_printenv reads different "
                "environments" % label,
                kh.lines_diff(a.out.split(b"\n"), b.out.split(b"\n"), "fw_setenv", "fwkv put") + "\nimage: " +
                kh.show_bytes(b"".join(blocks), 120))

    def write_cases(self):
        singles = [
            ("duplicate key", b"a=1\0b=2\0a=3\0\0"),
            ("entry without '='", b"a=1\0noequals\0b=2\0\0"),
            ("stale entries after the terminator", b"a=1\0\0stale=1\0old=2\0\0"),
            ("empty environment", b"\0"),
            ("newline inside a value", b"a=line1\nline2\0b=2\0\0"),
            ("no empty entry before the padding", b"a=1\0b=2\0"),
        ]
        for pad in (0xFF, 0x00):
            for label, data in singles:
                full = "%s, pad 0x%02x" % (label, pad)
                self.write_twins(full + ", set a new name", [raw_block(data, pad=pad)], ["new=1"], ["new", "1"])
                self.write_twins(full + ", set a", [raw_block(data, pad=pad)], ["a=9"], ["a", "9"])
        for f1, f2 in ((1, 1), (255, 0), (0, 255), (0, 200), (7, 6)):
            self.write_twins("redundant flags %d / %d, set who" % (f1, f2),
                             [raw_block(b"who=copy1\0\0", True, f1), raw_block(b"who=copy2\0\0", True, f2)],
                             ["who=new"], ["who", "new"])

    def unreadable_files(self):
        """A file shorter than its block, and a missing file: both tools refuse."""
        h = self.h
        whole = raw_block(b"a=1\0\0")
        for label, content in (("file shorter than the block", whole[:100]), ("missing file", None)):
            h.case(label)
            image = os.path.join(self.d, "unreadable.bin")
            if os.path.exists(image):
                os.unlink(image)
            if content is not None:
                with open(image, "wb") as f:
                    f.write(content)
            config = os.path.join(self.d, "unreadable.config")
            with open(config, "w") as f:
                f.write("%s 0 0x%x\n" % (image, SIZE))
            pr = h.run(["fw_printenv", "-c", config])
            fl = h.fwkv_run(["list", "-c", config])
            h.check(pr.rc != 0 and fl.rc not in (0, 1, 2), "%s: fw_printenv exits %d, fwkv list exits %d" % (
                label, pr.rc, fl.rc), pr.describe() + "\n" + fl.describe())

    def single_copy_cases(self):
        cases = [
            ("empty environment", b"\0", True),
            ("pad 0x00 (U-Boot saveenv)", b"a=1\0b=2\0\0", True),
            ("duplicate key, last wins", b"a=1\0b=2\0a=3\0\0", True),
            ("entry without '='", b"a=1\0noequals\0b=2\0\0", True),
            ("empty value", b"a=\0b=2\0\0", True),
            # fw_printenv lists "=x"; fwkv keeps the entry but reports it instead of listing it.
            ("empty key", b"=x\0b=2\0\0", False),
            ("stale entries after the terminator", b"a=1\0\0stale=1\0old=2\0\0", True),
            ("empty env then stale bytes", b"\0junk=1\0\0", True),
            ("raw bytes 0x80-0xFF in a value", b"a=\x80\xfe\xc3\0\0", True),
            ("newline inside a value", b"a=line1\nline2\0b=2\0\0", True),
            ("tab and CR in a value", b"a=\tx\r\0\0", True),
            ("'=' inside a value", b"a==b=c=\0\0", True),
            # CRC-valid blocks without the terminating empty entry: the readers run on to the end.
            ("no empty entry before the padding", b"a=1\0b=2\0", True),
            ("last entry not NUL-terminated", b"a=1\0b=2", True),
        ]
        for pad in (0xFF, 0x00):
            for label, data, list_too in cases:
                self.compare("%s, pad 0x%02x" % (label, pad), [raw_block(data, pad=pad)], list_too)
        # A block full to the last byte: the last entry's NUL is the final byte, no empty entry after it.
        fill = b"k=" + b"v" * (SIZE - 4 - 3) + b"\0"
        self.compare("full block without the final empty entry", [raw_block(fill)])
        fill2 = b"k=" + b"v" * (SIZE - 4 - 4) + b"\0\0"
        self.compare("full block with the final empty entry", [raw_block(fill2)])
        self.compare("bad CRC", [raw_block(b"a=1\0\0", crc_delta=1)])
        self.compare("all 0xFF (erased flash)", [b"\xff" * SIZE])
        self.compare("all 0x00", [bytes(SIZE)])

    def redundant_cases(self):
        new, old = b"who=copy1\0\0", b"who=copy2\0\0"
        for f1, f2 in ((1, 1), (5, 4), (4, 5), (255, 0), (0, 255), (0, 200), (200, 0), (254, 255), (255, 254),
                       (0, 0), (1, 0), (0, 1), (128, 0), (0, 128), (127, 0)):
            self.compare("redundant, flags %d / %d" % (f1, f2),
                         [raw_block(new, True, f1), raw_block(old, True, f2)])
        self.compare("redundant, copy 1 bad", [raw_block(new, True, 9, crc_delta=4), raw_block(old, True, 1)])
        self.compare("redundant, copy 2 bad", [raw_block(new, True, 1), raw_block(old, True, 9, crc_delta=4)])
        self.compare("redundant, both bad", [raw_block(new, True, 1, crc_delta=4), raw_block(old, True, 2, crc_delta=4)])
        self.compare("redundant, copy 2 erased", [raw_block(new, True, 3), b"\xff" * SIZE])

    def random_cases(self):
        rng = self.h.rng
        for i in range(self.h.cases):
            env = kh.random_env(rng, rng.randint(0, 8), max_value=20, allow_space=True)
            data = b"".join(k + b"=" + v + b"\0" for k, v in env.items()) + b"\0" if env else b"\0"
            if rng.random() < 0.3:
                data += bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))  # stale bytes
            data = data[:SIZE - 5]
            redundant = rng.random() < 0.6
            pad = rng.choice([0xFF, 0x00, rng.randrange(256)])
            if not redundant:
                delta = 0 if rng.random() < 0.85 else 1 << rng.randrange(32)
                self.compare("random %d, single" % i, [raw_block(data, pad=pad, crc_delta=delta)], probes=3)
                continue
            env2 = kh.random_env(rng, rng.randint(0, 8), max_value=20)
            data2 = b"".join(k + b"=" + v + b"\0" for k, v in env2.items()) + b"\0" if env2 else b"\0"
            f1, f2 = rng.choice([(rng.randrange(256), rng.randrange(256)), (255, 0), (0, 255),
                                 (rng.randrange(256),) * 2])
            d1 = 0 if rng.random() < 0.8 else 1 << rng.randrange(32)
            d2 = 0 if rng.random() < 0.8 else 1 << rng.randrange(32)
            self.compare("random %d, redundant flags %d / %d%s%s" % (i, f1, f2, " copy 1 bad" if d1 else "",
                                                                    " copy 2 bad" if d2 else ""),
                         [raw_block(data, True, f1, pad, d1), raw_block(data2, True, f2, pad, d2)], probes=3)

    def main(self):
        self.single_copy_cases()
        self.redundant_cases()
        self.write_cases()
        self.unreadable_files()
        self.random_cases()
        self.h.finish()


if __name__ == "__main__":
    AwkwardTest().main()
