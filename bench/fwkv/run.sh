#!/usr/bin/env bash
# fwkv beside fw_printenv, fw_setenv and mkenvimage. Usage: bench/fwkv/run.sh BINDIR [bench.py options]
# Prints mean times and real/fwkv ratios; see bench/fwkv/README.md.
set -euo pipefail
bin=$(realpath "${1:?usage: bench/fwkv/run.sh BINDIR}")
shift
exec python3 "$(dirname "$0")/bench.py" "$bin" "$@"
