#!/usr/bin/env python3
"""What fwkv writes, `fw_printenv -c CONFIG` must read identically.

Each random case places an environment (single copy as a whole file, single copy inside a
larger file, two copies in one file, two copies in two files) created by `fwkv create` or by
`mkenvimage`, writes the fw_env.config that describes it (offsets in decimal, hex or octal,
sizes in hex with or without 0x), then applies a random sequence of

    fwkv put LOCATION KEY=VALUE...            fwkv unset LOCATION KEY...
    fwkv put LOCATION --script FILE|-         (key=value and `key value` lines, comments,
                                               bare keys and `key=` that delete, long lines)

where LOCATION is either `-c CONFIG` or IMAGE with --offset/--size/--redundant-offset. After
every command the harness's own record of what was set is compared with:
  - `fw_printenv -c CONFIG` (its sorted output, byte for byte) and `fw_printenv -n NAME`;
  - `fwkv list` (same lines in any order), `fwkv list --sort` (byte-identical to
    fw_printenv), `fwkv list -0`, and `fwkv get -n` (missing keys: exit 1);
and the write itself is checked for the safety rules of the spec: a redundant write leaves the
current copy untouched and gives the other copy flags = current + 1; bytes outside the block
never change; the padding byte is kept; a write that does not fit fails and changes nothing.

A last case makes 300 consecutive `fwkv put`s on a redundant environment (the flags byte wraps
255 -> 0), with a `fw_setenv` write every 37th step, checking after each write that
fw_printenv and fwkv read the latest value.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

SIZES = [0x400, 0x1000, 0x2000, 0x2000, 0x4000, 0x20000]


class WritesTest:
    def __init__(self):
        self.h = kh.Harness("fwkv_writes_printenv_reads", __doc__, default_cases=60,
                            needs=("mkenvimage", "fw_printenv", "fw_setenv"))
        self.rng = self.h.rng

    # -- setting an environment up ------------------------------------------------------
    def make_layout(self, label, kind=None, size=None):
        rng = self.rng
        kind = kind or rng.choice(kh.Layout.KINDS)
        size = size or rng.choice(SIZES)
        filler = rng.choice([b"\0", b"\xff", b"\xa5"])
        return kh.Layout(self.h.fresh_dir(label), kind, size, rng, filler)

    def create_block(self, layout, env, pad):
        """The first copy, from the real mkenvimage or from fwkv create (both must agree anyway)."""
        src = os.path.join(layout.dir, "initial.txt")
        with open(src, "wb") as f:
            f.write(kh.env_text(env))
        out = os.path.join(layout.dir, "initial.img")
        if self.rng.random() < 0.5:
            argv = ["mkenvimage", "-s", str(layout.size), "-p", str(pad), "-o", out, src]
            if layout.redundant:
                argv.insert(1, "-r")
        else:
            argv = [self.h.fwkv, "create", out, "--size", str(layout.size), "--pad", str(pad), "--from", src]
            if layout.redundant:
                argv.append("--redundant")
        res = self.h.run(argv)
        if not self.h.check(res.rc == 0 and os.path.exists(out), "creating the initial environment failed",
                            res.describe()):
            return None
        return open(out, "rb").read()

    def place(self, layout, block):
        """Write the copies: the created block first, then a second copy that is not current."""
        if not layout.redundant:
            layout.write_blocks([block])
            return
        roll = self.rng.random()
        if roll < 0.4:
            second = block  # same flags (1 and 1): copy 1 is current
        elif roll < 0.7:
            second = bytes(layout.size)  # CRC does not match: only copy 1 is valid
        else:
            second = kh.encode_block([(b"old", b"copy")], layout.size, True, flags=0)
        blocks = [block, second]
        if self.rng.random() < 0.3 and second is not block:
            # Swap so that the current copy is the second one.
            blocks = [second, block]
        layout.write_blocks(blocks)

    # -- verifying a state --------------------------------------------------------------
    def verify(self, layout, env, what):
        h, rng = self.h, self.rng
        expected = kh.listing_of(env)
        pr = h.run(["fw_printenv", "-c", layout.config], cwd=layout.dir)
        h.check(pr.rc == 0 and pr.out == expected,
                "after %s, fw_printenv does not read what was written" % what,
                kh.lines_diff(expected.split(b"\n"), pr.out.split(b"\n"), "written", "fw_printenv")
                + "\n" + pr.describe() + "\nlayout: " + layout.describe())
        loc = layout.fwkv_location(rng)
        fl = h.fwkv_run(["list"] + loc)
        h.check(fl.rc == 0 and sorted(fl.out.split(b"\n")) == sorted(expected.split(b"\n")),
                "after %s, fwkv list does not list what was written" % what,
                kh.lines_diff(sorted(expected.split(b"\n")), sorted(fl.out.split(b"\n")), "written", "fwkv list")
                + "\n" + fl.describe())
        fs = h.fwkv_run(["list", "--sort"] + layout.fwkv_location(rng))
        h.check(fs.rc == 0 and fs.out == pr.out,
                "after %s, `fwkv list --sort` differs from fw_printenv" % what,
                kh.lines_diff(pr.out.split(b"\n"), fs.out.split(b"\n"), "fw_printenv", "fwkv list --sort")
                + "\n" + fs.describe())
        if rng.random() < 0.5:
            f0 = h.fwkv_run(["list", "-0"] + layout.fwkv_location(rng))
            records = f0.out.split(b"\0")
            ok = f0.rc == 0 and records[-1] == b""
            pairs = [r.partition(b"=") for r in records[:-1]]
            got = {k: v for k, _, v in pairs}
            h.check(ok and got == env and len(pairs) == len(env),
                    "after %s, `fwkv list -0` differs from what was written" % what,
                    kh.lines_diff(sorted(expected.split(b"\n")),
                                  sorted(kh.listing_of(got).split(b"\n")), "written", "fwkv list -0")
                    + "\n" + f0.describe())
        keys = list(env)
        probes = rng.sample(keys, min(2, len(keys))) + [kh.random_key(rng)]
        for key in probes:
            pn = h.run(["fw_printenv", "-c", layout.config, "-n", key], cwd=layout.dir)
            fg = h.fwkv_run(["get"] + layout.fwkv_location(rng) + [key, "-n"])
            if key in env:
                h.check(pn.out == env[key] + b"\n" and fg.rc == 0 and fg.out == pn.out,
                        "after %s, `fwkv get -n %r` differs from `fw_printenv -n`" % (what, key),
                        "expected %s\n%s\n%s" % (kh.show_bytes(env[key]), pn.describe(), fg.describe()))
            else:
                h.check(fg.rc == 1 and fg.out == b"",
                        "after %s, `fwkv get` of the missing key %r does not exit 1" % (what, key),
                        fg.describe())

    def check_write_safety(self, layout, before_files, before_blocks, env_pad, what):
        """The spec's write rules, read from the bytes."""
        h = self.h
        after_blocks = layout.read_blocks()
        after_files = layout.snapshot()
        # Nothing outside the block(s) changes.
        for i, path in enumerate(layout.files):
            old, new = before_files[i], after_files[i]
            mask_ok = len(old) == len(new)
            if mask_ok:
                ranges = [(off, off + layout.size) for p, off in layout.copies() if p == path]
                pos = 0
                for start, end in sorted(ranges):
                    if old[pos:start] != new[pos:start]:
                        mask_ok = False
                    pos = end
                if old[pos:] != new[pos:]:
                    mask_ok = False
            h.check(mask_ok, "after %s, bytes outside the environment block changed in %s" % (
                what, os.path.basename(path)), kh.bytes_diff(old, new, "before", "after"))
        if layout.redundant:
            cur = kh.current_copy(*before_blocks)
            if cur is not None:
                other = 1 - cur
                h.check(after_blocks[cur] == before_blocks[cur],
                        "after %s, the copy that was current (copy %d) was overwritten: a power loss "
                        "during the write could lose the environment" % (what, cur + 1),
                        kh.bytes_diff(before_blocks[cur], after_blocks[cur], "before", "after"))
                h.check(after_blocks[other][4] == (before_blocks[cur][4] + 1) & 0xFF,
                        "after %s, the new copy's flags are %d, expected current flags %d + 1" % (
                            what, after_blocks[other][4], before_blocks[cur][4]))
        # The padding after the terminator keeps the pad byte the image was created with.
        if env_pad is None:
            return
        header = 5 if layout.redundant else 4
        cur = kh.current_copy(*after_blocks) if layout.redundant else 0
        if cur is not None:
            data = after_blocks[cur][header:]
            end = data.find(b"\0\0")
            if data[:1] == b"\0":
                end = -1
            tail = data[end + 2:]
            h.check(tail == bytes([env_pad]) * len(tail),
                    "after %s, the padding after the terminator is not the image's pad byte 0x%02x" % (what, env_pad),
                    "padding starts %s" % kh.show_bytes(tail[:64]))

    # -- the operations -----------------------------------------------------------------
    def random_put_args(self, env):
        rng = self.rng
        pairs = []
        for _ in range(rng.randint(1, 4)):
            if env and rng.random() < 0.5:
                key = rng.choice(list(env))
            else:
                key = kh.random_key(rng, allow_space=True)
            value = kh.random_value(rng, rng.choice([10, 60, 300]), allow_newline=rng.random() < 0.2)
            if b"\0" in value:
                value = value.replace(b"\0", b"")
            pairs.append((key, value))
        return pairs

    def random_script(self, env, size):
        """A script in both syntaxes, and the dict it should produce.

        Keys with a space are never used in a script: `a b=c` could be read either way."""
        rng = self.rng
        lines = []
        new = dict(env)

        def plain_keys():
            return [k for k in new if b" " not in k and b"\t" not in k]

        for _ in range(rng.randint(1, 25)):
            roll = rng.random()
            if roll < 0.45:
                key = rng.choice(plain_keys()) if plain_keys() and rng.random() < 0.4 else kh.random_key(rng)
                value = kh.random_value(rng, rng.choice([10, 60, 300]))
                lines.append(key + b"=" + value)
                if value:
                    new[key] = value
                else:
                    new.pop(key, None)  # `key=` deletes, as in fw_setenv -s
            elif roll < 0.7:
                key = rng.choice(plain_keys()) if plain_keys() and rng.random() < 0.4 else kh.random_key(rng)
                value = kh.random_value(rng, 40, allow_empty=False).replace(b"=", b":").strip(b" \t")
                if not value:
                    value = b"v"
                lines.append(key + b" " + value)
                new[key] = value
            elif roll < 0.8 and plain_keys():
                key = rng.choice(plain_keys())
                lines.append(key)
                del new[key]
            elif roll < 0.88:
                lines.append(b"# " + kh.random_value(rng, 30))
            elif roll < 0.95:
                lines.append(b"")
            elif size >= 0x4000:
                key = kh.random_key(rng)
                value = bytes(rng.randint(0x21, 0x7E) for _ in range(rng.randint(3000, min(20000, size // 4))))
                lines.append(key + b"=" + value)
                new[key] = value
        if not any(line and not line.startswith(b"#") for line in lines):
            key = kh.random_key(rng)
            lines.append(key + b"=1")  # scripts with nothing to set have their own edge case
            new[key] = b"1"
        text = b"\n".join(lines) + (b"\n" if rng.random() < 0.8 else b"")
        return text, new

    def apply(self, layout, env, pad, label):
        """One random write; returns the new dict."""
        h, rng = self.h, self.rng
        header = 5 if layout.redundant else 4
        capacity = layout.size - header
        roll = rng.random()
        stdin = None
        if roll < 0.4:
            pairs = self.random_put_args(env)
            new = dict(env)
            for k, v in pairs:
                new[k] = v
            args = ["put"] + layout.fwkv_location(rng) + [k + b"=" + v for k, v in pairs]
            what = "fwkv put of %d pairs" % len(pairs)
        elif roll < 0.6 and env:
            keys = rng.sample(list(env), min(len(env), rng.randint(1, 3)))
            new = {k: v for k, v in env.items() if k not in keys}
            args = ["unset"] + layout.fwkv_location(rng) + keys
            what = "fwkv unset of %d keys" % len(keys)
        elif roll < 0.92:
            text, new = self.random_script(env, layout.size)
            path = os.path.join(layout.dir, "script.txt")
            with open(path, "wb") as f:
                f.write(text)
            if rng.random() < 0.3:
                args = ["put"] + layout.fwkv_location(rng) + ["--script", "-"]
                stdin = text
            else:
                args = ["put"] + layout.fwkv_location(rng) + ["--script", path]
            what = "fwkv put --script (%d lines)" % text.count(b"\n")
        else:
            # Too big to fit: must fail and change nothing.
            new = dict(env)
            new[b"too_big"] = b"x" * (capacity - kh.encoded_length(env) + rng.randint(0, 3))
            if len(new[b"too_big"]) < 100000:
                args = ["put"] + layout.fwkv_location(rng) + [b"too_big=" + new[b"too_big"]]
            else:  # longer than one command-line argument may be: a one-line script instead
                path = os.path.join(layout.dir, "script.txt")
                with open(path, "wb") as f:
                    f.write(b"too_big=" + new[b"too_big"] + b"\n")
                args = ["put"] + layout.fwkv_location(rng) + ["--script", path]
            what = "fwkv put that does not fit"
        fits = kh.encoded_length(new) <= capacity
        before_files = layout.snapshot()
        before_blocks = layout.read_blocks()
        res = h.fwkv_run([a.decode("utf-8", "surrogateescape") if isinstance(a, bytes) else a for a in args],
                         cwd=layout.dir, stdin=stdin)
        script_note = ""
        if stdin is not None or "--script" in args:
            script_note = "\nscript: " + kh.show_bytes(open(os.path.join(layout.dir, "script.txt"), "rb").read(), 600)
        if fits:
            if not h.check(res.rc == 0, "%s failed (%s)" % (what, label), res.describe() + script_note):
                return env
            self.check_write_safety(layout, before_files, before_blocks, pad, what)
            self.verify(layout, new, what)
            return new
        h.check(res.rc != 0, "%s: needs %d bytes of %d, yet fwkv exited 0" % (
            what, kh.encoded_length(new), capacity), res.describe())
        h.check(layout.snapshot() == before_files, "%s failed but changed the image" % what,
                res.describe())
        self.verify(layout, env, what + " (refused)")
        return env

    def random_case(self, i):
        rng = self.rng
        layout = self.make_layout("case%d" % i)
        self.h.case("%d (%s)" % (i, layout.describe()))
        header = 5 if layout.redundant else 4
        env = kh.random_env(rng, rng.choice([0, 1, 3, 10, 30]), allow_space=True)
        while kh.encoded_length(env) > (layout.size - header) // 2:
            env.pop(next(iter(env)))
        pad = rng.choice([0xFF, 0xFF, 0x00, rng.randrange(256)])
        block = self.create_block(layout, env, pad)
        if block is None:
            return
        self.place(layout, block)
        self.verify(layout, env, "creating it")
        for step in range(rng.randint(3, 10)):
            self.h.case("%d step %d (%s)" % (i, step, layout.describe()))
            env = self.apply(layout, env, pad, "case %d step %d" % (i, step))
            if pad is not None and not self.padding_of_current(layout):
                pad = None  # the block is full: no padding byte is left to tell the next write
        self.h.done_with(layout.dir)

    @staticmethod
    def padding_of_current(layout):
        """The bytes after the terminator of the current copy (b'' when none can be found)."""
        blocks = layout.read_blocks()
        cur = kh.current_copy(*blocks) if layout.redundant else 0
        if cur is None:
            return b""
        data = blocks[cur][5 if layout.redundant else 4:]
        if data[:1] == b"\0":
            return data[1:]
        end = data.find(b"\0\0")
        return data[end + 2:] if end >= 0 else b""

    def edge_cases(self):
        """Hand-written writes: empty values, newlines, both script syntaxes, exact fit."""
        h = self.h
        for kind in kh.Layout.KINDS:
            layout = self.make_layout("edge-" + kind, kind, 0x400)
            h.case("edge cases, " + layout.describe())
            env = {b"a": b"1", b"nerves_fw_active": b"a"}
            block = self.create_block(layout, env, 0xFF)
            if block is None:
                continue
            self.place(layout, block)
            steps = [
                (["put", b"empty="], {b"empty": b""}, None),
                (["put", b"multi=line one\nline two\n"], {b"multi": b"line one\nline two\n"}, None),
                (["put", b"eq=a=b=c", b"sp=  leading and trailing  "], {b"eq": b"a=b=c", b"sp": b"  leading and trailing  "}, None),
                (["put", "utf8=grüße €".encode("utf-8")], {b"utf8": "grüße €".encode("utf-8")}, None),
                (["unset", b"multi"], {b"multi": None}, None),
                (["put", "--script", "-"], {b"s1": b"one", b"s2": b"two words", b"a": None, b"s3": b"x=y"},
                 b"# comment\n\ns1=one\ns2 two words\na\ns3=x=y\n"),
                (["put", "--script", "-"], {b"no_newline": b"at the end"}, b"no_newline=at the end"),
                (["put", "--script", "-"], {}, b"# nothing to set: not an error for fw_setenv -s\n\n"),
            ]
            for args, change, stdin in steps:
                new = dict(env)
                for k, v in change.items():
                    if v is None:
                        new.pop(k, None)
                    else:
                        new[k] = v
                argv = [args[0]] + layout.fwkv_location(self.rng) + args[1:]
                before_blocks = layout.read_blocks()
                before_files = layout.snapshot()
                res = h.fwkv_run([a.decode("utf-8", "surrogateescape") if isinstance(a, bytes) else a for a in argv],
                                 cwd=layout.dir, stdin=stdin)
                what = "edge `fwkv %s`" % " ".join(repr(a) for a in args)
                if h.check(res.rc == 0, what + " failed",
                           res.describe() + ("\nscript: %s" % kh.show_bytes(stdin) if stdin else "")):
                    env = new
                    self.check_write_safety(layout, before_files, before_blocks, 0xFF, what)
                self.verify(layout, env, what)
            # Fill the block exactly, then one byte too many.
            capacity = layout.size - (5 if layout.redundant else 4)
            for extra, should_fit in ((0, True), (1, False)):
                new = dict(env)
                new[b"fill"] = b""
                new[b"fill"] = b"f" * (capacity - kh.encoded_length(new) + extra)
                before = layout.snapshot()
                res = h.fwkv_run(["put"] + layout.fwkv_location(self.rng) + [b"fill=" + new[b"fill"]],
                                 cwd=layout.dir)
                if should_fit:
                    if h.check(res.rc == 0, "a put that fills the block exactly (%d of %d bytes) failed" % (
                            kh.encoded_length(new), capacity), res.describe()):
                        env = new
                else:
                    h.check(res.rc != 0 and layout.snapshot() == before,
                            "a put one byte too big exited %d or changed the image" % res.rc, res.describe())
                self.verify(layout, env, "filling the block (+%d)" % extra)

    def wrap_flags(self):
        """300 consecutive writes on a redundant env: the flags byte wraps 255 -> 0."""
        h = self.h
        layout = self.make_layout("wrap", "redundant-one-file", 0x2000)
        h.case("300 writes, " + layout.describe())
        env = {b"nerves_fw_active": b"a", b"counter": b"0"}
        block = self.create_block(layout, env, 0xFF)
        if block is None:
            return
        layout.write_blocks([block, bytes(layout.size)])
        seen_flags = []
        wrapped = False
        for i in range(1, 301):
            h.case("300 writes, write %d (%s)" % (i, layout.describe()))
            before_blocks = layout.read_blocks()
            before_files = layout.snapshot()
            value = b"%d" % i
            if i % 37 == 0:
                res = h.run(["fw_setenv", "-c", layout.config, "counter", value], cwd=layout.dir)
                what = "fw_setenv write %d" % i
            else:
                res = h.fwkv_run(["put"] + layout.fwkv_location(self.rng) + ["counter=" + value.decode(),
                                                                           "step=%d" % (i % 7)],
                                 cwd=layout.dir)
                env[b"step"] = b"%d" % (i % 7)
                what = "fwkv put %d" % i
            env[b"counter"] = value
            if not h.check(res.rc == 0, what + " failed", res.describe()):
                return
            if i % 37 != 0:
                # After fw_setenv has written, the padding is whatever libubootenv left there.
                self.check_write_safety(layout, before_files, before_blocks, 0xFF if i < 37 else None, what)
            blocks = layout.read_blocks()
            cur = kh.current_copy(*blocks)
            flags = blocks[cur][4] if cur is not None else None
            if seen_flags and seen_flags[-1] == 255 and flags == 0:
                wrapped = True
            seen_flags.append(flags)
            pn = h.run(["fw_printenv", "-c", layout.config, "-n", "counter"], cwd=layout.dir)
            fg = h.fwkv_run(["get"] + layout.fwkv_location(self.rng) + ["counter", "-n"])
            h.check(pn.out == value + b"\n" and fg.out == value + b"\n",
                    "after %s (current flags %s), the latest value is not read back" % (what, flags),
                    "expected %r\n%s\n%s" % (value, pn.describe(), fg.describe()))
            if i % 25 == 0 or 250 <= i <= 260:
                self.verify(layout, env, what)
        h.check(wrapped, "300 writes never took the current flags from 255 to 0 (flags seen: %s)" %
                seen_flags[-20:])

    def main(self):
        self.edge_cases()
        for i in range(self.h.cases):
            self.random_case(i)
        self.wrap_flags()
        self.h.finish()


if __name__ == "__main__":
    WritesTest().main()
