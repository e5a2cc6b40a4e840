#!/usr/bin/env bash
# A tour of supsim on the KV application of the Elixir guides. Usage: examples/supsim/tour.sh BINDIR
set -euo pipefail
bin=${1:-build/bin}
here=$(dirname "$0")
run() {
    echo "\$ supsim $*"
    "$bin/supsim" "$@"
    echo
}
run check "$here/kv_tree.json"
run order "$here/kv_tree.json"
run run "$here/kv_tree.json" "$here/kv_scenario.txt" --until 40
run tolerate "$here/kv_tree.json" kv/KV.Supervisor/KV.Registry
run tolerate "$here/kv_tree.json" kv/KV.Supervisor/KV.Registry --interval 1.9
