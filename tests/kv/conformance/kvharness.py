"""Shared machinery of the fwkv conformance tests.

Every test in this directory runs fwkv and a real tool (mkenvimage from u-boot-tools,
fw_printenv / fw_setenv from libubootenv-tool) on the same input and compares what they
produce or read. This module holds what the tests share: the command line (--fwkv,
--seed, --cases), a check that the real tools are installed (a missing tool is a failure,
never a skip), a process runner that works in bytes, layouts of environment blocks inside
files with the fw_env.config that describes them, seeded random keys and values, and
failure reports that print the seed, the case, the commands and a minimal diff.

Standard library only: the tests run on a bare Debian 12 with python3.
"""

import argparse
import atexit
import difflib
import os
import random
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

REAL_TOOL_PACKAGES = {
    "mkenvimage": "u-boot-tools",
    "fw_printenv": "libubootenv-tool",
    "fw_setenv": "libubootenv-tool",
}

# How many failures are described in full (then a one-line summary for four times as many,
# then only a count), so that one systematic bug does not bury the report under identical diffs.
DETAILED_FAILURES = 8


class Result:
    def __init__(self, argv, rc, out, err, cwd, stdin):
        self.argv, self.rc, self.out, self.err, self.cwd, self.stdin = argv, rc, out, err, cwd, stdin

    def command_line(self):
        text = " ".join(shlex.quote(a.decode("utf-8", "backslashreplace") if isinstance(a, bytes) else a)
                        for a in self.argv)
        if self.stdin is not None:
            text += " < STDIN"
        return text

    def describe(self):
        return "$ %s\n  exit %d\n  stdout: %s\n  stderr: %s" % (
            self.command_line(), self.rc, show_bytes(self.out, 300), show_bytes(self.err, 300))


def show_bytes(data, limit=200):
    """A readable, bounded rendering of bytes for failure messages."""
    if data is None:
        return "(none)"
    text = repr(bytes(data[:limit]))
    if len(data) > limit:
        text += " ... (%d bytes in all)" % len(data)
    return text


def printf_command(data):
    """A bash `printf` command that writes exactly these bytes (octal escapes for the rest)."""
    out = []
    for b in data:
        c = chr(b)
        if c == "%":
            out.append("%%")
        elif 32 <= b < 127 and c not in "\\'":
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return "printf '%s'" % "".join(out)


def bytes_diff(expected, actual, expected_name="expected", actual_name="actual"):
    """Where two byte strings first differ, with a hex window around that offset."""
    if expected == actual:
        return "identical"
    first = next((i for i in range(min(len(expected), len(actual))) if expected[i] != actual[i]),
                 min(len(expected), len(actual)))
    start = max(0, first - 16) & ~15
    lines = ["lengths: %s %d, %s %d; first difference at byte %d (0x%x)" %
             (expected_name, len(expected), actual_name, len(actual), first, first)]
    for name, data in ((expected_name, expected), (actual_name, actual)):
        for row in range(start, min(len(data), start + 48), 16):
            chunk = data[row:row + 16]
            hexpart = " ".join("%02x" % b for b in chunk)
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
            lines.append("  %-8s %08x: %-47s  %s" % (name, row, hexpart, text))
    differing = sum(1 for i in range(min(len(expected), len(actual))) if expected[i] != actual[i])
    lines.append("  %d differing bytes in the common length" % differing)
    return "\n".join(lines)


def lines_diff(expected, actual, expected_name="expected", actual_name="actual", limit=30):
    """A unified diff of two lists of byte lines, cut to `limit` lines."""
    exp = [repr(x)[2:-1] for x in expected]
    act = [repr(x)[2:-1] for x in actual]
    diff = list(difflib.unified_diff(exp, act, expected_name, actual_name, lineterm="", n=1))
    if len(diff) > limit:
        diff = diff[:limit] + ["... (%d more diff lines)" % (len(diff) - limit)]
    return "\n".join(diff)


