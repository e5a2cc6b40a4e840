#!/usr/bin/env bash
# Runs every benchmark beside the real tools. Usage: bench/run.sh BINDIR
set -euo pipefail
bin=$(realpath "${1:-build/bin}")
here=$(dirname "$0")
for part in fwkv appgraph supsim; do
    if [ -x "$here/$part/run.sh" ]; then
        echo "== $part"
        "$here/$part/run.sh" "$bin"
    fi
done
