#!/usr/bin/env python3
"""What `fw_setenv -c CONFIG` writes, fwkv must read as fw_printenv does.

Each random case makes an environment with mkenvimage (single copy as a whole file or inside a
larger file, two copies in one file or in two files, random pad byte), describes it in an
fw_env.config, and applies a random sequence of libubootenv writes:

    fw_setenv -c CONFIG NAME VALUE [NAME VALUE...]    (an odd last NAME deletes it)
    fw_setenv -c CONFIG NAME                          (deletes)
    fw_setenv -c CONFIG -s SCRIPT                     (key=value lines, "#" comments;
                                                       lines under 1024 bytes: libubootenv 0.3.2
                                                       silently cuts longer script lines)

libubootenv leaves stale bytes after the terminator and writes whatever its buffer holds as
padding, so these images are not the tidy ones fwkv writes. After every write:
  - `fwkv list` prints the same lines as `fw_printenv` (in any order), `fwkv list --sort`
    prints the same bytes, and `fwkv list -0` holds the same entries;
  - `fwkv get -n NAME` prints what `fw_printenv -n NAME` prints, and `fwkv get NAME` what
    `fw_printenv NAME` prints, for present names;
  - `fwkv check` exits 0 (the environment is valid for the real tool).

Script cases then run the same `key=value` script through `fw_setenv -s` and
`fwkv put --script` on two copies of one image, and fw_printenv must read the same result from
both (random scripts, and by hand: a script with only comments, an empty one, `key=` which
libubootenv reads as a deletion, CRLF line ends). Only `key=value` lines are given to fw_setenv: libubootenv 0.3.2 corrupts the image on
U-Boot's `key value` lines (see the spec).
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

SIZES = [0x400, 0x1000, 0x2000, 0x4000, 0x20000]


class SetenvTest:
    def __init__(self):
        self.h = kh.Harness("setenv_writes_fwkv_reads", __doc__, default_cases=60,
                            needs=("mkenvimage", "fw_printenv", "fw_setenv"))
        self.rng = self.h.rng

    def make_env(self, label, kind=None, size=None):
        """A layout holding a fresh mkenvimage block; returns (layout, dict) or (None, None)."""
        rng, h = self.rng, self.h
        kind = kind or rng.choice(kh.Layout.KINDS)
        size = size or rng.choice(SIZES)
        layout = kh.Layout(h.fresh_dir(label), kind, size, rng, rng.choice([b"\0", b"\xff"]))
        env = kh.random_env(rng, rng.choice([0, 1, 5, 20]), allow_space=True)
        while kh.encoded_length(env) > (size - 5) // 2:
            env.pop(next(iter(env)))
        src = os.path.join(layout.dir, "initial.txt")
        with open(src, "wb") as f:
            f.write(kh.env_text(env))
        out = os.path.join(layout.dir, "initial.img")
        argv = ["mkenvimage", "-s", str(size), "-p", str(rng.choice([0, 0xFF, rng.randrange(256)])), "-o", out, src]
        if layout.redundant:
            argv.insert(1, "-r")
        res = h.run(argv)
        if not h.check(res.rc == 0, "mkenvimage could not make the initial image", res.describe()):
            return None, None
        block = open(out, "rb").read()
        if layout.redundant:
            layout.write_blocks([block, block] if rng.random() < 0.5 else [block, bytes(size)])
        else:
            layout.write_blocks([block])
        return layout, env

    def compare_reads(self, layout, env, what):
        """fwkv reads what fw_printenv reads. `env` only guides which names to probe."""
        h, rng = self.h, self.rng
        pr = h.run(["fw_printenv", "-c", layout.config], cwd=layout.dir)
        if not h.check(pr.rc == 0, "after %s, fw_printenv cannot read the environment" % what, pr.describe()):
            return
        fl = h.fwkv_run(["list"] + layout.fwkv_location(rng), cwd=layout.dir)
        h.check(fl.rc == 0 and sorted(fl.out.split(b"\n")) == sorted(pr.out.split(b"\n")),
                "after %s, fwkv list and fw_printenv read different entries" % what,
                kh.lines_diff(sorted(pr.out.split(b"\n")), sorted(fl.out.split(b"\n")), "fw_printenv", "fwkv list")
                + "\n" + fl.describe() + "\nlayout: " + layout.describe())
        fs = h.fwkv_run(["list", "--sort"] + layout.fwkv_location(rng), cwd=layout.dir)
        h.check(fs.rc == 0 and fs.out == pr.out,
                "after %s, `fwkv list --sort` differs from fw_printenv" % what,
                kh.lines_diff(pr.out.split(b"\n"), fs.out.split(b"\n"), "fw_printenv", "fwkv list --sort")
                + "\n" + fs.describe())
        f0 = h.fwkv_run(["list", "-0"] + layout.fwkv_location(rng), cwd=layout.dir)
        records = f0.out.split(b"\0")
        rendered = b"".join(r + b"\n" for r in sorted(records[:-1], key=lambda r: r.partition(b"=")[0]))
        h.check(f0.rc == 0 and records[-1] == b"" and rendered == pr.out,
                "after %s, `fwkv list -0` differs from fw_printenv" % what,
                kh.lines_diff(pr.out.split(b"\n"), rendered.split(b"\n"), "fw_printenv", "fwkv list -0")
                + "\n" + f0.describe())
        for key in rng.sample(list(env), min(3, len(env))):
            pn = h.run(["fw_printenv", "-c", layout.config, "-n", key], cwd=layout.dir)
            fg = h.fwkv_run(["get"] + layout.fwkv_location(rng) + [key, "-n"], cwd=layout.dir)
            h.check(fg.rc == 0 and fg.out == pn.out,
                    "after %s, `fwkv get -n %r` differs from `fw_printenv -n`" % (what, key),
                    pn.describe() + "\n" + fg.describe())
            # Without -n both print NAME=VALUE.
            pk = h.run(["fw_printenv", "-c", layout.config, key], cwd=layout.dir)
            fk = h.fwkv_run(["get"] + layout.fwkv_location(rng) + [key], cwd=layout.dir)
            h.check(fk.rc == 0 and fk.out == pk.out,
                    "after %s, `fwkv get %r` differs from `fw_printenv %r`" % (what, key, key),
                    pk.describe() + "\n" + fk.describe())
        fc = h.fwkv_run(["check"] + layout.fwkv_location(rng), cwd=layout.dir)
        h.check(fc.rc == 0, "after %s, fwkv check rejects an environment fw_printenv reads" % what,
                fc.describe())

    def random_setenv(self, layout, env):
        """One fw_setenv command; returns (argv, the dict it should give, description)."""
        rng = self.rng
        new = dict(env)
        roll = rng.random()
        capacity = layout.size - (5 if layout.redundant else 4)
        if roll < 0.45:
            argv = ["fw_setenv", "-c", layout.config]
            for _ in range(rng.randint(1, 3)):
                key = rng.choice(list(new)) if new and rng.random() < 0.4 else kh.random_key(rng, allow_space=True)
                value = kh.random_value(rng, rng.choice([10, 80, 400]), allow_empty=False,
                                        allow_newline=rng.random() < 0.15)
                if value.startswith(b"-"):
                    value = b"v" + value  # fw_setenv would read it as an option
                argv += [key, value]
                new[key] = value
            if new and rng.random() < 0.2:
                key = rng.choice(list(new))
                argv.append(key)
                del new[key]
            what = "fw_setenv of %d names" % ((len(argv) - 2) // 2)
        elif roll < 0.6 and new:
            key = rng.choice(list(new))
            argv = ["fw_setenv", "-c", layout.config, key]
            del new[key]
            what = "fw_setenv deleting %r" % key
        else:
            text, new = self.random_script(new)
            path = os.path.join(layout.dir, "script.txt")
            with open(path, "wb") as f:
                f.write(text)
            argv = ["fw_setenv", "-c", layout.config, "-s", path]
            what = "fw_setenv -s (%d lines)" % text.count(b"\n")
        if kh.encoded_length(new) > capacity:
            return None, env, "skipped"
        return argv, new, what

    def random_script(self, env):
        """A libubootenv script: `key=value` lines (< 2048 bytes), comments, blank lines, `key=`."""
        rng = self.rng
        new = dict(env)
        lines = []
        plain = [k for k in new if b" " not in k and b"\t" not in k]
        for _ in range(rng.randint(1, 20)):
            roll = rng.random()
            if roll < 0.65:
                key = rng.choice(plain) if plain and rng.random() < 0.4 else kh.random_key(rng)
                value = kh.random_value(rng, rng.choice([10, 60, 400]), allow_empty=False)
                lines.append(key + b"=" + value)
                new[key] = value
            elif roll < 0.85:
                lines.append(b"# " + kh.random_value(rng, 30))
            else:
                lines.append(b"")
            plain = [k for k in new if b" " not in k and b"\t" not in k]
        if not any(b"=" in line and not line.startswith(b"#") for line in lines):
            key = kh.random_key(rng)
            lines.append(key + b"=1")
            new[key] = b"1"
        return b"\n".join(lines) + b"\n", new

    def random_case(self, i):
        h, rng = self.h, self.rng
        layout, env = self.make_env("case%d" % i)
        if layout is None:
            return
        h.case("%d (%s)" % (i, layout.describe()))
        self.compare_reads(layout, env, "mkenvimage")
        for step in range(rng.randint(3, 10)):
            h.case("%d step %d (%s)" % (i, step, layout.describe()))
            argv, new, what = self.random_setenv(layout, env)
            if argv is None:
                continue
            res = h.run(argv, cwd=layout.dir)
            if not h.check(res.rc == 0, "%s failed (the real tool)" % what, res.describe()):
                return
            env = new
            self.compare_reads(layout, env, what)
        h.done_with(layout.dir)

    def script_case(self, i, text=None, label=None, why=""):
        """The same key=value script through fw_setenv -s and fwkv put --script.

        Both tools start from identical copies of one image; fw_printenv must then read the same
        environment from both. A differing script is shrunk line by line before it is shown."""
        h = self.h
        layout, env = self.make_env("script%d" % i)
        if layout is None:
            return
        if text is None:
            text, new = self.random_script(env)
            if kh.encoded_length(new) > layout.size - 5:
                return
        h.case("script %s (%s)" % (label or i, layout.describe()))
        originals = [open(p, "rb").read() for p in layout.files]
        twin_dir = h.fresh_dir("twin%d" % i)
        twin_files = [os.path.join(twin_dir, os.path.basename(p)) for p in layout.files]
        config_text = open(layout.config).read()
        for path, twin in zip(layout.files, twin_files):
            config_text = config_text.replace(path, twin)
        twin_config = os.path.join(twin_dir, "fw_env.config")
        with open(twin_config, "w") as f:
            f.write(config_text)
        script = os.path.join(layout.dir, "script.txt")

        def run_pair(candidate):
            for data, path, twin in zip(originals, layout.files, twin_files):
                for target in (path, twin):
                    with open(target, "wb") as f:
                        f.write(data)
            with open(script, "wb") as f:
                f.write(candidate)
            real = h.run(["fw_setenv", "-c", layout.config, "-s", script], cwd=layout.dir)
            ours = h.fwkv_run(["put", "-c", twin_config, "--script", script], cwd=twin_dir)
            pr_real = h.run(["fw_printenv", "-c", layout.config], cwd=layout.dir)
            pr_ours = h.run(["fw_printenv", "-c", twin_config], cwd=twin_dir)
            return real, ours, pr_real.out, pr_ours.out

        def signature(candidate):
            """How the tools differ on a script: None when they agree."""
            real, ours, a, b = run_pair(candidate)
            if (real.rc == 0) == (ours.rc == 0) and a == b:
                return None
            return (real.rc == 0, ours.rc == 0, a != b)

        original = signature(text)
        if original is None:
            h.check(True, "")
            h.done_with(layout.dir)
            h.done_with(twin_dir)
            return

        def differs(candidate):  # the same kind of difference, from a non-empty script
            return candidate.strip() != b"" and signature(candidate) == original

        lines = text.split(b"\n")
        budget, j = 150, 0
        while j < len(lines) and len(lines) > 1 and budget > 0:
            budget -= 1
            candidate = lines[:j] + lines[j + 1:]
            if differs(b"\n".join(candidate)):
                lines = candidate
            else:
                j += 1
        small = b"\n".join(lines)
        real, ours, a, b = run_pair(small)
        details = ""
        if real.rc != 0 or ours.rc != 0:
            details += real.describe() + "\n" + ours.describe() + "\n"
        details += kh.lines_diff(a.split(b"\n"), b.split(b"\n"), "after fw_setenv -s", "after fwkv put --script")
        details += ("\nscript (shrunk from %d to %d lines): %s\nreproduce: %s > s.txt; "
                    "fw_setenv -c CONFIG -s s.txt; fwkv put -c CONFIG --script s.txt; fw_printenv -c CONFIG" % (
                        text.count(b"\n") + 1, len(lines), kh.show_bytes(small, 300), kh.printf_command(small[:300])))
        h.check(False, "the same script gives different results through fw_setenv -s and fwkv put --script"
                + (" (%s)" % why if why else ""), details)

    def edge_cases(self):
        h = self.h
        for kind in kh.Layout.KINDS:
            layout, env = self.make_env("edge-" + kind, kind, 0x2000)
            if layout is None:
                continue
            h.case("edge, " + layout.describe())
            steps = [
                ["multi", "line 1\nline 2"],
                ["empty_later", "x", "sp ace", "value with  spaces ", "utf8", "grüße €"],
                ["empty_later"],
                ["eq", "a=b=c", "tab", "\tt\t"],
            ]
            for args in steps:
                res = h.run(["fw_setenv", "-c", layout.config] + args, cwd=layout.dir)
                h.check(res.rc == 0, "fw_setenv %r failed" % args, res.describe())
                for k, v in zip(args[0::2], args[1::2]):
                    env[k.encode()] = v.encode()
                if len(args) % 2:
                    env.pop(args[-1].encode(), None)
                self.compare_reads(layout, env, "fw_setenv %r" % args)
        for n, text in enumerate([b"a=1\n", b"k=v=w\nk2=  spaced  \n", b"new=1\nnew=2\n",
                                  b"x=1\n\n\n#c\ny=2", b"z=" + b"q" * 1000 + b"\n", b"w=1\r\n"]):
            self.script_case(1000 + n, text, "edge %d" % n)
        # A script with nothing to set is not an error for fw_setenv -s.
        self.script_case(1100, b"# only a comment\n\n", "comments only", "a script with nothing to set")
        self.script_case(1101, b"", "empty", "an empty script")
        # libubootenv deletes a variable on `key=`.
        self.script_case(1102, b"first=1\nfirst=\n", "key= after key=1", "`key=` deletes in libubootenv")

    def main(self):
        self.edge_cases()
        for i in range(self.h.cases):
            self.random_case(i)
        for i in range(max(1, self.h.cases // 3)):
            self.script_case(i)
        self.h.finish()


if __name__ == "__main__":
    SetenvTest().main()
