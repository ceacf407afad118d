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
# eddsa_verify: both sides check a signature on points (circomlibjs verifyPoseidon's inputs);
# eddsa_verify_packed adds our two decompressions and is still compared with the same peer figure;
# the _scalar lines are the same checks kept to scalar code (a CPU without AVX-512 IFMA).
for pair in poseidon5:poseidon5 eddsa_sign:eddsa_sign eddsa_verify:eddsa_verify eddsa_verify_packed:eddsa_verify \
    eddsa_verify_scalar:eddsa_verify eddsa_verify_packed_scalar:eddsa_verify; do
    op=${pair%%:*} peer=${pair##*:}
    c=$(awk -v k="$op" '$1 == k {print $2}' <<<"$C_OUT")
    js=$(awk -v k="$peer" '$1 == k {print $2}' <<<"$JS_OUT")
    awk -v op="$op" -v c="$c" -v js="$js" 'BEGIN { printf "%-20s %8.1fx  (%s us vs %s us)\n", op, js / c, js, c }'
done

# Groth16 proving (owner: prover): zks prove-zkey against snarkjs on the same zkey and witness.
echo "== Groth16 proving: zks prove-zkey vs snarkjs groth16 prove (same zkey, same witness, same run) =="
if [[ " $* " == *" --quick "* ]]; then
    "$HERE/bench_prove.sh" "$BUILD" 16
else
    "$HERE/bench_prove.sh" "$BUILD"
fi

# Ingest throughput (owner: ingest-bench): HTTP and raw-topic ingest against a verify loop and the
# bare produce rate, same traces, same run (bench/bench_ingest.sh; --perf / --latency by hand).
echo "== ingest: zks-ingest vs one-core verify loop and bare produce (same traces, same run) =="
if [[ " $* " == *" --quick "* ]]; then
    "$HERE/bench_ingest.sh" "$BUILD" --quick
else
    "$HERE/bench_ingest.sh" "$BUILD"
fi

# Settlement proving at L=64 (owner: settle-oracle): zks prove (traces -> proof) vs snarkjs groth16
# prove on the same settle_64.zkey and witness, same run; ms per settled request (bench/bench_settle.sh).
echo "== settlement: zks prove vs snarkjs groth16 prove, SettleBatch(64) (same zkey, same witness, same run) =="
"$HERE/bench_settle.sh" "$BUILD"
