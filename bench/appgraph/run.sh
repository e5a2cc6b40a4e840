#!/usr/bin/env bash
# appgraph beside erl running systools on the same releases (60 to 100,000 applications), then
# the resolver alone on in-memory releases up to 1,000,000 applications.
# Usage: bench/appgraph/run.sh BINDIR [--sizes 60,1000,...] [--erl-max N]
set -euo pipefail
bin=$(cd "${1:-build/bin}" && pwd)
shift || true
python3 "$(dirname "$0")/bench.py" "$bin/appgraph" "$@"
if [ -x "$bin/appgraph_resolve_bench" ]; then
    echo
    echo "resolver alone (no file reading), best of 3:"
    "$bin/appgraph_resolve_bench"
fi
