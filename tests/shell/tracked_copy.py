#!/usr/bin/env python3
"""Copies the files git tracks in a checkout into a new directory, as a clone would have them:
the working tree's contents (so uncommitted edits are tested too), the index's modes (a script
that is executable only in this working tree is not executable in the copy), symbolic links as
links. Files deleted but not yet committed are left out. Nothing untracked comes along: no build
directory, no generated file, no sibling folder.

Usage: tracked_copy.py SOURCE_DIR DEST_DIR   (DEST_DIR must not exist)
"""

import os
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, dest = sys.argv[1], sys.argv[2]
    listing = subprocess.run(["git", "-C", source, "ls-files", "-s", "-z"],
                             capture_output=True)
    if listing.returncode != 0:
        print("tracked_copy: FAIL: %s is not a git checkout (git ls-files: %s): cannot tell "
              "which files a clone has" % (source, listing.stderr.decode().strip()))
        return 1
    os.makedirs(dest)
    count = 0
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode = meta.split(b" ")[0]
        path = os.fsdecode(path)
        src, dst = os.path.join(source, path), os.path.join(dest, path)
        if not os.path.lexists(src):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if mode == b"120000":
            os.symlink(os.readlink(src), dst)
        elif mode == b"160000":
            continue  # a submodule: a clone has an empty directory
        else:
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o755 if mode == b"100755" else 0o644)
        count += 1
    print("tracked_copy: %d files from %s in %s" % (count, source, dest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
