#!/usr/bin/env bash
# A tour of appgraph on the bundled Nerves-like release (a mix release layout under
# nerves_demo/_build/rpi4_prod/rel/demo). Usage: examples/appgraph/tour.sh BINDIR
set -euo pipefail
bin=$(cd "${1:-build/bin}" && pwd)
cd "$(dirname "$0")/nerves_demo"
rel=_build/rpi4_prod/rel/demo/releases/0.1.0/demo.rel
run() {
    echo "\$ appgraph $*"
    "$bin/appgraph" "$@" || true
    echo
}
run order "$rel"
run order "$rel" --verbose
run order _build/rpi4_prod/rel/demo/lib --mode ensure --root vintage_net
run check "$rel"
run tree "$rel" vintage_net_wifi
run tree "$rel" muontrap --reverse
run why "$rel" muontrap
