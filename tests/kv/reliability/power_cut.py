#!/usr/bin/env python3
"""A power cut after every prefix of every write: fwkv and fw_printenv read the old or the new
environment, never a third one.

Each write is a real `fwkv put` run under strace, which records the order of the system calls
that change files (create, pwrite, ftruncate, rename, unlink) with their offsets and lengths.
The states a power cut can leave are then replayed from the files as they were before: every
call before the cut done, and the call the cut interrupts done for its first K bytes, for every
K from 0 to its length (a cut lands between bytes in this model, not between sectors). Each
distinct state is written to a fresh directory and read with `fwkv list` and `fw_printenv`; what
each prints must be what it printed for the state before the write or for the state after it.

Layouts: a single copy that is the whole file (renamed into place: every state is old or new),
a single copy inside a disk image (written in place: a cut inside the block leaves no valid
copy, which both readers must report as an error, never as a third environment), a redundant
pair in one file, and a redundant pair whose flags wrap from 255 to 0. For the layouts that
promise it (all but the single copy in place), every state must read as old or new, and a put
on a cut state must succeed and leave no temporary file behind.

Prints the states tried, torn (a third environment read) and lost (no environment where the
layout promises one) per layout.
"""

import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import kvharness as kh  # noqa: E402

BLOCK = 0x400  # small blocks keep "every prefix" affordable: a few hundred states per write

CALL = re.compile(r'^(?:\d+ +)?(\w+)\((.*)\) += (-?\d+)')
FD_PATH = re.compile(r'^(\d+)<(.*)>$')


def split_args(text):
    """strace's argument list, split at top-level commas (quoted strings may hold commas)."""
    out, depth, cur, quoted, escape = [], 0, "", False, False
    for c in text:
        if quoted:
            cur += c
            if escape:
                escape = False
            elif c == "\\":
                escape = True
            elif c == '"':
                quoted = False
            continue
        if c == '"':
            quoted = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += c
    if cur.strip():
        out.append(cur.strip())
    return out


def unquote(arg):
    return arg[1:-1].encode().decode("unicode_escape").encode("latin-1") if arg.startswith('"') else arg


def fd_path(arg):
    m = FD_PATH.match(arg)
    return m.group(2) if m else None


def parse_trace(text, workdir):
    """The mutating calls inside `workdir`, in order, as ('create'|'write'|'truncate'|'rename'|
    'unlink', ...) tuples with paths relative to workdir."""
    def rel(path):
        path = os.path.normpath(os.path.join(workdir, path))
        return os.path.relpath(path, workdir) if path.startswith(workdir + os.sep) else None

    events = []
    for line in text.splitlines():
        m = CALL.match(line)
        if not m:
            continue
        name, args, result = m.group(1), split_args(m.group(2)), int(m.group(3))
        if result < 0:
            continue
        if name in ("openat", "open"):
            path = unquote(args[1] if name == "openat" else args[0]).decode()
            flags = args[2] if name == "openat" else args[1]
            if "O_CREAT" in flags or "O_TRUNC" in flags:
                p = rel(path)
                if p:
                    events.append(("create", p, "O_TRUNC" in flags))
        elif name in ("pwrite64", "write"):
            p = fd_path(args[0])
            p = rel(p) if p else None
            if p and name == "pwrite64":
                events.append(("write", p, int(args[3]), result))
            elif p:
                raise SystemExit("power_cut: a plain write(2) to %s: the replay needs offsets" % p)
        elif name == "ftruncate":
            p = rel(fd_path(args[0]) or "")
            if p:
                events.append(("truncate", p, int(args[1])))
        elif name in ("rename", "renameat", "renameat2"):
            a, b = (args[0], args[1]) if name == "rename" else (args[1], args[3])
            pa, pb = rel(unquote(a).decode()), rel(unquote(b).decode())
            if pa and pb:
                events.append(("rename", pa, pb))
        elif name in ("unlink", "unlinkat"):
            p = rel(unquote(args[0] if name == "unlink" else args[1]).decode())
            if p:
                events.append(("unlink", p))
    return events


def final_content(events, after, path):
    """The bytes a write to `path` put there: follow the renames of that file to its final name."""
    for ev in events:
        if ev[0] == "rename" and ev[1] == path:
            path = ev[2]
    return after[path]


