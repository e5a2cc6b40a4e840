#!/usr/bin/env bash
# Runs each tool on its bundled example, printing every command before its output.
# Usage: examples/tour.sh [BINDIR]   (from a checkout: build/bin; installed: /usr/bin, run from
# /usr/share/doc/fwtools)
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
here=$(dirname "$(realpath "$0")")
for part in fwkv appgraph supsim; do
    echo "== $part"
    "$here/$part/tour.sh" "$bin"
    echo
done
