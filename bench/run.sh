#!/usr/bin/env bash
# Crypto benchmarks: our C code against circomlibjs in the same invocation, both pinned to one
# core. Usage: bench/run.sh BUILD_DIR [--quick]   (make bench calls it with the release build).
# Prints the C figures, the circomlibjs figures and the ratios. Numbers vary with machine load:
# compare ratios, not absolute values, across runs.
set -euo pipefail
BUILD=${1:?usage: bench/run.sh BUILD_DIR [--quick]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
export NODE_PATH="$HERE/../tests/oracle/node_modules"
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)

C_OUT=$("${PIN[@]}" "$BUILD/bench/bench_crypto" "$@")
JS_OUT=$("${PIN[@]}" node "$HERE/crypto_peer.js" "$@")
echo "== C (this project, one core) =="
echo "$C_OUT"
echo "== circomlibjs 0.1.7 (same core, same run) =="
echo "$JS_OUT"
echo "== ratio circomlibjs / C =="
for op in poseidon5 eddsa_sign eddsa_verify; do
    c=$(awk -v k="$op" '$1 == k {print $2}' <<<"$C_OUT")
    js=$(awk -v k="$op" '$1 == k {print $2}' <<<"$JS_OUT")
    awk -v op="$op" -v c="$c" -v js="$js" 'BEGIN { printf "%-14s %8.1fx  (%s us vs %s us)\n", op, js / c, js, c }'
done
