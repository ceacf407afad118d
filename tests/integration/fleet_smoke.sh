#!/usr/bin/env bash
# The quick start end to end: runs scripts/fleet.sh with a small load, asserts on
# the load generator's summary, verifies every settlement's proof again with
# snarkjs (an independent verifier) under the fleet's verification key, and
# checks that nothing fleet.sh started is still running.
set -euo pipefail
: "${ZKS_BUILD_DIR:?}" "${ZKS_SOURCE_DIR:?}" "${NODE_PATH:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fleet-smoke.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/tmp" "$WORK/settlements"
CACHE=$ZKS_BUILD_DIR/fleet-smoke-cache
fail=0
check() { # check "what" command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

# 3 users x 2 providers = 6 pairs at L=4; 5 traces a pair, except pair 3 (every 4th pair
# sends half as many: 5 - 5/2 = 3); pairs 2 and 5 (every 3rd) over the raw topic.
L=4
expect_traces=$((5 * 5 + 3))
# a 5-trace pair needs at least 2 batches of 4, the 3-trace pair at least 1
min_batches=$((5 * 2 + 1))
set +e
TMPDIR=$WORK/tmp FLEET_BUILD_DIR=$ZKS_BUILD_DIR FLEET_CACHE_DIR=$CACHE FLEET_BATCH=$L \
  FLEET_USERS=3 FLEET_PROVIDERS=2 FLEET_TRACES_PER_PAIR=5 FLEET_RAW_EVERY=3 FLEET_MAX_WAIT_MS=2000 \
  FLEET_TIMEOUT_S=300 FLEET_SETTLEMENTS_OUT=$WORK/settlements \
  bash "$ZKS_SOURCE_DIR/scripts/fleet.sh" >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
cat "$WORK/out"
tail -3 "$WORK/err"
check "fleet.sh exits 0" test "$status" -eq 0

line=$(grep '^result=' "$WORK/out" || true)
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
check "summary says PASS" test "$(field result)" = PASS
check "all $expect_traces traces accepted" test "$(field accepted)" = "$expect_traces"
check "all 4 probes rejected as expected" test "$(field probes_rejected)" = 4
check "every accepted trace settled exactly once" test "$(field settled_once)" = "$expect_traces"
check "at least $min_batches batches" test "$(field batches)" -ge "$min_batches"
check "a verified proof for every batch" test "$(field proofs_verified)" = "$(field batches)"
check "settled fees equal accepted fees" test "$(field fees_equal)" = 1
check "no violations" test "$(field violations)" = 0

# snarkjs verifies every settlement the load generator saw
SNARKJS="$NODE_PATH/snarkjs/build/cli.cjs"
proofs=0 good=0
for proof in "$WORK"/settlements/*.proof.json; do
  [[ -e "$proof" ]] || break
  proofs=$((proofs + 1))
  if node "$SNARKJS" groth16 verify "$CACHE/keys-$L/verification_key.json" "${proof%.proof.json}.public.json" "$proof" |
    grep -q 'OK!'; then
    good=$((good + 1))
  fi
done
check "snarkjs verifies all $proofs settlement proofs" test "$proofs" -ge "$min_batches" -a "$good" = "$proofs"
# and refuses one whose totalFee was changed (so the check above can fail)
first=$(ls "$WORK"/settlements/*.public.json | head -1)
node -e 'const f=process.argv[1],p=JSON.parse(require("fs").readFileSync(f));p[4]=(BigInt(p[4])+1n).toString();require("fs").writeFileSync(f+".bad",JSON.stringify(p))' "$first"
check "snarkjs refuses a tampered totalFee" \
  bash -c "! node '$SNARKJS' groth16 verify '$CACHE/keys-$L/verification_key.json' '$first.bad' '${first%.public.json}.proof.json' | grep -q 'OK!'"

# The dashboard and alerts only use metrics the running services exported (fleet.sh kept
# each service's final /metrics beside its log).
LOGS=$CACHE/logs
check "a /metrics snapshot of ingest, the aggregator and each worker" \
  test -s "$LOGS/metrics-ingest.prom" -a -s "$LOGS/metrics-aggregator.prom" -a -s "$LOGS/metrics-worker-1.prom"
check "every metric the dashboard and alerts use is exported" \
  node "$ZKS_SOURCE_DIR/tests/deploy/check_metrics.mjs" --scrape "$LOGS"/metrics-*.prom

# kcat (an independent client) reads zks.settlements: one record a batch at least
# (re-deliveries may add more), every key the 40-byte user||provider.
check "kcat reads at least $(field batches) settlements" test "$(wc -l <"$LOGS/settlements.kcat")" -ge "$(field batches)"
check "every settlement key is 40 bytes" test -z "$(awk '$1 != 40' "$LOGS/settlements.kcat")"

# every process fleet.sh started had its work dir (sockets, tokens) or the key cache in its arguments
check "no process left behind" test -z "$(pgrep -f "$WORK/tmp|$CACHE" || true)"

# The load generator must notice bad proofs: the same fleet checked against another
# key's verification key (a second development setup for the same circuit) fails, fast.
"$ZKS_BIN" setup --batch "$L" --out "$WORK/otherkey" >/dev/null 2>&1
check "a second key for L=$L" test -s "$WORK/otherkey/verification_key.json"
set +e
TMPDIR=$WORK/tmp FLEET_BUILD_DIR=$ZKS_BUILD_DIR FLEET_CACHE_DIR=$CACHE FLEET_BATCH=$L \
  FLEET_USERS=1 FLEET_PROVIDERS=2 FLEET_TRACES_PER_PAIR=2 FLEET_MAX_WAIT_MS=1000 FLEET_TIMEOUT_S=300 \
  FLEET_LOADGEN_ARGS="--vkey $WORK/otherkey/verification_key.json" \
  bash "$ZKS_SOURCE_DIR/scripts/fleet.sh" >"$WORK/out2" 2>"$WORK/err2"
status=$?
set -e
grep -E '^(result=|  VIOLATIONS)' "$WORK/out2"
check "wrong verification key: fleet.sh exits 1" test "$status" -eq 1
check "wrong verification key: summary says FAIL with no proof verified" \
  grep -q '^result=FAIL .* proofs_verified=0 ' "$WORK/out2"
check "wrong verification key: the violation names the proof" grep -q 'the proof does not verify' "$WORK/out2"
check "wrong verification key: not a timeout" bash -c "! grep -q TIMEOUT '$WORK/out2'"
check "no process left behind after a failed run" test -z "$(pgrep -f "$WORK/tmp|$CACHE" || true)"
exit "$fail"
