#!/usr/bin/env bash
# Groth16 proving: `zks prove-zkey` against `snarkjs groth16 prove` on the same .zkey and .wtns,
# in the same run, at 2^16, 2^18 and 2^19 constraints (synthetic circuits from zks-synth with a
# settlement-like witness: 70% bit wires, the rest full field elements; 7 public inputs; keys
# from our development setup). Prints wall time and peak RSS (GNU time -v) of each and the ratio.
# Each proof of ours is checked with `snarkjs groth16 verify` (untimed).
#
#   bench/bench_prove.sh [BUILD_DIR] [LOG2 ...]     default: build-release, 16 18 19
#
# snarkjs needs ~40 s and 1.3 GB at 2^19: run this once, not in a loop.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build-release}
shift || true
sizes=("$@")
((${#sizes[@]})) || sizes=(16 18 19)

zks=$build/tools/zks
synth=$build/tools/synth/zks-synth
snarkjs=(node "$root/tests/oracle/node_modules/snarkjs/build/cli.cjs")
for bin in "$zks" "$synth" /usr/bin/time; do
  [[ -x $bin ]] || { echo "bench_prove: missing $bin (build the zks and zks-synth targets; apt-get install time)" >&2; exit 3; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_prove.XXXXXX")
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/measure.sh
source "$here/measure.sh"

printf '%-6s %9s %10s %9s %9s %10s %9s %8s %s\n' size constr setup_s zks_s zks_MB snarkjs_s snarkjs_MB ratio verified
for k in "${sizes[@]}"; do
  n=$(((1 << k) - 8)) # with 7 public inputs and the constant: a domain of exactly 2^k
  d="$work/$k"
  mkdir -p "$d"
  "$synth" --constraints "$n" --public 7 --bits 0.7 --seed "$k" --r1cs "$d/c.r1cs" --wtns "$d/c.wtns" >/dev/null
  measure "$d/setup" "$zks" setup --r1cs "$d/c.r1cs" --zkey "$d/c.zkey"
  measure "$d/zks" "$zks" prove-zkey "$d/c.zkey" "$d/c.wtns" "$d/proof.json" "$d/public.json"
  measure "$d/snarkjs" "${snarkjs[@]}" groth16 prove "$d/c.zkey" "$d/c.wtns" "$d/sj_proof.json" "$d/sj_public.json"
  verified=no
  "${snarkjs[@]}" zkey export verificationkey "$d/c.zkey" "$d/vk.json" >/dev/null 2>&1 &&
    "${snarkjs[@]}" groth16 verify "$d/vk.json" "$d/public.json" "$d/proof.json" >/dev/null 2>&1 && verified=yes
  zw=$(cat "$d/zks.wall") sw=$(cat "$d/snarkjs.wall")
  ratio=$(awk -v a="$sw" -v b="$zw" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  printf '2^%-4s %9d %10.2f %9.2f %9d %10.2f %10d %8s %s\n' "$k" "$n" "$(cat "$d/setup.wall")" "$zw" "$(cat "$d/zks.rss")" \
    "$sw" "$(cat "$d/snarkjs.rss")" "$ratio" "$verified"
  rm -f "$d/c.zkey" # keys are large; keep the disk free for the next size
done
echo "(rapidsnark on this machine kind, DESIGN §9: 5.3 s and 330 MB at 2^19 for 387k constraints; snarkjs 40-43 s, 1.33 GB)"
