#!/usr/bin/env python3
"""`fwkv create` against `mkenvimage`: the same input text must give the same bytes.

For each case both tools get the same text file (or the same bytes on stdin), the same size,
pad byte, redundant flag and byte order:

    fwkv create OUT --size N [--redundant] [--pad BYTE] [--big-endian] --from FILE|-
    mkenvimage -s N [-r] [-p BYTE] [-b] -o OUT FILE|-

and must agree on success or failure (exit status zero or not), on the output bytes when both
succeed, and on leaving no output (or the previous file untouched) when both fail. The text is
random (keys and values with spaces, '=', UTF-8, tabs, long values) mixed with what mkenvimage
treats specially, found by experiment: empty lines skipped, '#' only in column 0 starts a
comment, a backslash before a newline becomes a newline inside the value, a line that is only
a backslash, CR kept, NUL bytes kept, a missing final newline, an empty file, comments and
blank lines after a full environment. A third of the cases look for the smallest size
mkenvimage accepts and try that size, one less and one more, so the exact-fit and too-big
boundaries are both crossed. A failing input is shrunk before it is shown.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402


def random_line(rng):
    roll = rng.random()
    if roll < 0.55:
        value = kh.random_value(rng, rng.choice([8, 40, 200]))
        return kh.random_key(rng, allow_space=True) + b"=" + value
    if roll < 0.62:
        return b""
    if roll < 0.68:
        return b"#" + kh.random_value(rng, 30)
    if roll < 0.71:
        return rng.choice([b" #not a comment=1", b"\t#x", b" # y=2", b"a#b=c", b"#"])
    if roll < 0.76:
        return kh.random_key(rng) + b"=" + kh.random_value(rng, 20) + b"\\"  # continues on the next line
    if roll < 0.79:
        return kh.random_key(rng)  # no '='
    if roll < 0.81:
        return b"=" + kh.random_value(rng, 10)  # empty key
    if roll < 0.83:
        return kh.random_key(rng) + b"=a\0b"  # NUL inside
    if roll < 0.86:
        return kh.random_key(rng) + b"=" + kh.random_value(rng, 10) + b"\r"
    if roll < 0.88:
        return b"\\"
    if roll < 0.90:
        return kh.random_key(rng) + b"=" + kh.random_value(rng, 10) + b"\\\\"
    if roll < 0.92:
        return kh.random_key(rng) + b"="
    if roll < 0.95:
        return kh.random_key(rng) + b"=" + kh.random_value(rng, 10) + b"\\x"  # backslash inside
    return kh.random_key(rng) + b"=" + bytes(rng.randint(0x20, 0x7E) for _ in range(rng.randint(500, 20000)))


def random_text(rng):
    count = rng.choice([0, 1, 2, 3, 5, 10, 40, rng.randint(0, 150)])
    lines = [random_line(rng) for _ in range(count)]
    text = b"\n".join(lines)
    ending = rng.random()
    if ending < 0.7:
        text += b"\n"
    elif ending < 0.8:
        text += b"\n\n\n"
    elif ending < 0.85:
        text += b"\n#trailing comment"
    elif ending < 0.9:
        text += b"\n# a comment\n\n"
    return text


SIZES = [16, 17, 24, 32, 64, 100, 255, 256, 1000, 0x400, 0x1000, 0x2000, 0x4000, 0x20000]


def size_text(rng, size):
    return "0x%x" % size if rng.random() < 0.5 else "%d" % size


class Variant:
    def __init__(self, size, redundant, pad, big_endian, use_stdin, size_form, pad_form):
        self.size, self.redundant, self.pad, self.big_endian = size, redundant, pad, big_endian
        self.use_stdin, self.size_form, self.pad_form = use_stdin, size_form, pad_form

    def mkenvimage_argv(self, out, src):
        argv = ["mkenvimage", "-s", self.size_form]
        if self.redundant:
            argv.append("-r")
        if self.pad is not None:
            argv += ["-p", self.pad_form]
        if self.big_endian:
            argv.append("-b")
        return argv + ["-o", out, "-" if self.use_stdin else src]

    def fwkv_argv(self, fwkv, out, src):
        argv = [fwkv, "create", out, "--size", self.size_form]
        if self.redundant:
            argv.append("--redundant")
        if self.pad is not None:
            argv += ["--pad", self.pad_form]
        if self.big_endian:
            argv.append("--big-endian")
        return argv + ["--from", "-" if self.use_stdin else src]


class CreateTest:
    def __init__(self):
        self.h = kh.Harness("create_vs_mkenvimage", __doc__, default_cases=400, needs=("mkenvimage",))
        self.rng = self.h.rng
        self.work = self.h.fresh_dir("create")
        self.src = os.path.join(self.work, "input.txt")

    def run_both(self, text, v, preexisting=None):
        """Run both tools; return (mkenvimage result, its output or None, fwkv result, output or None)."""
        outputs = []
        results = []
        for tool in ("mkenvimage", "fwkv"):
            out = os.path.join(self.work, "out-%s.img" % tool)
            if os.path.exists(out):
                os.unlink(out)
            if preexisting is not None:
                with open(out, "wb") as f:
                    f.write(preexisting)
            with open(self.src, "wb") as f:
                f.write(text)
            argv = v.mkenvimage_argv(out, self.src) if tool == "mkenvimage" else v.fwkv_argv(self.h.fwkv, out, self.src)
            res = self.h.run(argv, stdin=text if v.use_stdin else None)
            results.append(res)
            outputs.append(open(out, "rb").read() if os.path.exists(out) else None)
        return results[0], outputs[0], results[1], outputs[1]

    def disagreement(self, text, v, preexisting=None):
        """None when the tools agree, else a description of how they differ."""
        mres, mout, fres, fout = self.run_both(text, v, preexisting)
        if mres.rc < 0 or mres.rc > 128:
            return None  # mkenvimage crashed: not a reference for this input
        if (mres.rc == 0) != (fres.rc == 0):
            return "exit status differs: mkenvimage %d, fwkv %d\n%s\n%s" % (
                mres.rc, fres.rc, mres.describe(), fres.describe())
        if mres.rc == 0:
            if mout != fout:
                if fout is None:
                    return "fwkv exited 0 but wrote no file\n%s" % fres.describe()
                return "output bytes differ\n" + kh.bytes_diff(mout, fout, "mkenvimage", "fwkv") + \
                    "\n" + fres.describe()
        else:
            if mout != fout:
                def state(o):
                    if o is None:
                        return "no file"
                    return "the previous file untouched" if o == preexisting else "a %d-byte file" % len(o)
                return "after failing, mkenvimage leaves %s, fwkv leaves %s\n%s" % (
                    state(mout), state(fout), fres.describe())
        return None

    def shrink(self, text, v, preexisting):
        """Delta-debug the input: drop lines, then bytes, while the tools still disagree."""
        budget = [300]

        def still_fails(candidate):
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return self.disagreement(candidate, v, preexisting) is not None

        lines = text.split(b"\n")
        i = 0
        while i < len(lines) and len(lines) > 1:
            candidate = lines[:i] + lines[i + 1:]
            if still_fails(b"\n".join(candidate)):
                lines = candidate
            else:
                i += 1
        text = b"\n".join(lines)
        chunk = max(1, len(text) // 4)
        while chunk >= 1 and budget[0] > 0:
            i = 0
            while i < len(text):
                candidate = text[:i] + text[i + chunk:]
                if still_fails(candidate):
                    text = candidate
                else:
                    i += chunk
            chunk //= 2
        return text

    def compare(self, label, text, v, preexisting=None):
        self.h.case(label)
        problem = self.disagreement(text, v, preexisting)
        if problem is None:
            self.h.check(True, "")
            return
        small = self.shrink(text, v, preexisting) if len(text) > 8 else text
        reproducer = ("input (shrunk from %d to %d bytes): %s\n"
                      "reproduce: %s > in.txt; %s; %s" % (
                          len(text), len(small), kh.show_bytes(small, 400),
                          kh.printf_command(small[:2000]),
                          " ".join(v.mkenvimage_argv("m.img", "in.txt")),
                          " ".join(v.fwkv_argv("fwkv", "f.img", "in.txt"))))
        self.h.check(False, "%s (size %s%s%s%s)" % (
            "fwkv create and mkenvimage disagree", v.size_form, " redundant" if v.redundant else "",
            " pad %s" % v.pad_form if v.pad is not None else "", " big-endian" if v.big_endian else ""),
            problem + "\n" + reproducer)

    def min_size(self, text, redundant):
        """The smallest size mkenvimage accepts for this text (bisection), or None."""
        header = 5 if redundant else 4
        lo, hi = header + 1, len(text) + header + 2
        v = Variant(hi, redundant, None, False, False, str(hi), None)
        if self.mkenvimage_ok(text, v) is not True:
            return None
        while lo < hi:
            mid = (lo + hi) // 2
            v = Variant(mid, redundant, None, False, False, str(mid), None)
            if self.mkenvimage_ok(text, v):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def mkenvimage_ok(self, text, v):
        with open(self.src, "wb") as f:
            f.write(text)
        res = self.h.run(v.mkenvimage_argv(os.path.join(self.work, "probe.img"), self.src))
        return res.rc == 0

    def random_variant(self, size):
        rng = self.rng
        redundant = rng.random() < 0.4
        pad = None
        pad_form = None
        if rng.random() < 0.5:
            pad = rng.choice([0, 0xFF, rng.randrange(256)])
            pad_form = rng.choice(["%d" % pad, "0x%x" % pad, "0x%02X" % pad])
        return Variant(size, redundant, pad, rng.random() < 0.25, rng.random() < 0.15,
                       size_text(rng, size), pad_form)

    def edge_cases(self):
        """Hand-written inputs, each at several sizes and in both layouts."""
        texts = [
            b"", b"\n", b"\n\n\n", b"#", b"#\n", b"# only a comment\n", b"a=1", b"a=1\n", b"a=1\n\n\nb=2\n",
            b"a=1\r\nb=2\r\n", b"a=1\\\nb=2\n", b"a=1\\\n\nb=2\n", b"a=1\\", b"a=1\\\\\nb\n", b"\\\na=1\n",
            b"a=1\n\\\n", b"a=1\n#c\nb=2\n", b"a=1\n#c", b" #x\na=1\n", b"noequals\n", b"=value\n", b"k=\n",
            b"a\0b=1\n", b"k=v=w=x\n", b"k=value with spaces\n", "ключ=значение €\n".encode("utf-8"),
            b"a=1\na=2\n", b"\n#c\n\na=1\n", b"k=\t\tv\n", b"a=" + b"x" * 70000 + b"\n",
            b"# Nerves defaults\nnerves_fw_active=a\na.nerves_fw_version=1.2.3\n"
            b"a.nerves_fw_application_part0_devpath=/dev/mmcblk0p3\nnerves_fw_validated=1\n\n"
            b"b.nerves_fw_version=\nbootcmd=run a; run b\\\n run c\n",
        ]
        fixtures = self.h.args.fixtures
        if fixtures:
            script = os.path.join(fixtures, "uboot_env", "fixture_env.script")
            if os.path.exists(script):
                texts.append(open(script, "rb").read())
        for n, text in enumerate(texts):
            for redundant in (False, True):
                sizes = {0x2000, 0x20000 if len(text) > 0x1F00 else 64}
                best = self.min_size(text, redundant)
                if best is not None:
                    sizes |= {best, best + 1}
                    if best - 1 >= (6 if redundant else 5):
                        sizes.add(best - 1)
                for size in sorted(sizes):
                    for pad in (None, 0):
                        v = Variant(size, redundant, pad, size == 64, False, size_text(self.rng, size),
                                    None if pad is None else "0")
                        self.compare("edge %d size %d%s" % (n, size, " -r" if redundant else ""), text, v)
        # Filling the whole block, then comments and blank lines that must not count.
        for redundant in (False, True):
            header = 5 if redundant else 4
            full = b"a=" + b"x" * (64 - header - 4) + b"\n"
            for tail in (b"", b"\n\n", b"# comment\n", b"\n# c\n\n#d", b"b"):
                v = Variant(64, redundant, None, False, False, "64", None)
                self.compare("full block + %r%s" % (tail, " -r" if redundant else ""), full + tail, v)
        # Creating over an existing file: truncated on success, untouched on failure.
        old = bytes(self.rng.randrange(256) for _ in range(5000))
        for text, size in ((b"a=1\n", 64), (b"a=" + b"y" * 200 + b"\n", 64)):
            v = Variant(size, False, None, False, False, str(size), None)
            self.compare("over an existing file, %d-byte input" % len(text), text, v, preexisting=old)
        # The same bytes through stdin.
        for text in (b"a=1\nb=2\n", b"", b"x=" + b"z" * 3000 + b"\n"):
            v = Variant(0x2000, True, 0x5A, False, True, "0x2000", "0x5a")
            self.compare("stdin", text, v)

    def random_cases(self):
        rng = self.rng
        for i in range(self.h.cases):
            text = random_text(rng)
            roll = rng.random()
            if roll < 0.33:
                redundant = rng.random() < 0.4
                best = self.min_size(text, redundant)
                if best is None:
                    continue
                for size in (best - 1, best, best + 1):
                    if size < (6 if redundant else 5):
                        continue
                    v = self.random_variant(size)
                    v.redundant = redundant
                    self.compare("random %d at size %d (smallest accepted %d)" % (i, size, best), text, v)
            else:
                size = rng.choice(SIZES + [rng.randint(8, 5000)])
                v = self.random_variant(size)
                preexisting = bytes(rng.randrange(256) for _ in range(100)) if rng.random() < 0.05 else None
                self.compare("random %d" % i, text, v, preexisting)

    def main(self):
        self.edge_cases()
        self.random_cases()
        self.h.finish()


if __name__ == "__main__":
    CreateTest().main()
