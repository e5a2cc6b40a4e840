#!/usr/bin/env bash
# Runs each tool on the bundled examples. Usage: examples/tour.sh BINDIR
set -euo pipefail
bin=${1:-build/bin}
here=$(dirname "$0")
echo "\$ fwkv --version"
"$bin/fwkv" --version
