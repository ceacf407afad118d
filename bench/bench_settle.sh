#!/usr/bin/env bash
# Settlement proving at L = 64: `zks prove` (signed traces -> EdDSA checks -> witness -> Groth16)
# against `snarkjs groth16 prove` on the same settle_64.zkey and the same witness (written by
# `zks prove --wtns`), in the same run; `zks prove` is also timed without --wtns (no second witness
# synthesis, no file). Prints wall time and peak RSS (GNU time -v) of each,
# the ratio, and ms per settled request (wall / 64). snarkjs starts from the finished witness,
# so its figure leaves out signature checks and witness generation that ours includes.
# Both proofs are checked with `snarkjs groth16 verify` (untimed).
#
#   bench/bench_settle.sh [BUILD_DIR] [KEY_CACHE_DIR]
#       default: build-release; key cache: BUILD_DIR/bench-cache/settle64 (the L=64 key is ~100 MB
#       and takes 15-45 s to make, so it is made once and reused while the r1cs still matches)
#
# Run it once, not in a loop: the machine is shared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build-release}
L=64
cache=${2:-$build/bench-cache/settle$L}

zks=$build/tools/zks
snarkjs=(node "$root/tests/oracle/node_modules/snarkjs/build/cli.cjs")
for bin in "$zks" /usr/bin/time; do
  [[ -x $bin ]] || { echo "bench_settle: missing $bin (build the zks target; apt-get install time)" >&2; exit 3; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench_settle.XXXXXX")
trap 'rm -rf "$work"' EXIT

# shellcheck source=bench/measure.sh
source "$here/measure.sh"

# The cached key is reused only while its r1cs is the one the current circuit exports.
"$zks" export-r1cs --batch "$L" --out "$work/current.r1cs"
if [[ -f $cache/settle_$L.zkey ]] && cmp -s "$cache/settle_$L.r1cs" "$work/current.r1cs"; then
  echo "key: reusing $cache/settle_$L.zkey"
else
  mkdir -p "$cache"
  measure "$work/setup" "$zks" setup --batch "$L" --out "$cache"
  echo "key: made $cache/settle_$L.zkey in $(cat "$work/setup.wall") s"
fi
"$zks" circuit-info --batch "$L"

# 64 requests of one user/provider pair, signed by one key made by zks keygen
"$zks" keygen >"$work/key.json"
user=0x$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
provider=0x$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
{
  printf '['
  for ((i = 0; i < L; i++)); do
    ((i)) && printf ','
    printf '{"nonce":"%d","fee":"%d","user":"%s","provider":"%s"}' $((1000 + i)) $((1000003 * (i + 1))) "$user" "$provider"
  done
  printf ']'
} | "$zks" sign --key-file "$work/key.json" >"$work/traces.json"

# both provers read the whole key: time them on a warm page cache, not whoever comes first
cat "$cache/settle_$L.zkey" >/dev/null
measure "$work/zks" "$zks" prove --keys "$cache" --traces "$work/traces.json" --proof "$work/proof.json" \
  --public "$work/public.json" --wtns "$work/w.wtns"
# the same proof without --wtns: what the worker pays (no second synthesis, no witness file)
measure "$work/zks_plain" "$zks" prove --keys "$cache" --traces "$work/traces.json" --proof "$work/proof2.json" \
  --public "$work/public2.json"
measure "$work/snarkjs" "${snarkjs[@]}" groth16 prove "$cache/settle_$L.zkey" "$work/w.wtns" "$work/sj_proof.json" \
  "$work/sj_public.json"

verified=no
"${snarkjs[@]}" groth16 verify "$cache/verification_key.json" "$work/public.json" "$work/proof.json" >/dev/null 2>&1 &&
  "${snarkjs[@]}" groth16 verify "$cache/verification_key.json" "$work/sj_public.json" "$work/sj_proof.json" \
    >/dev/null 2>&1 && "${snarkjs[@]}" groth16 verify "$cache/verification_key.json" "$work/public2.json" \
    "$work/proof2.json" >/dev/null 2>&1 && cmp -s <(tr -d ' \n' <"$work/public.json") <(tr -d ' \n' <"$work/sj_public.json") && verified=yes

zw=$(cat "$work/zks.wall") sw=$(cat "$work/snarkjs.wall")
printf '%-34s %8s %8s %14s\n' "L=$L, same zkey and witness" wall_s peak_MB ms/request
printf '%-34s %8.2f %8d %14.1f\n' "zks prove --wtns (traces->proof)" "$zw" "$(cat "$work/zks.rss")" \
  "$(awk -v w="$zw" -v l="$L" 'BEGIN { print w * 1000 / l }')"
pw=$(cat "$work/zks_plain.wall")
printf '%-34s %8.2f %8d %14.1f\n' "zks prove (traces->proof)" "$pw" "$(cat "$work/zks_plain.rss")" \
  "$(awk -v w="$pw" -v l="$L" 'BEGIN { print w * 1000 / l }')"
printf '%-34s %8.2f %8d %14.1f\n' "snarkjs groth16 prove (wtns->proof)" "$sw" "$(cat "$work/snarkjs.rss")" \
  "$(awk -v w="$sw" -v l="$L" 'BEGIN { print w * 1000 / l }')"
awk -v a="$sw" -v b="$zw" -v c="$pw" \
  'BEGIN { printf "ratio snarkjs / zks: %.1fx (with --wtns), %.1fx (without)\n", (b > 0 ? a / b : 0), (c > 0 ? a / c : 0) }'
echo "both proofs verified by snarkjs, same public inputs: $verified"
echo "load: $(uptime)"
[[ $verified == yes ]]
