#!/usr/bin/env python3
"""appgraph on real projects, against the boot scripts mix and relx wrote.

The projects of this directory are built once per test run (build_projects.sh, a ctest fixture).
For every release they produced, the oracle (boot_oracle.escript) reads the shipped start.boot
with binary_to_term: the applications in load order with their versions, and in start order with
their types. appgraph must give exactly that from every input a user would pass for that release:
the project directory, _build, _build/<env>, _build/<env>/rel, the release directory, its
releases/ directory, the .rel, start.script and start.boot (with --env, --release or MIX_ENV where
the input alone does not pick the release), and a project holding two releases must be refused
with the choices listed. One release is stale on purpose: shop 0.2.0 is released into the
directory of 0.1.0 and rewrites lib/shop_web-0.1.0 (same version, a new dependency), so 0.1.0's
manifests no longer resolve (undefined shop_metrics) while its shipped boot script still runs:
its boot script views must match, its manifest views must fail naming shop_metrics. `diff`
between two versions (or two environments) must list exactly what the .rel files and boot
scripts say changed: membership, versions, types, start status and the fewest applications that
moved (a longest common ordering, computed here independently), with exit status 1 when they
differ. `check --boot` must find the manifests and the shipped boot script equal, and for the
stale release report the difference.

usage: real_projects_test.py APPGRAPH BUILT_DIR
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Tier:
    def __init__(self, appgraph, built):
        self.appgraph = appgraph
        self.built = built
        self.views = 0
        self.failures = []
        self.oracle = {}

    # ---- running appgraph ----
    def run(self, args, env=None):
        full_env = dict(os.environ)
        for key in ("MIX_ENV", "REBAR_PROFILE"):
            full_env.pop(key, None)
        full_env.update(env or {})
        return subprocess.run([self.appgraph] + args, capture_output=True, text=True,
                              env=full_env, cwd=self.built)

    def fail(self, what, detail):
        self.failures.append(f"{what}: {detail}")

    # ---- the oracle ----
    def load_oracle(self, files):
        proc = subprocess.run(["escript", os.path.join(HERE, "boot_oracle.escript")] + files,
                              capture_output=True, text=True, cwd=self.built)
        if proc.returncode != 0:
            raise SystemExit("real_projects: FAIL: the oracle failed:\n" + proc.stderr[-3000:])
        for line in proc.stdout.splitlines():
            fields = line.split("\t")
            if fields[1] == "boot":
                start = [tuple(x.split(":")) for x in fields[2].split(",")]
                load = [tuple(x.split(":")) for x in fields[3].split(",")]
                included = dict(x.split(":") for x in fields[4].split(",") if x)
                self.oracle[fields[0]] = {"start": start, "load": load, "included": included}
            else:
                self.oracle[fields[0]] = [tuple(x.split(":")) for x in fields[2].split(",")]

    # ---- comparing one view with the boot script ----
    def order_view(self, what, args, boot, env=None):
        """`order ARGS --json` must load and start what BOOT loads and starts."""
        self.views += 1
        proc = self.run(["order"] + args + ["--json"], env)
        if proc.returncode != 0:
            self.fail(what, f"exit {proc.returncode}: {proc.stderr.strip()}")
            return
        doc = json.loads(proc.stdout)
        want = self.oracle[boot]
        apps = doc["applications"]
        # The boot script calls start_boot for every started application and for those whose
        # start fails at boot because a use of theirs is not started ("start_fails" names it).
        start = [(a["name"], a["type"]) for a in apps if a["started"] or a.get("start_fails")]
        if [name for name, _ in start] != doc["start"]:
            self.fail(what, "start and started applications disagree")
        loaded = [(a["name"], a["vsn"]) for a in apps if a["loaded"]]
        # The boot script loads kernel first (it comes with the application controller).
        loaded = [x for x in loaded if x[0] == "kernel"] + [x for x in loaded if x[0] != "kernel"]
        if start != want["start"]:
            self.fail(what, f"start order differs\n    appgraph: {start}\n    boot:     {want['start']}")
        if loaded != want["load"]:
            self.fail(what, f"load order differs\n    appgraph: {loaded}\n    boot:     {want['load']}")
        release = doc.get("release") or {}
        if boot.endswith(".boot") and release.get("file") is None:
            self.fail(what, "the JSON does not say which release file was used")

    def refused_view(self, what, args, code, words, env=None):
        """A command that must fail with CODE and mention every word of WORDS."""
        self.views += 1
        proc = self.run(args, env)
        if proc.returncode != code or not all(w in proc.stderr for w in words):
            self.fail(what, f"want exit {code} mentioning {words}; got exit {proc.returncode}: "
                            f"{proc.stderr.strip()}")

    def check_boot_view(self, what, args, boot, code=0, words=()):
        """`check ARGS --boot BOOT`: exit CODE (0: the manifests and the shipped script agree),
        mentioning every word of WORDS."""
        self.views += 1
        proc = self.run(["check"] + args + ["--boot", boot])
        out = proc.stdout + proc.stderr
        if proc.returncode != code or not all(w in out for w in words):
            self.fail(what, f"check --boot: want exit {code} mentioning {list(words)}; got exit "
                            f"{proc.returncode}: {out.strip()}")

    # ---- diff ----
    @staticmethod
    def lcs_kept(old, new):
        """The size of the longest common subsequence of two orders (apps kept in place)."""
        prev = [0] * (len(new) + 1)
        for a in old:
            cur = [0] * (len(new) + 1)
            for j, b in enumerate(new):
                cur[j + 1] = prev[j] + 1 if a == b else max(prev[j + 1], cur[j])
            prev = cur
        return prev[-1]

    def diff_view(self, what, old_args, new_args, old, new):
        """OLD, NEW: (name -> (vsn, type, status), start order)."""
        self.views += 1
        proc = self.run(["diff"] + old_args + new_args + ["--json"])
        (old_apps, old_start), (new_apps, new_start) = old, new
        added = sorted(a for a in new_apps if a not in old_apps)
        removed = sorted(a for a in old_apps if a not in new_apps)
        both = [a for a in old_apps if a in new_apps]
        changes = [sorted((a, old_apps[a][k], new_apps[a][k]) for a in both
                          if old_apps[a][k] != new_apps[a][k]) for k in range(3)]
        common_old = [a for a in old_start if a in new_start]
        common_new = [a for a in new_start if a in old_start]
        differs = bool(added or removed or any(changes) or common_old != common_new)
        if proc.returncode != (1 if differs else 0):
            self.fail(what, f"diff exit {proc.returncode} (want {1 if differs else 0}): {proc.stderr}")
        try:
            doc = json.loads(proc.stdout)
        except json.JSONDecodeError:
            self.fail(what, f"diff exit {proc.returncode}, no JSON: {proc.stderr.strip()}")
            return
        got = [sorted(doc["added"]), sorted(doc["removed"])] + [
            sorted((c["name"], c["from"], c["to"]) for c in doc[key])
            for key in ("versions", "types", "started")]
        want = [added, removed] + changes
        if got != want:
            self.fail(what, f"diff differs\n    appgraph: {got}\n    expected: {want}")
        moved = {c["name"]: c for c in doc["moved"]}
        kept = [a for a in common_old if a not in moved]
        if kept != [a for a in common_new if a not in moved]:
            self.fail(what, "the applications diff did not report as moved changed their order")
        fewest = len(common_old) - self.lcs_kept(common_old, common_new)
        if len(moved) != fewest:
            self.fail(what, f"{len(moved)} moved, but the fewest that explain the change are {fewest}")
        for name, c in moved.items():
            places = (old_start.index(name) + 1, new_start.index(name) + 1)
            if (c["from"], c["to"]) != places:
                self.fail(what, f"moved {name}: positions {c['from']} -> {c['to']}, "
                                f"want {places[0]} -> {places[1]} (numbers, as order prints them)")

    def boot_status(self, boot):
        """name -> (vsn, type, status) for what BOOT loads, and its start order. A loaded
        application that is not started has type load, or none known when it is included."""
        b = self.oracle[boot]
        started = dict(b["start"])
        apps = {}
        for name, vsn in b["load"]:
            typ = started.get(name) or (None if name in b["included"] else "load")
            apps[name] = (vsn, typ, "started" if name in started else "loaded")
        return apps, [n for n, _ in b["start"]]

    def release_status(self, rel, boot):
        """The same for the .rel: every entry with the .rel's type (none included, "not loaded")."""
        apps, start = self.boot_status(boot)
        out = {}
        for name, vsn, typ in self.oracle[rel]:
            status = apps[name][2] if name in apps else "not loaded"
            out.setdefault(name, (vsn, typ, status))
        return out, start


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    if shutil.which("escript") is None:
        print("real_projects: FAIL: escript is not installed (Debian: erlang-nox); the oracle "
              "reads the boot scripts with it")
        return 1
    if not os.path.isdir(os.path.join(sys.argv[2], "shop")):
        print(f"real_projects: FAIL: {sys.argv[2]} holds no built projects "
              "(build_projects.sh writes them; ctest runs it first, appgraph_projects_build)")
        return 1
    tier = Tier(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    rel = lambda project, env, name, vsn, f: f"{project}/_build/{env}/rel/{name}/releases/{vsn}/{f}"
    releases = [  # project, env, release name, version, .rel name, the version a directory picks
        ("shop", "prod", "shop", "0.1.0", "shop.rel", False),
        ("shop", "prod", "shop", "0.2.0", "shop.rel", True),
        ("gadget", "dev", "gadget", "1.4.0", "gadget.rel", True),
        ("gadget", "prod", "gadget", "1.4.0", "gadget.rel", True),
        ("plant", "default", "plant", "0.1.0", "plant.rel", False),
        ("plant", "default", "plant", "0.2.0", "plant.rel", True),
        ("plant", "prod", "plant", "0.1.0", "plant.rel", False),
        ("plant", "prod", "plant", "0.2.0", "plant.rel", True),
    ]
    files = []
    for p, e, n, v, r, _ in releases:
        files += [rel(p, e, n, v, "start.boot"), rel(p, e, n, v, r)]
    tier.load_oracle(files)

    ambiguous = {"gadget": ["dev", "prod"], "plant": ["default", "prod"]}
    env_var = {"shop": "MIX_ENV", "gadget": "MIX_ENV", "plant": "REBAR_PROFILE"}
    stale = {("shop", "prod", "shop", "0.1.0")}
    for p, e, n, v, r, current in releases:
        boot = rel(p, e, n, v, "start.boot")
        release_dir = f"{p}/_build/{e}/rel/{n}"
        label = f"{p} {e} {n}-{v}"
        tier.order_view(f"{label}: start.script", [rel(p, e, n, v, "start.script")], boot)
        tier.order_view(f"{label}: start.boot", [boot], boot)
        manifests = [("the .rel", [rel(p, e, n, v, r)]),
                     ("project --env --release", [p, "--env", e, "--release", f"{n}@{v}"]),
                     ("release dir --release", [release_dir, "--release", f"{n}@{v}"])]
        if (p, e, n, v) in stale:
            tier.check_boot_view(f"{label}: check --boot (manifests rewritten by a later release)",
                                 [rel(p, e, n, v, r)], boot, 1, ["shop_metrics"])
        else:
            tier.check_boot_view(f"{label}: check --boot", [rel(p, e, n, v, r)], boot)
        for what, args in manifests:
            if (p, e, n, v) in stale:
                tier.refused_view(f"{label}: {what} (manifests rewritten by a later release)",
                                  ["order"] + args, 1,
                                  ["undefined_applications", "shop_metrics"])
            else:
                tier.order_view(f"{label}: {what}", args, boot)
        if not current:
            continue
        tier.order_view(f"{label}: release dir", [release_dir], boot)
        tier.order_view(f"{label}: releases/", [f"{release_dir}/releases"], boot)
        tier.order_view(f"{label}: _build/{e}/rel", [f"{p}/_build/{e}/rel"], boot)
        tier.order_view(f"{label}: _build/{e}", [f"{p}/_build/{e}"], boot)
        tier.order_view(f"{label}: project --env", [p, "--env", e], boot)
        tier.order_view(f"{label}: _build --env", [f"{p}/_build", "--env", e], boot)
        tier.order_view(f"{label}: project with {env_var[p]}", [p], boot, {env_var[p]: e})
        tier.check_boot_view(f"{label}: check --boot on the project", [p, "--env", e], boot)
        if p not in ambiguous:
            tier.order_view(f"{label}: project", [p], boot)
            tier.order_view(f"{label}: _build", [f"{p}/_build"], boot)
    for p, envs in ambiguous.items():
        for target in (p, f"{p}/_build"):
            tier.refused_view(f"{target}: two environments hold a release",
                              ["order", target], 2, ["--env"] + envs)

    # Two versions of one release, and two environments of one.
    def facts(p, e, n, v, r):
        return tier.release_status(rel(p, e, n, v, r), rel(p, e, n, v, "start.boot"))
    pairs = [
        (("shop", "prod", "shop", "0.1.0", "shop.rel"), ("shop", "prod", "shop", "0.2.0", "shop.rel")),
        (("plant", "prod", "plant", "0.1.0", "plant.rel"), ("plant", "prod", "plant", "0.2.0", "plant.rel")),
        (("plant", "default", "plant", "0.1.0", "plant.rel"),
         ("plant", "default", "plant", "0.2.0", "plant.rel")),
        (("gadget", "dev", "gadget", "1.4.0", "gadget.rel"),
         ("gadget", "prod", "gadget", "1.4.0", "gadget.rel")),
    ]
    for old, new in pairs:
        label = f"diff {old[0]} {old[1]}/{old[3]} -> {new[1]}/{new[3]}"
        if tuple(old[:4]) in stale:
            tier.refused_view(label + " (.rel: the old manifests were rewritten)",
                              ["diff", rel(*old[:4], old[4]), rel(*new[:4], new[4])], 1,
                              ["does not resolve", "shop_metrics"])
        else:
            tier.diff_view(label + " (.rel)", [rel(*old[:4], old[4])], [rel(*new[:4], new[4])],
                           facts(*old), facts(*new))
        tier.diff_view(label + " (start.boot)", [rel(*old[:4], "start.boot")],
                       [rel(*new[:4], "start.boot")],
                       tier.boot_status(rel(*old[:4], "start.boot")),
                       tier.boot_status(rel(*new[:4], "start.boot")))

    for f in tier.failures:
        print("DIFFERENCE " + f)
    if tier.failures:
        print(f"real_projects: FAIL: {len(tier.failures)} of {tier.views} views differ")
        return 1
    print(f"real_projects: PASS: {tier.views} views of {len(releases)} releases from 3 projects "
          f"({len(pairs) * 2} diffs), zero differences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