def replay_states(before, after, events):
    """Every state a power cut can leave: dicts name -> bytes, in order, with a label."""
    state = dict(before)
    yield "before", dict(state)
    for i, ev in enumerate(events):
        kind = ev[0]
        if kind == "create":
            if ev[1] not in state or ev[2]:
                state[ev[1]] = b""
            yield "after call %d (create %s)" % (i, ev[1]), dict(state)
        elif kind == "write":
            _, path, offset, length = ev
            data = final_content(events[i:], after, path)[offset:offset + length]
            base = state.get(path, b"")
            for k in range(0, length + 1):
                cur = bytearray(base)
                if len(cur) < offset + k:
                    cur.extend(b"\0" * (offset + k - len(cur)))
                cur[offset:offset + k] = data[:k]
                yield "call %d (pwrite %s at 0x%x), %d of %d bytes" % (i, path, offset, k, length), \
                    {**state, path: bytes(cur)}
            cur = bytearray(base)
            if len(cur) < offset + length:
                cur.extend(b"\0" * (offset + length - len(cur)))
            cur[offset:offset + length] = data
            state[path] = bytes(cur)
        elif kind == "truncate":
            data = state.get(ev[1], b"")
            state[ev[1]] = data[:ev[2]] + b"\0" * max(0, ev[2] - len(data))
            yield "after call %d (ftruncate %s)" % (i, ev[1]), dict(state)
        elif kind == "rename":
            state[ev[2]] = state.pop(ev[1])
            yield "after call %d (rename %s)" % (i, ev[1]), dict(state)
        elif kind == "unlink":
            state.pop(ev[1], None)
            yield "after call %d (unlink %s)" % (i, ev[1]), dict(state)


