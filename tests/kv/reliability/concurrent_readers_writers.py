#!/usr/bin/env python3
"""Readers and writers at the same time: no torn read, no lost update, no read killed by a signal.

Every write sets all 40 shared variables to one tag that names the write (and, for its writer, a
counter), with value lengths that change from write to write so that the entries move: a read that
mixes two writes shows variables with different tags, or tags nobody wrote. Scenarios:

  locked-in-place   single copy inside a disk image, rewritten in place by fwkv put and
                    fw_setenv -s; read by fwkv list/get and fw_printenv
  locked-redundant  two copies in one file, written by two fwkv writers and fw_setenv
  locked-whole-file single copy as a whole file (fwkv renames, fw_setenv rewrites in place)
  unlocked-rewrite  an in-place rewriter that takes no lock (as dd would): reads may fail, but a
                    read that succeeds is exactly one written environment
  truncating        a 1 MiB image rewritten by truncate-and-write (as cp and mkenvimage -o do):
                    no read dies of a signal (SIGBUS), and a read that succeeds is one environment

A read is "torn" when it succeeds (exit 0) with anything but exactly one written environment; an
update is "lost" when a writer's last counter is missing at the end. Locked scenarios must also
have no failed read. Prints the counts of states read, torn, failed and lost per scenario.
"""

import os
import subprocess
import sys
import threading

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import kvharness as kh  # noqa: E402

SHARED = 40


def env_for(tag, rng_seed):
    """The shared variables of one write: every value carries the tag; lengths vary per write."""
    import random
    r = random.Random(rng_seed)
    return {b"v%02d" % i: (tag + "-" + "x" * r.randint(0, 700)).encode() for i in range(SHARED)}


