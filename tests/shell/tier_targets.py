#!/usr/bin/env python3
"""The build targets that some ctest tiers need, so that a test can build only those: every
tool (the `tools` target: command-line tests take the whole bin directory), and every file of
the build tree that the selected tests name in their command lines and that the build makes
(test executables, tools given by path).

Usage: ctest --test-dir BUILD -N -L REGEX --show-only=json-v1 | tier_targets.py BUILD
Prints one target a line. The build tree must use the Ninja generator.

ctest leaves out the command of a test whose executable is not built yet, so the commands are
read from the CTestTestfile.cmake files, where CMake writes each add_test with its words quoted.
"""

import json
import os
import re
import subprocess
import sys

ADD_TEST = re.compile(r"^add_test\(\[=\[(.*?)\]=\] (.*)\)$")
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def test_commands(build):
    """{test name: [command words]} from every CTestTestfile.cmake of the build tree."""
    commands = {}
    for directory, _, files in os.walk(build):
        if "CTestTestfile.cmake" in files:
            with open(os.path.join(directory, "CTestTestfile.cmake")) as f:
                for line in f:
                    m = ADD_TEST.match(line.strip())
                    if m:
                        words = QUOTED.findall(m.group(2))
                        commands[m.group(1)] = [w.replace('\\"', '"') for w in words]
    return commands


def main():
    build = os.path.realpath(sys.argv[1])
    tests = json.load(sys.stdin).get("tests", [])
    if not tests:
        print("tier_targets: FAIL: ctest selected no test", file=sys.stderr)
        return 1
    listed = subprocess.run(["ninja", "-C", build, "-t", "targets", "all"], check=True,
                            capture_output=True, text=True).stdout
    outputs = {line.rsplit(": ", 1)[0] for line in listed.splitlines()}
    commands = test_commands(build)
    targets = {"tools"}
    for test in tests:
        if test["name"] not in commands:
            print("tier_targets: FAIL: no add_test for %s in %s" % (test["name"], build),
                  file=sys.stderr)
            return 1
        for word in commands[test["name"]]:
            path = os.path.realpath(word) if os.path.isabs(word) else None
            if path and path.startswith(build + os.sep):
                relative = os.path.relpath(path, build)
                if relative in outputs:
                    targets.add(relative)
    print("\n".join(sorted(targets)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