def scratch_parent():
    """Where temporary images go: a RAM disk when one is roomy (the tools fsync every write,
    which on a real disk costs more than the rest of a case), else the usual temp dir."""
    chosen = os.environ.get("KV_CONFORMANCE_TMPDIR")
    if chosen:
        return chosen
    try:
        st = os.statvfs("/dev/shm")
        if st.f_bavail * st.f_frsize > 512 * 1024 * 1024 and os.access("/dev/shm", os.W_OK):
            return "/dev/shm"
    except OSError:
        pass
    return None


class Harness:
    """One conformance test program: arguments, seed, temp dir, runner and failure book."""

    def __init__(self, name, description, default_cases, needs=()):
        parser = argparse.ArgumentParser(prog=name, description=description)
        parser.add_argument("--fwkv", required=True, help="path of the fwkv binary under test")
        parser.add_argument("--seed", type=int, default=None,
                            help="seed of the random cases (default: a fresh random one)")
        parser.add_argument("--cases", type=int, default=default_cases,
                            help="number of random cases (default %d)" % default_cases)
        parser.add_argument("--fixtures", default=None, help="the fixtures directory (tests/fixtures)")
        parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
        parser.add_argument("--max-failures", type=int, default=200,
                            help="stop after this many failures")
        self.args = parser.parse_args()
        self.name = name
        self.seed = self.args.seed if self.args.seed is not None else int.from_bytes(os.urandom(4), "little")
        self.rng = random.Random(self.seed)
        self.fwkv = os.path.abspath(self.args.fwkv)
        self.cases = self.args.cases
        self.checks = 0
        self.failures = 0
        self.started = time.monotonic()
        self.current_case = "setup"
        print("%s: seed %d, --cases %d (rerun with --seed %d)" % (name, self.seed, self.cases, self.seed))
        sys.stdout.flush()
        self._require_tools(needs)
        self.tmp = tempfile.mkdtemp(prefix="fwkv-conformance-", dir=scratch_parent())
        # Removed however the program ends (an exception, Ctrl-C), unless --keep.
        atexit.register(lambda: self.args.keep or shutil.rmtree(self.tmp, ignore_errors=True))

    def _require_tools(self, needs):
        problems = []
        if not (os.path.isfile(self.fwkv) and os.access(self.fwkv, os.X_OK)):
            problems.append("the fwkv binary %s does not exist or is not executable" % self.fwkv)
        for tool in needs:
            if shutil.which(tool) is None:
                problems.append("%s is not installed: install the Debian package %s "
                                "(apt-get install %s)" % (tool, REAL_TOOL_PACKAGES[tool], REAL_TOOL_PACKAGES[tool]))
        if problems:
            for p in problems:
                print("%s: FAIL: %s" % (self.name, p))
            print("%s: FAIL: a conformance test cannot run without the real tools; it is not skipped" % self.name)
            sys.exit(1)

    # -- running processes ------------------------------------------------------------
    def run(self, argv, cwd=None, stdin=None, timeout=120):
        argv = [a if isinstance(a, bytes) else str(a) for a in argv]
        try:
            proc = subprocess.run(argv, cwd=cwd or self.tmp, input=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            return Result(argv, -1000, b"", b"timed out after %d s" % timeout, cwd, stdin)
        except OSError as e:
            return Result(argv, -1001, b"", ("could not start: %s" % e).encode(), cwd, stdin)
        return Result(argv, proc.returncode, proc.stdout, proc.stderr, cwd, stdin)

    def fwkv_run(self, args, cwd=None, stdin=None):
        return self.run([self.fwkv] + list(args), cwd=cwd, stdin=stdin)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def fresh_dir(self, label):
        d = tempfile.mkdtemp(prefix=label + "-", dir=self.tmp)
        return d

    def done_with(self, directory):
        """Remove a case's directory once the case is over (unless --keep)."""
        if not self.args.keep:
            shutil.rmtree(directory, ignore_errors=True)

    # -- checks and failures ----------------------------------------------------------
    def case(self, label):
        self.current_case = label

    def check(self, ok, what, details=""):
        """Count a check; on failure print the seed, the case, what failed and the details."""
        self.checks += 1
        if ok:
            return True
        self.failures += 1
        if self.failures <= DETAILED_FAILURES:
            print("\n%s: FAIL [seed %d, case %s]: %s" % (self.name, self.seed, self.current_case, what))
            if details:
                for line in details.rstrip("\n").split("\n"):
                    print("    " + line)
        elif self.failures <= 5 * DETAILED_FAILURES:
            print("%s: FAIL [case %s]: %s" % (self.name, self.current_case, what))
        elif self.failures == 5 * DETAILED_FAILURES + 1:
            print("\n%s: (further failures are counted, not shown)" % self.name)
        sys.stdout.flush()
        if self.failures >= self.args.max_failures:
            self.finish()
        return False

    def finish(self):
        elapsed = time.monotonic() - self.started
        if self.args.keep:
            print("%s: temporary files kept in %s" % (self.name, self.tmp))
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        status = "FAIL" if self.failures else "ok"
        print("\n%s: %s: %d checks, %d failed, seed %d, %.1f s" %
              (self.name, status, self.checks, self.failures, self.seed, elapsed))
        if self.failures:
            print("%s: reproduce with: python3 %s --fwkv %s --seed %d --cases %d" %
                  (self.name, os.path.abspath(sys.argv[0]), self.fwkv, self.seed, self.cases))
        sys.stdout.flush()
        sys.exit(1 if self.failures else 0)


# -- environment blocks ------------------------------------------------------------------

def crc32(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def encode_block(entries, size, redundant=False, flags=1, pad=0xFF, big_endian=False, raw_data=None):
    """A block in the U-Boot layout, for setting images up (never as the oracle of create).

    entries: list of (key, value) bytes; raw_data replaces the encoded entries verbatim."""
    header = 5 if redundant else 4
    if raw_data is None:
        raw_data = b"".join(k + b"=" + v + b"\0" for k, v in entries) + b"\0" if entries else b"\0"
    if len(raw_data) > size - header:
        raise ValueError("environment does not fit")
    data = raw_data + bytes([pad]) * (size - header - len(raw_data))
    crc = struct.pack(">I" if big_endian else "<I", crc32(data))
    return crc + (bytes([flags]) if redundant else b"") + data


def encoded_length(env):
    """Bytes the data area needs for this dict: entries, each NUL-terminated, then one NUL."""
    if not env:
        return 1
    return sum(len(k) + len(v) + 2 for k, v in env.items()) + 1


def block_valid(block, redundant):
    header = 5 if redundant else 4
    return struct.unpack("<I", block[:4])[0] == crc32(block[header:])


def current_copy(block1, block2):
    """U-Boot's rule for the current copy of a redundant pair (incremental flags): 0, 1 or None."""
    ok1, ok2 = block_valid(block1, True), block_valid(block2, True)
    if ok1 and not ok2:
        return 0
    if ok2 and not ok1:
        return 1
    if not ok1 and not ok2:
        return None
    f1, f2 = block1[4], block2[4]
    if f1 == 255 and f2 == 0:
        return 1
    if f2 == 255 and f1 == 0:
        return 0
    return 1 if f2 > f1 else 0


def parse_listing(out):
    """fw_printenv's `name=value` lines as a list of (name, value), split at the first '='."""
    pairs = []
    if not out:
        return pairs
    for line in out.split(b"\n")[:-1] if out.endswith(b"\n") else out.split(b"\n"):
        key, _, value = line.partition(b"=")
        pairs.append((key, value))
    return pairs


def listing_of(env):
    """What fw_printenv prints for a dict of clean entries: sorted `k=v` lines."""
    return b"".join(k + b"=" + env[k] + b"\n" for k in sorted(env))


# -- layouts: where a block lives and how each tool is told -----------------------------

def format_offset(rng, value):
    """fw_env.config OFFSET, read with %lli: decimal, 0x hex or leading-0 octal."""
    forms = ["%d" % value, "0x%x" % value, "0x%X" % value, "0%o" % value]
    return rng.choice(forms)


def format_size(rng, value):
    """fw_env.config ENV_SIZE: always hex, with or without 0x."""
    return rng.choice(["0x%x" % value, "%x" % value, "0x%X" % value])


class Layout:
    """One or two copies of a block placed in one or two files, with its fw_env.config.

    kind: 'whole-file' (single copy is the file), 'single-offset' (single copy inside a larger
    file), 'redundant-one-file' (both copies in one file), 'redundant-two-files'."""

    KINDS = ("whole-file", "single-offset", "redundant-one-file", "redundant-two-files")

    def __init__(self, directory, kind, size, rng, filler=b"\0"):
        self.dir, self.kind, self.size = directory, kind, size
        self.redundant = kind.startswith("redundant")
        self.config = os.path.join(directory, "fw_env.config")
        self.files = [os.path.join(directory, "env.img")]
        if kind == "whole-file":
            self.offsets = [0]
            self.file_sizes = [size]
        elif kind == "single-offset":
            self.offsets = [rng.choice([0x200, 0x1000, size, 3 * size])]
            self.file_sizes = [self.offsets[0] + size + rng.choice([0, 0x200, size])]
        elif kind == "redundant-one-file":
            first = rng.choice([0, 0x1000, size])
            second = first + size + rng.choice([0, 0x1000, 2 * size])
            self.offsets = [first, second]
            self.file_sizes = [second + size + rng.choice([0, 0x200])]
        else:
            self.files.append(os.path.join(directory, "env2.img"))
            self.offsets = [0, rng.choice([0, 0x400])]
            self.file_sizes = [size, self.offsets[1] + size]
        self.filler = filler
        lines = []
        if rng.random() < 0.3:
            lines.append("# Device name\tDevice offset\tEnv. size\n")
        for i, off in enumerate(self.offsets):
            dev = self.files[i] if len(self.files) > 1 else self.files[0]
            sep = rng.choice(["\t", " ", "  \t"])
            line = sep.join([dev, format_offset(rng, off), format_size(rng, size)])
            if rng.random() < 0.2:
                line += sep + format_size(rng, 0x200) + sep + "1"
            lines.append(line + "\n")
        with open(self.config, "w") as f:
            f.write("".join(lines))
        # The same block as a fwup.conf uboot-environment section (512-byte blocks), when the
        # copies share one file.
        self.fwup_conf = None
        if len(self.files) == 1 and all(o % 512 == 0 for o in self.offsets) and size % 512 == 0:
            self.fwup_conf = os.path.join(directory, "fwup.conf")
            body = ["    block-offset = %d\n" % (self.offsets[0] // 512), "    block-count = %d\n" % (size // 512)]
            if self.redundant:
                body.append("    block-offset-redund = %d\n" % (self.offsets[1] // 512))
            with open(self.fwup_conf, "w") as f:
                f.write("# the environment\nuboot-environment uboot-env {\n%s}\n\ntask complete {\n}\n"
                        % "".join(body))

    def copies(self):
        """(file, offset) of each copy, first copy first."""
        if len(self.files) == 2:
            return [(self.files[0], self.offsets[0]), (self.files[1], self.offsets[1])]
        return [(self.files[0], off) for off in self.offsets]

    def write_blocks(self, blocks):
        """Write the files from scratch with one block per copy, filler around them."""
        for i, path in enumerate(self.files):
            with open(path, "wb") as f:
                f.write(self.filler * self.file_sizes[i])
        for (path, off), block in zip(self.copies(), blocks):
            with open(path, "r+b") as f:
                f.seek(off)
                f.write(block)

    def read_blocks(self):
        blocks = []
        for path, off in self.copies():
            with open(path, "rb") as f:
                f.seek(off)
                blocks.append(f.read(self.size))
        return blocks

    def snapshot(self):
        return [open(p, "rb").read() for p in self.files]

    def fwkv_location(self, rng):
        """Arguments that tell fwkv where the block is: the config, a fwup.conf, or the options."""
        roll = rng.random()
        if self.kind == "redundant-two-files" or roll < 0.4:
            return ["-c", self.config]
        image = self.files[0]
        if self.fwup_conf and roll < 0.55:
            return [image, "--fwup-conf", self.fwup_conf, "--env", "uboot-env"]
        if self.kind == "whole-file":
            return [image] if rng.random() < 0.5 else [image, "--size", hex_or_dec(rng, self.size)]
        if self.kind == "single-offset":
            return [image, "--offset", hex_or_dec(rng, self.offsets[0]), "--size", hex_or_dec(rng, self.size)]
        return [image, "--offset", hex_or_dec(rng, self.offsets[0]), "--size", hex_or_dec(rng, self.size),
                "--redundant-offset", hex_or_dec(rng, self.offsets[1])]

    def describe(self):
        return "%s, size 0x%x, copies %s" % (
            self.kind, self.size, ", ".join("%s@0x%x" % (os.path.basename(p), o) for p, o in self.copies()))


def hex_or_dec(rng, value):
    return "0x%x" % value if rng.random() < 0.5 else "%d" % value


# -- random keys and values ----------------------------------------------------------

UTF8_SAMPLES = ["ü", "é", "€", "日本", "ß", "ø", "𝄞", "Ω", "ç"]
NERVES_KEYS = [b"nerves_fw_active", b"nerves_fw_validated", b"nerves_fw_autovalidate", b"nerves_fw_devpath",
               b"nerves_serial_number", b"upgrade_available", b"bootcount", b"bootlimit",
               b"a.nerves_fw_version", b"b.nerves_fw_version", b"a.nerves_fw_uuid", b"b.nerves_fw_platform",
               b"a.nerves_fw_application_part0_devpath", b"b.nerves_fw_application_part0_target"]


def random_key(rng, allow_space=False, allow_utf8=True):
    """A key every tool accepts: non-empty, no '=', NUL or newline, no leading '#' or '-'."""
    roll = rng.random()
    if roll < 0.25:
        key = rng.choice(NERVES_KEYS)
    else:
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"
        key = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        if key[0] in "-":
            key = "k" + key  # a leading '-' reads as an option to both tools
        if allow_utf8 and rng.random() < 0.1:
            key += rng.choice(UTF8_SAMPLES)
        if allow_space and rng.random() < 0.1:
            key = key[:len(key) // 2] + " " + key[len(key) // 2:] + "x"
        key = key.encode("utf-8")
    return key


def random_value(rng, max_len=64, allow_newline=False, allow_empty=True):
    """A value with spaces, '=', '#', backslashes, UTF-8; newlines only when asked."""
    roll = rng.random()
    if roll < 0.05 and allow_empty:
        return b""
    if roll < 0.15:
        return rng.choice([b"0", b"1", b"a", b"b", b"true", b"/dev/mmcblk0p2", b"0.1.0",
                           b"d4c2-11ef-8f4e", b"a=b", b"x y z"])
    pieces = []
    n = rng.randint(1, max_len)
    while sum(len(p) for p in pieces) < n:
        r = rng.random()
        if r < 0.6:
            pieces.append(bytes([rng.randint(0x21, 0x7E)]))
        elif r < 0.75:
            pieces.append(b" ")
        elif r < 0.8:
            pieces.append(b"=")
        elif r < 0.9:
            pieces.append(rng.choice(UTF8_SAMPLES).encode("utf-8"))
        elif r < 0.95:
            pieces.append(b"\t")
        elif allow_newline:
            pieces.append(b"\n")
        else:
            pieces.append(b"\\")
    value = b"".join(pieces)
    if not allow_empty and not value:
        value = b"v"
    return value


def random_env(rng, count, max_value=64, allow_space=False, allow_utf8=True):
    """A dict of clean entries: every value survives mkenvimage's text form unchanged."""
    env = {}
    for _ in range(count):
        value = random_value(rng, max_value)
        if value.endswith(b"\\"):
            value += b"x"
        env[random_key(rng, allow_space=allow_space, allow_utf8=allow_utf8)] = value
    return env


def env_text(env):
    """mkenvimage input for a dict of clean entries (no newline, no trailing backslash)."""
    return b"".join(k + b"=" + v + b"\n" for k, v in env.items())


def mkenvimage_safe(value):
    """True when a value survives mkenvimage's text form unchanged (no newline, no trailing '\\')."""
    return b"\n" not in value and b"\0" not in value and not value.endswith(b"\\")