class Scenario:
    def __init__(self, h, name, layout_kind, size, reads, writes_each):
        self.h, self.name, self.size = h, name, size
        self.reads, self.writes_each = reads, writes_each
        self.dir = h.fresh_dir(name)
        self.layout = kh.Layout(self.dir, layout_kind, size, h.rng)
        self.tags = {"init"}
        self.lock = threading.Lock()
        self.torn, self.failed, self.signalled, self.tried = 0, 0, 0, 0
        self.examples = []
        self.last = {}
        initial = env_for("init", 0)
        block = kh.encode_block(sorted(initial.items()), size, redundant=self.layout.redundant)
        self.layout.write_blocks([block, block] if self.layout.redundant else [block])

    # -- judging a read ---------------------------------------------------------------
    def judge(self, argv, rc, out, err):
        with self.lock:
            self.tried += 1
            if rc < 0 or rc >= 128:
                self.signalled += 1
                self.examples.append("%s: killed (exit %d): %s" % (argv[0], rc, err[:200]))
                return
            if rc != 0:
                self.failed += 1
                if len(self.examples) < 4:
                    self.examples.append("%s failed (exit %d): %s" % (argv[0], rc, err[:200]))
                return
            pairs = dict(kh.parse_listing(out))
            tags = {pairs.get(b"v%02d" % i, b"<missing>").split(b"-")[0] for i in range(SHARED)}
            ok = len(tags) == 1 and next(iter(tags)).decode(errors="replace") in self.tags
            if ok:
                tag = next(iter(tags)).decode()
                expect = env_for(tag, self.seed_of(tag))
                ok = all(pairs.get(k) == v for k, v in expect.items())
            if not ok:
                self.torn += 1
                if len(self.examples) < 8:
                    self.examples.append("torn read by %s: tags %s" % (os.path.basename(argv[0]),
                                                                       sorted(tags)[:5]))

    def seed_of(self, tag):
        return 0 if tag == "init" else kh.crc32(tag.encode())

    # -- writers ----------------------------------------------------------------------
    def script_for(self, writer, seq):
        tag = "w%s_%d" % (writer, seq)
        with self.lock:
            self.tags.add(tag)
        env = env_for(tag, self.seed_of(tag))
        env[b"count_" + writer.encode()] = str(seq).encode()
        return b"".join(k + b"=" + v + b"\n" for k, v in sorted(env.items()))

    def writes(self, writer, stop):
        """1, 2, ...: at least writes_each, and on until the readers are done."""
        seq = 0
        while seq < self.writes_each or not stop.is_set():
            seq += 1
            self.last[writer] = seq
            yield seq

    def fwkv_writer(self, writer, stop):
        path = os.path.join(self.dir, "script_%s" % writer)
        for seq in self.writes(writer, stop):
            with open(path, "wb") as f:
                f.write(self.script_for(writer, seq))
            res = self.h.run([self.h.fwkv, "put", "-c", self.layout.config, "--script", path], cwd=self.dir)
            self.h.check(res.rc == 0, "%s: fwkv put failed" % self.name, res.describe())

    def setenv_writer(self, writer, stop):
        path = os.path.join(self.dir, "script_%s" % writer)
        for seq in self.writes(writer, stop):
            with open(path, "wb") as f:
                f.write(self.script_for(writer, seq))
            res = self.h.run(["fw_setenv", "-c", self.layout.config, "-s", path], cwd=self.dir)
            self.h.check(res.rc == 0, "%s: fw_setenv -s failed" % self.name, res.describe())

    def unlocked_rewriter(self, stop):
        """Rewrites the block in place with plain pwrite, no lock, in 4 KiB pieces."""
        path, offset = self.layout.copies()[0]
        seq = 0
        while not stop.is_set():
            seq += 1
            tag = "u_%d" % seq
            with self.lock:
                self.tags.add(tag)
            block = kh.encode_block(sorted(env_for(tag, self.seed_of(tag)).items()), self.size)
            fd = os.open(path, os.O_WRONLY)
            for piece in range(0, len(block), 4096):
                os.pwrite(fd, block[piece:piece + 4096], offset + piece)
            os.close(fd)

    def truncating_rewriter(self, stop):
        """Rewrites the whole file as cp does: open with O_TRUNC, then write it in 64 KiB pieces."""
        path = self.layout.files[0]
        seq = 0
        while not stop.is_set():
            seq += 1
            tag = "t_%d" % seq
            with self.lock:
                self.tags.add(tag)
            block = kh.encode_block(sorted(env_for(tag, self.seed_of(tag)).items()), self.size)
            fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
            for piece in range(0, len(block), 65536):
                os.write(fd, block[piece:piece + 65536])
            os.close(fd)

    # -- readers ----------------------------------------------------------------------
    def reader(self, argv_choices, count):
        for i in range(count):
            argv = argv_choices[i % len(argv_choices)]
            try:
                p = subprocess.run(argv, cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   timeout=60)
                self.judge(argv, p.returncode, p.stdout, p.stderr)
            except subprocess.TimeoutExpired:
                self.judge(argv, 1000, b"", b"timed out")

    def run(self, fwkv_writers=(), setenv_writers=(), background=None, printenv_readers=True):
        h = self.h
        h.case(self.name)
        readers = [[h.fwkv, "list", "-c", self.layout.config]]
        other = [[h.fwkv, "list", "--sort", "-c", self.layout.config]]
        if printenv_readers:
            other.append(["fw_printenv", "-c", self.layout.config])
        stop = threading.Event()
        threads = [threading.Thread(target=self.fwkv_writer, args=(w, stop)) for w in fwkv_writers]
        threads += [threading.Thread(target=self.setenv_writer, args=(w, stop)) for w in setenv_writers]
        bg = threading.Thread(target=background, args=(stop,)) if background else None
        reader_threads = [threading.Thread(target=self.reader, args=(readers, self.reads // 2)),
                          threading.Thread(target=self.reader, args=(other, self.reads - self.reads // 2))]
        for t in threads + reader_threads + ([bg] if bg else []):
            t.start()
        for t in reader_threads:
            t.join()
        stop.set()
        for t in threads + ([bg] if bg else []):
            t.join()
        lost = []
        if fwkv_writers or setenv_writers:
            final = h.fwkv_run(["list", "-c", self.layout.config], cwd=self.dir)
            pairs = dict(kh.parse_listing(final.out))
            for w in list(fwkv_writers) + list(setenv_writers):
                if pairs.get(b"count_" + w.encode()) != str(self.last[w]).encode():
                    lost.append(w)
        writes = sum(self.last.values())
        print("  %-18s states read %4d, torn %d, failed %d, killed by a signal %d; writes %d, lost %d" %
              (self.name, self.tried, self.torn, self.failed, self.signalled, writes, len(lost)))
        sys.stdout.flush()
        details = "\n".join(self.examples)
        h.check(self.torn == 0, "%s: %d of %d reads returned something no write produced" %
                (self.name, self.torn, self.tried), details)
        h.check(self.signalled == 0, "%s: %d reads were killed by a signal" % (self.name, self.signalled),
                details)
        h.check(not lost, "%s: lost updates of writers %s" % (self.name, lost))
        return self


def main():
    h = kh.Harness("concurrent_readers_writers", __doc__, default_cases=600,
                   needs=("fw_printenv", "fw_setenv"))
    reads = h.cases
    totals = [0, 0, 0, 0]
    for name, kind, size, writers, setenv in (
            ("locked-in-place", "single-offset", 0x20000, ("a", "b"), ("s",)),
            ("locked-redundant", "redundant-one-file", 0x20000, ("a", "b"), ("s",)),
            ("locked-whole-file", "whole-file", 0x20000, ("a", "b"), ("s",))):
        s = Scenario(h, name, kind, size, reads, 4).run(writers, setenv)
        h.check(s.failed == 0, "%s: %d reads failed while every writer locks" % (name, s.failed),
                "\n".join(s.examples))
        totals = [a + b for a, b in zip(totals, (s.tried, s.torn, s.failed, s.signalled))]
    s = Scenario(h, "unlocked-rewrite", "single-offset", 0x20000, reads, 0)
    s.run(background=s.unlocked_rewriter, printenv_readers=False)
    totals = [a + b for a, b in zip(totals, (s.tried, s.torn, s.failed, s.signalled))]
    s = Scenario(h, "truncating", "whole-file", 0x100000, reads, 0)
    s.run(background=s.truncating_rewriter, printenv_readers=False)
    totals = [a + b for a, b in zip(totals, (s.tried, s.torn, s.failed, s.signalled))]
    print("concurrent_readers_writers: states read %d, torn %d, failed %d, killed %d" % tuple(totals))
    h.finish()


if __name__ == "__main__":
    main()
