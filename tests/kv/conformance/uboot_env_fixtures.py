#!/usr/bin/env python3
"""fwkv and fw_printenv agree on the uboot_env fixtures: real images written by real tools.

The fixtures (tests/fixtures/uboot_env, from nerves-project/uboot_env) are images written
by mkenvimage, libubootenv's fw_setenv and fwup, with their fw_env.config or fwup.conf. The
configs name their images by relative paths, which both tools resolve against the working
directory, so every check runs in a temporary copy of the directory: the fixtures themselves
are never written.

For each image, read through its config, through configs written here for the fwup-written ones,
through `--fwup-conf FILE --env NAME` and through the location options, fwkv must read what
fw_printenv reads: `list` lines, `list --sort` bytes, `get -n` per key, and `check` exits 0.
The two hand-written device configs (fw_env.config, spaces_fw_env.config: trailing whitespace,
blank lines, sector columns) are read with their device path replaced by a local image and the
rest of the text kept byte for byte; a config in a subdirectory naming `env.img` checks that
both tools resolve it against the working directory. `fwkv create` of fixture_env.script must
equal the block mkenvimage wrote into fixture_uboot.bin. Then each image is written by one
tool and read by the other: `fwkv put` then fw_printenv, `fw_setenv` then fwkv.
"""

import os
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kvharness as kh  # noqa: E402

# image -> (ways to locate it: list of (label, fw_printenv config text or None, fwkv args))
FWUP_SINGLE = "fixture_fwup.bin 0x1000 0x2000\n"
FWUP_REDUNDANT = "fixture_redundant_fwup.bin 0x1000 0x2000\nfixture_redundant_fwup.bin 0x4000 0x2000\n"


