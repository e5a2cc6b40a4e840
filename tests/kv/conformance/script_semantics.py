#!/usr/bin/env python3
"""fwkv put --script beside Debian's fw_setenv -s (libubootenv 0.3.2), line form by line form.

fwkv reads scripts as U-Boot's own fw_setenv -s does ("key value", a bare "key" deletes) and
accepts libubootenv's "key=value" too; libubootenv differs on some forms. fwkv(1), README and
`fwkv put --help` state each difference; this test holds both tools to that statement: for every
line form it runs the real fw_setenv -s and fwkv put --script on the same image and compares each
result with what the documentation says that tool does. A form documented as "same" must give
byte-for-byte the same variables in both. The entries are read from the data area directly (not
through either tool), so an entry that one reader would hide (an empty name) still counts.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

BASE = [(b"a", b"1"), (b"b", b"2")]
LONG = b"v" * 3000


def entries(image):
    """The data area's entries as a dict (empty names included), read without either tool."""
    data = image[4:]
    out = {}
    for entry in data.split(b"\0"):
        if not entry:
            break
        key, _, value = entry.partition(b"=")
        out[key] = value
    return out


def with_changes(**changes):
    env = dict(BASE)
    for k, v in changes.items():
        key = k.replace("_SP_", " ").encode()
        if v is None:
            env.pop(key, None)
        else:
            env[key] = v
    return env


# (line, what fwkv does, what libubootenv 0.3.2's fw_setenv -s does); None: the script fails and
# nothing is written (fwkv exits 6).
FORMS = [
    ("key=value", b"x=1\n", with_changes(x=b"1"), "same"),
    ("value with blanks and '='", b"x=a b=c\n", with_changes(x=b"a b=c"), "same"),
    ("key= deletes", b"a=\n", with_changes(a=None), "same"),
    ("comment and blank line", b"# c\n\n", with_changes(), "same"),
    ("CRLF line end", b"x=1\r\n", with_changes(x=b"1"), "same"),
    ("no final newline", b"x=1", with_changes(x=b"1"), "same"),
    ("key value (U-Boot)", b"x 1\n", with_changes(x=b"1"), with_changes()),
    ("key TAB value", b"x\t1\n", with_changes(x=b"1"), with_changes()),
    ("bare key deletes (U-Boot)", b"a\n", with_changes(a=None), with_changes()),
    ("leading blanks", b"  x=1\n", with_changes(x=b"1"), {**with_changes(), b"  x": b"1"}),
    ("blank before '='", b"x y=z\n", with_changes(x=b"y=z"), {**with_changes(), b"x y": b"z"}),
    ("empty name", b"=v\n", None, {**with_changes(), b"": b"v"}),
    ("a 3,005-byte line", b"long=" + LONG + b"\n", with_changes(long=LONG),
     with_changes(long=LONG[:1018])),
]


def main():
    h = kh.Harness("script_semantics", __doc__, default_cases=1, needs=("fw_setenv",))
    base = kh.encode_block(BASE, 0x2000)
    same = differ = 0
    for label, line, fwkv_expect, lib_expect in FORMS:
        h.case(label)
        d = h.fresh_dir("form")
        with open(os.path.join(d, "s.script"), "wb") as f:
            f.write(line)
        for name in ("lib.img", "fwkv.img"):
            with open(os.path.join(d, name), "wb") as f:
                f.write(base)
        with open(os.path.join(d, "lib.config"), "w") as f:
            f.write("lib.img 0 0x2000\n")
        lib = h.run(["fw_setenv", "-c", "lib.config", "-s", "s.script"], cwd=d)
        ours = h.fwkv_run(["put", "fwkv.img", "--script", "s.script"], cwd=d)
        lib_env = entries(open(os.path.join(d, "lib.img"), "rb").read())
        our_env = entries(open(os.path.join(d, "fwkv.img"), "rb").read())
        if lib_expect == "same":
            lib_expect = fwkv_expect
            same += 1
            h.check(lib_env == our_env, "%s: documented as the same in both tools, but they differ" % label,
                    "fw_setenv: %r\nfwkv:      %r" % (lib_env, our_env))
        else:
            differ += 1
        h.check(lib.rc == 0 and lib_env == lib_expect,
                "%s: fw_setenv -s does not do what fwkv(1) says it does" % label,
                "%s\nexpected %r\ngot      %r" % (lib.describe(), lib_expect, lib_env))
        if fwkv_expect is None:
            h.check(ours.rc == 6 and our_env == dict(BASE), "%s: fwkv must refuse the script (exit 6)" % label,
                    ours.describe())
        else:
            h.check(ours.rc == 0 and our_env == fwkv_expect, "%s: fwkv does not do what fwkv(1) says" % label,
                    "%s\nexpected %r\ngot      %r" % (ours.describe(), fwkv_expect, our_env))
    # The statement itself, in `fwkv put --help` (fwkv(1) says the same in its put entry).
    helptext = h.fwkv_run(["put", "--help"]).out.decode(errors="replace")
    for phrase in ("read as U-Boot's fw_setenv -s reads them", "key=  or key  deletes key",
                   "Debian's fw_setenv -s (libubootenv 0.3.2) differs",
                   "ignores 'key value' and bare 'key' lines", "keeps leading blanks in the key",
                   "reads 'k v=x' as key 'k v'", "stores a line '=v' under an empty",
                   "reads only the first 1,023 bytes of a line"):
        h.check(" ".join(phrase.split()) in " ".join(helptext.split()), "fwkv put --help does not say: %s" % phrase)
    print("script_semantics: %d line forms, %d the same in both tools, %d documented differences" %
          (len(FORMS), same, differ))
    h.finish()


if __name__ == "__main__":
    main()
