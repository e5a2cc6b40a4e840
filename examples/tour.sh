#!/usr/bin/env bash
# Runs each tool on its bundled example, printing every command before its output.
# Usage: examples/tour.sh [BINDIR]
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
here=$(dirname "$(realpath "$0")")
for part in fwkv appgraph supsim; do
    if [ -x "$here/$part/tour.sh" ]; then
        echo "== $part"
        "$here/$part/tour.sh" "$bin"
        echo
    fi
done