class FixturesTest:
    def __init__(self):
        self.h = kh.Harness("uboot_env_fixtures", __doc__, default_cases=1,
                            needs=("mkenvimage", "fw_printenv", "fw_setenv"))
        fixtures = self.h.args.fixtures
        self.src = os.path.join(fixtures, "uboot_env") if fixtures else None
        if not self.src or not os.path.isfile(os.path.join(self.src, "fixture_uboot.bin")):
            print("uboot_env_fixtures: FAIL: the fixtures are missing (looked in %s); pass "
                  "--fixtures with the repository's tests/fixtures directory" % self.src)
            sys.exit(1)

    def copy_fixtures(self, label):
        d = self.h.fresh_dir(label)
        for name in os.listdir(self.src):
            shutil.copyfile(os.path.join(self.src, name), os.path.join(d, name))  # mode not copied: writable
        with open(os.path.join(d, "fwup_single.config"), "w") as f:
            f.write(FWUP_SINGLE)
        with open(os.path.join(d, "fwup_redundant.config"), "w") as f:
            f.write(FWUP_REDUNDANT)
        return d

    def locations(self):
        """(label, config for fw_printenv, list of fwkv location argument lists)."""
        return [
            ("fixture_uboot.bin (mkenvimage)", "fixture_fw_env.config",
             [["-c", "fixture_fw_env.config"], ["fixture_uboot.bin", "--offset", "0x1000", "--size", "0x2000"]]),
            ("fixture_redundant_uboot.bin (mkenvimage -r, fw_setenv x3)", "fixture_redundant_env.config",
             [["-c", "fixture_redundant_env.config"],
              ["fixture_redundant_uboot.bin", "--offset", "4096", "--size", "8192", "--redundant-offset", "16384"]]),
            ("fixture_fwup.bin (fwup)", "fwup_single.config",
             [["-c", "fwup_single.config"], ["fixture_fwup.bin", "--fwup-conf", "fixture_env_fwup.conf",
                                              "--env", "uboot-env"],
              ["fixture_fwup.bin", "--offset", "0x1000", "--size", "0x2000"]]),
            ("fixture_redundant_fwup.bin (fwup)", "fwup_redundant.config",
             [["-c", "fwup_redundant.config"],
              ["fixture_redundant_fwup.bin", "--fwup-conf", "fixture_redundant_env_fwup.conf", "--env", "uboot-env"],
              ["fixture_redundant_fwup.bin", "--offset", "0x1000", "--size", "0x2000",
               "--redundant-offset", "0x4000"]]),
        ]

    def compare(self, d, label, config, fwkv_locs, what):
        h = self.h
        h.case("%s, %s" % (label, what))
        pr = h.run(["fw_printenv", "-c", config], cwd=d)
        if not h.check(pr.rc == 0 and pr.out, "fw_printenv cannot read %s" % label, pr.describe()):
            return
        pairs = kh.parse_listing(pr.out)
        for loc in fwkv_locs:
            fl = h.fwkv_run(["list"] + loc, cwd=d)
            h.check(fl.rc == 0 and sorted(fl.out.split(b"\n")) == sorted(pr.out.split(b"\n")),
                    "%s: `fwkv list %s` and fw_printenv differ" % (label, " ".join(loc)),
                    kh.lines_diff(pr.out.split(b"\n"), fl.out.split(b"\n"), "fw_printenv", "fwkv") + "\n" + fl.describe())
            fs = h.fwkv_run(["list", "--sort"] + loc, cwd=d)
            h.check(fs.rc == 0 and fs.out == pr.out, "%s: `fwkv list --sort %s` differs from fw_printenv" % (
                label, " ".join(loc)), fs.describe())
            for key, _ in pairs:
                pn = h.run(["fw_printenv", "-c", config, "-n", key], cwd=d)
                fg = h.fwkv_run(["get"] + loc + [key, "-n"], cwd=d)
                h.check(fg.rc == 0 and fg.out == pn.out, "%s: `fwkv get -n %s` differs from fw_printenv" % (
                    label, key.decode()), pn.describe() + "\n" + fg.describe())
            fc = h.fwkv_run(["check"] + loc, cwd=d)
            h.check(fc.rc == 0, "%s: `fwkv check %s` does not accept a real tool's image" % (label, " ".join(loc)),
                    fc.describe())

    def read_all(self):
        d = self.copy_fixtures("read")
        for label, config, locs in self.locations():
            self.compare(d, label, config, locs, "as written by the real tool")

    def known_contents(self):
        """The fixture README's table: what fw_printenv reads (so a broken fixture copy is caught)."""
        h = self.h
        d = self.copy_fixtures("contents")
        expected = {
            "fixture_fw_env.config": b"a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=12345\n",
            "fixture_redundant_env.config": b"a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=12345\n",
            "fwup_single.config": b"a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=112233\n",
            "fwup_redundant.config": b"a.nerves_fw_application_part0_devpath=/dev/mmcblk0p4\nnerves_serial_number=112233\n",
        }
        for config, text in expected.items():
            h.case("contents via " + config)
            fl = h.fwkv_run(["list", "--sort", "-c", config], cwd=d)
            h.check(fl.out == text, "fwkv does not read the documented contents through %s" % config,
                    kh.lines_diff(text.split(b"\n"), fl.out.split(b"\n"), "README", "fwkv") + "\n" + fl.describe())
        # Which copy is current: fixture_redundant_uboot.bin has flags 3 / 4 (copy 2),
        # fixture_redundant_fwup.bin flags 3 / 2 (copy 1).
        for config, current in (("fixture_redundant_env.config", 2), ("fwup_redundant.config", 1)):
            h.case("current copy via " + config)
            fi = h.fwkv_run(["info", "--json", "-c", config], cwd=d)
            try:
                import json
                info = json.loads(fi.out)
                got = info.get("current")
            except ValueError:
                got = "unparsable JSON"
            h.check(got == current, "fwkv info says copy %r is current in %s; U-Boot's rule says %d" % (
                got, config, current), fi.describe())

    def device_configs(self):
        """fw_env.config / spaces_fw_env.config with the device replaced by a local file."""
        h = self.h
        d = self.copy_fixtures("devices")
        for name, device in (("fw_env.config", "/dev/mmcblk0"), ("spaces_fw_env.config", "/dev/mtd3")):
            text = open(os.path.join(d, name), "rb").read()
            if not h.check(device.encode() in text, "%s no longer names %s" % (name, device)):
                continue
            local = name + ".img"
            cfg = "local_" + name
            with open(os.path.join(d, cfg), "wb") as f:
                f.write(text.replace(device.encode(), local.encode()))
            fields = [line.split() for line in text.decode().splitlines() if line.strip() and not line.startswith("#")]
            offset, size = int(fields[0][1], 0), int(fields[0][2], 16)
            src = os.path.join(d, "env.txt")
            with open(src, "wb") as f:
                f.write(b"nerves_fw_active=b\nb.nerves_fw_version=2.0.0\nbootcmd=run x; run y\n")
            block = os.path.join(d, "block.img")
            res = h.run(["mkenvimage", "-s", str(size), "-o", block, src], cwd=d)
            h.check(res.rc == 0, "mkenvimage failed", res.describe())
            with open(os.path.join(d, local), "wb") as f:
                f.write(b"\xff" * offset + open(block, "rb").read() + b"\xff" * 512)
            self.compare(d, name, cfg, [["-c", cfg]], "device replaced by a local file")
        # A config in a subdirectory: `env.img` is found in the working directory, as libubootenv does.
        sub = os.path.join(d, "etc")
        os.mkdir(sub)
        shutil.copyfile(os.path.join(d, "fixture_uboot.bin"), os.path.join(d, "env.img"))
        with open(os.path.join(sub, "fw_env.config"), "w") as f:
            f.write("env.img 0x1000 2000\n")
        self.compare(d, "etc/fw_env.config naming env.img", "etc/fw_env.config", [["-c", "etc/fw_env.config"]],
                     "relative device path")

    def create_matches_fixture(self):
        h = self.h
        h.case("create from fixture_env.script")
        d = self.copy_fixtures("create")
        out = os.path.join(d, "created.img")
        res = h.fwkv_run(["create", out, "--size", "0x2000", "--from", "fixture_env.script"], cwd=d)
        if h.check(res.rc == 0, "fwkv create from fixture_env.script failed", res.describe()):
            ours = open(out, "rb").read()
            theirs = open(os.path.join(d, "fixture_uboot.bin"), "rb").read()[0x1000:0x3000]
            h.check(ours == theirs, "fwkv create differs from the block mkenvimage wrote into fixture_uboot.bin",
                    kh.bytes_diff(theirs, ours, "fixture", "fwkv"))

    def write_round_trips(self):
        h = self.h
        for label, config, locs in self.locations():
            for loc in locs:
                d = self.copy_fixtures("write")
                h.case("%s: fwkv put %s" % (label, " ".join(loc)))
                res = h.fwkv_run(["put"] + loc + ["nerves_serial_number=998877", "a.nerves_fw_version=1.0.1",
                                                  "upgrade_available=1"], cwd=d)
                if h.check(res.rc == 0, "fwkv put failed on a copy of %s" % label, res.describe()):
                    for key, value in ((b"nerves_serial_number", b"998877"), (b"a.nerves_fw_version", b"1.0.1"),
                                       (b"a.nerves_fw_application_part0_devpath", b"/dev/mmcblk0p4")):
                        pn = h.run(["fw_printenv", "-c", config, "-n", key], cwd=d)
                        h.check(pn.out == value + b"\n", "after fwkv put on %s, fw_printenv reads %s=%s" % (
                            label, key.decode(), pn.out), pn.describe())
                    self.compare(d, label, config, [loc], "after fwkv put")
                res = h.fwkv_run(["unset"] + loc + ["upgrade_available"], cwd=d)
                if h.check(res.rc == 0, "fwkv unset failed on a copy of %s" % label, res.describe()):
                    self.compare(d, label, config, [loc], "after fwkv unset")
            d = self.copy_fixtures("setenv")
            h.case("%s: fw_setenv" % label)
            res = h.run(["fw_setenv", "-c", config, "nerves_serial_number", "4242", "bootcount", "3"], cwd=d)
            if h.check(res.rc == 0, "fw_setenv failed on a copy of %s" % label, res.describe()):
                self.compare(d, label, config, locs, "after fw_setenv")

    def main(self):
        self.read_all()
        self.known_contents()
        self.device_configs()
        self.create_matches_fixture()
        self.write_round_trips()
        self.h.finish()


if __name__ == "__main__":
    FixturesTest().main()