class PowerCut:
    def __init__(self):
        self.h = kh.Harness("power_cut", __doc__, default_cases=3, needs=("fw_printenv",))
        if shutil.which("strace") is None:
            print("power_cut: FAIL: strace is not installed (apt-get install strace); the test is not skipped")
            sys.exit(1)
        self.totals = [0, 0, 0]

    def layout(self, kind):
        d = self.h.fresh_dir(kind)
        if kind == "whole-file":
            config, files, copies = "env.img 0 0x%x\n" % BLOCK, {"env.img": BLOCK}, [("env.img", 0)]
        elif kind == "single-in-place":
            config, files, copies = "disk.img 0x200 0x%x\n" % BLOCK, {"disk.img": 0x200 + BLOCK + 0x200}, \
                [("disk.img", 0x200)]
        else:
            config = "disk.img 0x200 0x%x\ndisk.img 0x%x 0x%x\n" % (BLOCK, 0x400 + BLOCK, BLOCK)
            files, copies = {"disk.img": 0x800 + 2 * BLOCK}, [("disk.img", 0x200), ("disk.img", 0x400 + BLOCK)]
        with open(os.path.join(d, "fw_env.config"), "w") as f:
            f.write(config)
        return d, files, copies

    def initial(self, d, kind, files, copies):
        rng = self.h.rng
        env = kh.random_env(rng, rng.randint(3, 10), max_value=40, allow_space=True)
        entries = sorted(env.items())
        redundant = kind.startswith("redundant") or kind == "flags-wrap"
        for name, size in files.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(bytes([rng.randrange(256)]) * size)
        flags = [(254, 255), (255, 254)][rng.randrange(2)] if kind == "flags-wrap" else (1, 2)
        for (name, offset), fl in zip(copies, flags):
            with open(os.path.join(d, name), "r+b") as f:
                f.seek(offset)
                f.write(kh.encode_block(entries, BLOCK, redundant=redundant, flags=fl))

    def snapshot(self, d):
        return {n: open(os.path.join(d, n), "rb").read() for n in os.listdir(d)
                if os.path.isfile(os.path.join(d, n)) and n != "fw_env.config"}

    def read_state(self, state_dir):
        f = subprocess.run([self.h.fwkv, "list", "-c", "fw_env.config"], cwd=state_dir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        p = subprocess.run(["fw_printenv", "-c", "fw_env.config"], cwd=state_dir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        return (f.returncode, f.stdout if f.returncode == 0 else b""), \
            (p.returncode, p.stdout if p.returncode == 0 else b"")

    def write_state(self, state_dir, state):
        for n in os.listdir(state_dir):
            if n != "fw_env.config":
                os.unlink(os.path.join(state_dir, n))
        for n, data in state.items():
            with open(os.path.join(state_dir, n), "wb") as f:
                f.write(data)

    def one_write(self, kind, d, promise):
        h, rng = self.h, self.h.rng
        before = self.snapshot(d)
        changes = ["%s=%s" % (kh.random_key(rng, allow_utf8=False), "v" * rng.randint(0, 60))
                   for _ in range(rng.randint(1, 4))]
        trace = os.path.join(h.tmp, "trace-%s.txt" % kind)
        res = h.run(["strace", "-f", "-qq", "-y", "-s", "0", "-o", trace, "-e",
                     "trace=openat,open,pwrite64,write,ftruncate,rename,renameat,renameat2,unlink,unlinkat",
                     h.fwkv, "put", "-c", "fw_env.config"] + changes, cwd=d)
        if not h.check(res.rc == 0, "%s: fwkv put under strace failed" % kind, res.describe()):
            return
        after = self.snapshot(d)
        events = parse_trace(open(trace).read(), os.path.realpath(d))
        h.check(any(e[0] == "write" for e in events), "%s: no write recorded" % kind, "\n".join(map(str, events)))
        state_dir = h.fresh_dir("state")
        shutil.copy(os.path.join(d, "fw_env.config"), state_dir)
        self.write_state(state_dir, before)
        old = self.read_state(state_dir)
        self.write_state(state_dir, after)
        new = self.read_state(state_dir)
        h.check(old[0][0] == 0 and new[0][0] == 0 and old[1][0] == 0 and new[1][0] == 0,
                "%s: the states before and after the write must read" % kind, "%r\n%r" % (old, new))
        seen = {}
        tried = torn = lost = 0
        for label, state in replay_states(before, after, events):
            key = tuple(sorted(state.items()))
            if key in seen:
                continue
            seen[key] = True
            tried += 1
            self.write_state(state_dir, state)
            (frc, fout), (prc, pout) = self.read_state(state_dir)
            for tool, rc, out, o, n in (("fwkv", frc, fout, old[0][1], new[0][1]),
                                        ("fw_printenv", prc, pout, old[1][1], new[1][1])):
                if rc == 0 and out not in (o, n):
                    torn += 1
                    h.check(False, "%s: %s read a third environment after a cut at %s" % (kind, tool, label),
                            kh.lines_diff(o.split(b"\n"), out.split(b"\n"), "old", tool))
                elif rc != 0 and promise:
                    lost += 1
                    h.check(False, "%s: %s read no environment after a cut at %s" % (kind, tool, label))
            if promise and tried % 37 == 0:
                # The next writer recovers: a put succeeds and removes what the cut left.
                r = h.run([h.fwkv, "put", "-c", "fw_env.config", "after_cut=1"], cwd=state_dir)
                h.check(r.rc == 0, "%s: put after a cut at %s failed" % (kind, label), r.describe())
                left = [n for n in os.listdir(state_dir) if ".tmp" in n]
                h.check(not left, "%s: temporary files left after the next put: %s" % (kind, left))
        h.done_with(state_dir)
        return tried, torn, lost

    def main(self):
        for kind, promise in (("whole-file", True), ("single-in-place", False), ("redundant", True),
                              ("flags-wrap", True)):
            self.h.case(kind)
            d, files, copies = self.layout(kind)
            self.initial(d, kind, files, copies)
            counts = [0, 0, 0]
            for _ in range(self.h.cases):
                got = self.one_write(kind, d, promise)
                if got:
                    counts = [a + b for a, b in zip(counts, got)]
            print("  %-16s writes %d, states tried %d, torn %d, lost %d%s" % (
                kind, self.h.cases, counts[0], counts[1], counts[2],
                "" if promise else " (in place: a cut inside the block leaves no valid copy, reported as an error)"))
            sys.stdout.flush()
            self.totals = [a + b for a, b in zip(self.totals, counts)]
        print("power_cut: states tried %d, torn %d, lost %d" % tuple(self.totals))
        self.h.finish()


if __name__ == "__main__":
    PowerCut().main()
