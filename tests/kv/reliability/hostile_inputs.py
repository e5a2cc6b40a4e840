#!/usr/bin/env python3
"""Hostile configs, images and scripts: a documented exit code, never a signal, never a hang.

Hand-written cases reproduce what users and attackers hand fwkv: fwup.conf arithmetic that
overflows or traps (INT64_MIN / -1, 200,000 nested parentheses, a doubling define! chain, block
numbers whose byte offset wraps), fw_env.configs that name one file twice, overlap, are huge or
are not text, images that are directories, FIFOs, truncated, random or absurdly sized, and
scripts with NUL bytes, enormous lines and no newline. Then a seeded random part mutates valid
configs, scripts and images. For every run:

  - the exit code is one of the documented ones (0-6), never a signal and never a timeout;
  - a failure prints "fwkv: error: ..." and no sanitizer report (the ASan+UBSan build runs this
    test too: ASAN_OPTIONS sets an exit code of its own so that a report cannot pass for one);
  - a failed put, unset or create leaves every file byte-identical.

Prints the number of runs, and of failures by kind.
"""

import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import kvharness as kh  # noqa: E402

TIMEOUT = 20
SANITIZER_EXIT = 99
ENV = dict(os.environ, ASAN_OPTIONS="exitcode=%d:detect_leaks=1" % SANITIZER_EXIT,
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
WRITERS = {"put", "unset", "create"}


def fwup(body):
    return "uboot-environment e {\n%s}\n" % body


def eval_conf(expression):
    return 'define-eval(X, "%s")\n' % expression + fwup("  block-offset = ${X}\n  block-count = 16\n")


class Hostile:
    def __init__(self):
        self.h = kh.Harness("hostile_inputs", __doc__, default_cases=300)
        self.runs = 0
        self.by_code = {}

    def setup(self, label):
        d = self.h.fresh_dir(label)
        env = [(b"nerves_fw_active", b"a"), (b"a.nerves_fw_version", b"1.0.0"), (b"bootcount", b"0")]
        single = kh.encode_block(env, 0x2000)
        with open(os.path.join(d, "e.img"), "wb") as f:
            f.write(single)
        pair = kh.encode_block(env, 0x2000, redundant=True)
        with open(os.path.join(d, "pair.img"), "wb") as f:
            f.write(pair + pair)
        with open(os.path.join(d, "disk.img"), "wb") as f:
            f.write(b"\0" * 0x2000 + pair + pair + b"\0" * 0x2000)
        return d

    def files_of(self, d):
        out = {}
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and not os.path.islink(p):
                out[name] = open(p, "rb").read()
        return out

    def run(self, d, args, allowed, what, stdin=None):
        """Runs fwkv ARGS in d and checks the outcome; returns the exit code."""
        h = self.h
        before = self.files_of(d)
        argv = [h.fwkv] + args
        try:
            p = subprocess.run(argv, cwd=d, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=TIMEOUT, env=ENV)
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired:
            rc, err = "timeout", b""
        self.runs += 1
        self.by_code[rc] = self.by_code.get(rc, 0) + 1
        shown = "$ (cd CASE && fwkv %s)\n  exit %s\n  stderr: %s" % (
            " ".join(a if isinstance(a, str) else repr(a) for a in args)[:300], rc, kh.show_bytes(err, 400))
        if rc == "timeout":
            h.check(False, "%s: fwkv hung (no exit within %d s)" % (what, TIMEOUT), shown)
            return rc
        h.check(rc >= 0, "%s: fwkv was killed by signal %d" % (what, -rc), shown)
        h.check(b"Sanitizer" not in err and b"runtime error" not in err and rc != SANITIZER_EXIT,
                "%s: a sanitizer report" % what, shown)
        h.check(rc in allowed, "%s: exit %s, expected one of %s" % (what, rc, sorted(allowed)), shown)
        if rc != 0:
            h.check(err.startswith(b"fwkv: error: "), "%s: a failure without 'fwkv: error:'" % what, shown)
            if args and args[0] in WRITERS:
                h.check(self.files_of(d) == before, "%s: a failed %s changed a file" % (what, args[0]), shown)
        return rc

    def write(self, d, name, data):
        with open(os.path.join(d, name), "wb" if isinstance(data, bytes) else "w") as f:
            f.write(data)

    # -- hand-written cases -----------------------------------------------------------
    def fwup_cases(self):
        deep = "(" * 200000 + "1" + ")" * 200000
        doubling = 'define(X, "ab")\n' + 'define!(X, "${X}${X}")\n' * 40 + fwup(
            "  block-offset = 0\n  block-count = 16\n")
        cases = [
            ("INT64_MIN / -1", eval_conf("(-9223372036854775807 - 1) / -1")),
            ("INT64_MIN % -1", eval_conf("(-9223372036854775807 - 1) % -1")),
            ("0x8000000000000000 / -1", eval_conf("0x8000000000000000 / -1")),
            ("signed overflow in *", eval_conf("4294967296 * 4294967296")),
            ("signed overflow in +", eval_conf("9223372036854775807 + 1")),
            ("signed overflow in unary -", eval_conf("-(-9223372036854775807 - 1)")),
            ("200,000 nested parentheses", eval_conf(deep)),
            ("200,000 unary minus", eval_conf("-" * 200000 + "1")),
            ("doubling define! chain", doubling),
            ("block-offset times 512 wraps", fwup("  block-offset = 36028797018963968\n  block-count = 16\n")),
            ("block-count times 512 wraps", fwup("  block-offset = 0\n  block-count = 36028797018963968\n")),
            ("block past the end of the image", fwup("  block-offset = 2097152\n  block-count = 16\n")),
            ("overlapping redundant copies", fwup("  block-offset = 16\n  block-count = 16\n"
                                                  "  block-offset-redund = 24\n")),
            ("unterminated section", "uboot-environment e {\n  block-offset = 0\n"),
            ("undefined variable", fwup("  block-offset = ${NOPE}\n  block-count = 16\n")),
            ("binary garbage", bytes(range(256)) * 64),
        ]
        for what, text in cases:
            d = self.setup("fwup")
            self.write(d, "f.conf", text)
            self.h.case("fwup.conf: " + what)
            for args in (["list", "disk.img"], ["put", "disk.img", "x=1"], ["create", "disk.img", "--force"]):
                rc = self.run(d, args + ["--fwup-conf", "f.conf", "--env", "e"], {6}, "fwup.conf " + what)
                if rc == 6 and args[0] == "list":
                    pass

    def config_cases(self):
        os_fifo = "fifo"
        cases = [
            ("one file under two names", "e.img 0 0x1000\n./e.img 0x1000 0x1000\n", {0, 3}),
            ("one file through a symbolic link", "e.img 0 0x1000\nlink.img 0x1000 0x1000\n", {0, 3}),
            ("identical copies", "pair.img 0 0x2000\npair.img 0 0x2000\n", {2}),
            ("overlapping copies", "pair.img 0 0x2000\n./pair.img 0x1000 0x2000\n", {2}),
            ("size 0", "e.img 0 0\n", {6}),
            ("size above 1 GiB", "e.img 0 0x80000000\n", {6}),
            ("size 2^64-1", "e.img 0 ffffffffffffffff\n", {6}),
            ("offset past the end", "e.img 0x7fffffffffffffff 0x2000\n", {3}),
            ("negative offset past the start", "e.img -0x100000 0x2000\n", {3}),
            ("three devices", "e.img 0 0x2000\ne.img 0x2000 0x2000\ne.img 0x4000 0x2000\n", {6}),
            ("sizes differ", "pair.img 0 0x2000\npair.img 0x2000 0x1000\n", {6}),
            ("device is a directory", "sub 0 0x2000\n", {4}),
            ("device is a FIFO", "%s 0 0x2000\n" % os_fifo, {4}),
            ("device is a character device", "/dev/zero 0 0x2000\n", {4}),
            ("device is missing", "missing.img 0 0x2000\n", {4}),
            ("no device line", "# only a comment\n\n", {6}),
            ("binary garbage", bytes(range(1, 256)) * 64, {6}),
            ("a 1 MiB device name", "x" * (1 << 20) + " 0 0x2000\n", {4}),
        ]
        for what, text, allowed in cases:
            d = self.setup("config")
            os.mkdir(os.path.join(d, "sub"))
            os.mkfifo(os.path.join(d, os_fifo))
            os.symlink("e.img", os.path.join(d, "link.img"))
            self.write(d, "fw_env.config", text)
            self.h.case("fw_env.config: " + what)
            for args in (["list"], ["get", "bootcount"], ["put", "x=1"], ["check"], ["create", "--force"]):
                extra = allowed | ({1} if args[0] == "get" else set())
                if args[0] == "create" and 3 in extra:
                    extra = extra | {5}  # create reports a block outside its file as no space
                self.run(d, args + ["-c", "fw_env.config"], extra, "fw_env.config " + what)

    def image_cases(self):
        cases = [
            ("a directory", lambda d: os.mkdir(os.path.join(d, "x.img")), [], {4}),
            ("a FIFO", lambda d: os.mkfifo(os.path.join(d, "x.img")), [], {4}),
            ("empty", lambda d: self.write(d, "x.img", b""), [], {3}),
            ("random bytes", lambda d: self.write(d, "x.img", os.urandom(0x2000)), [], {3}),
            ("truncated", lambda d: self.write(d, "x.img", open(os.path.join(d, "e.img"), "rb").read()[:100]),
             ["--size", "0x2000"], {3}),
            ("--size 2^64-1", lambda d: None, ["--size", "0xFFFFFFFFFFFFFFFF"], {2}),
            ("--offset 2^63-1", lambda d: None, ["--offset", "0x7fffffffffffffff", "--size", "0x2000"], {3}),
            ("--offset 2^64-1", lambda d: None, ["--offset", "0xffffffffffffffff"], {2}),
            ("identical copies", lambda d: None, ["--size", "0x2000", "--redundant-offset", "0"], {2}),
            ("a 1 MiB entry without NUL", lambda d: self.write(
                d, "x.img", kh.encode_block([], 0x110000, raw_data=b"k=" + b"v" * 0x100000)), [], {0, 5}),
            ("200,000 tiny entries", lambda d: self.write(
                d, "x.img", kh.encode_block([(b"%d" % i, b"") for i in range(200000)], 0x200000)), [], {0, 5}),
            ("entries without '='", lambda d: self.write(
                d, "x.img", kh.encode_block([], 0x2000, raw_data=b"noequals\0=empty\0a=1\0a=2\0\0")), [], {0, 1}),
        ]
        for what, make, options, allowed in cases:
            d = self.setup("image")
            if make(d) is None and not os.path.exists(os.path.join(d, "x.img")):
                os.link(os.path.join(d, "e.img"), os.path.join(d, "x.img"))
            self.h.case("image: " + what)
            for args in (["list", "x.img"], ["get", "x.img", "a"], ["put", "x.img", "x=1"], ["check", "x.img"],
                         ["info", "x.img"]):
                extra = set(allowed) | ({1} if args[0] == "get" else set())
                self.run(d, args + options, extra, "image " + what)

    def script_cases(self):
        cases = [
            ("a NUL byte", b"a=1\nb=\0x\n", {6}),
            ("a 10 MB line", b"big=" + b"x" * 10000000 + b"\n", {5}),
            ("no newline at the end", b"a=1", {0}),
            ("only comments and blanks", b"# c\n\n   \n#\n", {0}),
            ("CRLF lines", b"a=1\r\nb 2\r\n", {0}),
            ("an empty name", b"=x\n", {6}),
            ("invalid UTF-8", b"k=\xff\xfe\xc3\n", {0}),
            ("a directory", None, {4}),
        ]
        for what, text, allowed in cases:
            d = self.setup("script")
            if text is None:
                os.mkdir(os.path.join(d, "s.script"))
            else:
                self.write(d, "s.script", text)
            self.h.case("script: " + what)
            self.run(d, ["put", "e.img", "--script", "s.script"], allowed, "script " + what)
            self.run(d, ["create", "new.img", "--size", "0x2000", "--from", "s.script"], allowed | {5, 0},
                     "create --from " + what)

    # -- the seeded random part -------------------------------------------------------
    def mutate(self, data):
        rng = self.h.rng
        data = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            roll = rng.random()
            pos = rng.randint(0, len(data)) if data else 0
            if roll < 0.3 and data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif roll < 0.5:
                data[pos:pos] = rng.choice([b"(", b")", b"-", b"*", b"${X}", b"0x", b"99999999999999999999",
                                            b"\0", b"\n", b"#", b"=", b"{", b"}", b" ", b"9223372036854775807"])
            elif roll < 0.7 and data:
                del data[pos:pos + rng.randint(1, 16)]
            elif roll < 0.8:
                data = data[:pos]
            else:
                data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        return bytes(data)

    def random_cases(self):
        rng = self.h.rng
        seeds_conf = [eval_conf("6 * (7 - 2) + 4"),
                      'define(O, 16)\ndefine-eval(R, "${O} + 16")\n' + fwup(
                          "  block-offset = ${O}\n  block-count = 16\n  block-offset-redund = ${R}\n")]
        seeds_config = ["disk.img 0x2000 0x2000\ndisk.img 0x4000 0x2000\n", "e.img 0 0x2000\n"]
        seeds_script = [b"a=1\nb 2\n# c\nc=\nd\n", b"nerves_fw_active=b\n"]
        for i in range(self.h.cases):
            d = self.setup("random")
            kind = rng.choice(["fwup", "config", "script", "image"])
            self.h.case("random %d (%s)" % (i, kind))
            if kind == "fwup":
                self.write(d, "f.conf", self.mutate(rng.choice(seeds_conf).encode()))
                args = [rng.choice(["list", "check", "put"]), "disk.img", "--fwup-conf", "f.conf", "--env", "e"]
            elif kind == "config":
                self.write(d, "fw_env.config", self.mutate(rng.choice(seeds_config).encode()))
                args = [rng.choice(["list", "check", "put"]), "-c", "fw_env.config"]
            elif kind == "script":
                self.write(d, "s.script", self.mutate(rng.choice(seeds_script)))
                args = ["put", "e.img", "--script", "s.script"]
            else:
                image = open(os.path.join(d, "pair.img"), "rb").read()
                self.write(d, "pair.img", self.mutate(image))
                args = [rng.choice(["list", "check", "info", "put"]), "pair.img", "--size", "0x2000",
                        "--redundant-offset", "0x2000"]
            if args[0] == "put":
                args.append("x=%d" % i)
            self.run(d, args, {0, 1, 2, 3, 4, 5, 6}, "random %s" % kind)
            self.h.done_with(d)

    def main(self):
        self.fwup_cases()
        self.config_cases()
        self.image_cases()
        self.script_cases()
        self.random_cases()
        codes = ", ".join("%s: %d" % (k, v) for k, v in sorted(self.by_code.items(), key=lambda kv: str(kv[0])))
        print("hostile_inputs: %d runs of fwkv; exit codes %s" % (self.runs, codes))
        self.h.finish()


if __name__ == "__main__":
    Hostile().main()
