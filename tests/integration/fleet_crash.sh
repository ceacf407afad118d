#!/usr/bin/env bash
# The fleet's crash test (DESIGN §6 "whatever process is killed when"): the whole
# fleet on one machine with a small, paced load, and in the middle of the run
#   1. kill -9 of the aggregator while traces wait to be sealed,
#   2. kill -9 of a worker while batches wait to be proved,
#   3. the broker taken down and up through the dev broker's fault commands,
#   4. the killed processes restarted,
#   5. kill -9 of redis-server and a restart on the same socket from its AOF;
# (each kill asserts from Redis that work was pending and that zks-loadgen had not
# finished) then zks-loadgen's checks must all hold: every accepted trace in exactly
# one settlement (re-deliveries of one batch id counted once), settled fees = accepted
# fees, no accepted trace in the DLQ, every proof verifies, final lag 0. kcat reads
# the DLQ topic on its own at the end: only the raw-topic probe is there.
# CRASH_KEEP=1 keeps the work directory (logs, AOF) for a post-mortem.
set -euo pipefail
: "${ZKS_BUILD_DIR:?}" "${ZKS_SOURCE_DIR:?}"
B=$ZKS_BUILD_DIR
ZKS=$B/tools/zks
INGEST=$B/ingest/zks-ingest
AGGREGATOR=$B/aggregator/zks-aggregator
WORKER=$B/worker/zks-worker
LOADGEN=$B/tools/loadgen/zks-loadgen
L=4
USERS=10
PROVIDERS=3
PER_PAIR=8
# every 4th pair (index 3, 7, ...) sends half as many (zks-loadgen's population)
PAIRS=$((USERS * PROVIDERS))
HALF=$((PAIRS / 4))
EXPECT=$(((PAIRS - HALF) * PER_PAIR + HALF * (PER_PAIR / 2)))

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fleet-crash.XXXXXX")
LOGS=$WORK/logs
OUT=$LOGS/loadgen.log
mkdir -p "$LOGS"
declare -A PID
fail=0
say() { printf '%s\n' "$*"; }
check() { # check "what" command...
  local what=$1; shift
  if "$@"; then say "ok: $what"; else say "FAIL: $what"; fail=1; fi
}
die() { say "FAIL: $*"; fail=1; exit 1; }

cleanup() {
  local n
  exec 7>&- 2>/dev/null || true
  for n in "${!PID[@]}"; do kill -KILL "${PID[$n]}" 2>/dev/null || true; done
  for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null || true; done
  if ((fail)); then
    for f in "$LOGS"/*.log; do echo "--- $f"; tail -8 "$f"; done
  fi
  [[ -n "${CRASH_KEEP:-}" ]] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

# start NAME COMMAND...: in the background, log appended to $LOGS/NAME.log (a restart keeps the history)
start() {
  local name=$1; shift
  "$@" </dev/null >>"$LOGS/$name.log" 2>&1 &
  PID[$name]=$!
}
kill9() { kill -KILL "${PID[$1]}"; wait "${PID[$1]}" 2>/dev/null || true; say "killed -9 $1 (pid ${PID[$1]})"; }
alive() { kill -0 "${PID[$1]}" 2>/dev/null; }

# The fleet's Redis state, read by the test only: "sealed announced proved pending_traces"
REDIS_SOCK=$WORK/redis.sock
redis_state() {
  redis-cli -s "$REDIS_SOCK" EVAL "
    local s, a, p, n = 0, 0, 0, 0
    for _, k in ipairs(redis.call('KEYS', 'zks:*:batch:*')) do
      local st = redis.call('HGET', k, 'state')
      if st == 'sealed' then s = s + 1 elseif st == 'announced' then a = a + 1 elseif st == 'proved' then p = p + 1 end
    end
    for _, k in ipairs(redis.call('KEYS', 'zks:*:pending')) do n = n + redis.call('HLEN', k) end
    return {s, a, p, n}" 0 2>/dev/null | tr '\n' ' '
}
# has NAME MIN [NAME MIN...]: every named Redis counter (sealed, announced, proved, pending) is >= MIN
has() {
  local st; read -r -a st <<<"$(redis_state)"
  ((${#st[@]} == 4)) || return 1
  local i
  while (($#)); do
    case $1 in sealed) i=0 ;; announced) i=1 ;; proved) i=2 ;; pending) i=3 ;; *) die "has: unknown counter $1" ;; esac
    ((st[i] >= $2)) || return 1
    shift 2
  done
}
# wait_for WHAT SECONDS CONDITION...: polls CONDITION (a command) every 0.2 s
wait_for() {
  local what=$1 secs=$2; shift 2
  local end=$((SECONDS + secs))
  until "$@"; do
    ((SECONDS < end)) || die "timed out waiting for $what (redis: $(redis_state))"
    alive loadgen || die "zks-loadgen ended while waiting for $what"
    sleep 0.2
  done
}
# kill_mid_run NAME WHAT: asserts that work is pending (WHAT: pending = traces not yet sealed,
# announced = batches not yet proved) and that zks-loadgen has not finished, then kill -9
kill_mid_run() {
  local st; read -r -a st <<<"$(redis_state)"
  local todo=$((st[0] + st[1]))
  [[ $2 == pending ]] && todo=${st[3]}
  say "before killing $1: sealed=${st[0]} announced=${st[1]} proved=${st[2]} pending_traces=${st[3]}"
  check "$1 killed while work was pending ($2 > 0)" test "$todo" -gt 0
  check "$1 killed before zks-loadgen saw every trace settled" bash -c "! grep -q '^zks-loadgen summary' '$OUT'"
  kill9 "$1"
}
broker() { # broker CMD...: a fault command on the dev broker's stdin; its answer must be ok
  local before
  before=$(grep -c '^ok$' "$LOGS/devbroker.log" || true)
  echo "$*" >&7
  for _ in $(seq 1 50); do
    (($(grep -c '^ok$' "$LOGS/devbroker.log" || true) > before)) && { say "broker: $* -> ok"; return 0; }
    sleep 0.1
  done
  die "the dev broker did not answer ok to '$*'"
}
start_redis() { # durable: every write is in the AOF before Redis acknowledges it
  start redis redis-server --port 0 --unixsocket "$REDIS_SOCK" --unixsocketperm 700 --dir "$WORK" \
    --save "" --appendonly yes --appendfsync always
  for _ in $(seq 1 100); do
    redis-cli -s "$REDIS_SOCK" PING 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  die "redis-server did not answer on $REDIS_SOCK"
}
start_aggregator() { start aggregator "$AGGREGATOR" --http-listen 127.0.0.1:0 --max-wait-ms 1500; }
start_worker() { start "worker-$1" "$WORKER" --http-listen 127.0.0.1:0 --keys "$WORK/keys" --threads 1; }
free_port() { # a loopback port nothing listens on now (as scripts/fleet.sh)
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  die "no free loopback port found"
}

# --- key, broker (stdin kept open on a fifo for fault commands), redis, services ---
"$ZKS" setup --batch "$L" --out "$WORK/keys" >"$LOGS/setup.log" 2>&1 || die "zks setup --batch $L failed"
mkfifo "$WORK/broker.in"
"$ZKS" devbroker --partitions 3 --address-file "$WORK/broker.addr" <"$WORK/broker.in" >"$LOGS/devbroker.log" 2>&1 &
PID[devbroker]=$!
exec 7>"$WORK/broker.in"
for _ in $(seq 1 100); do [[ -s "$WORK/broker.addr" ]] && break; sleep 0.1; done
[[ -s "$WORK/broker.addr" ]] || die "zks devbroker did not report its address"
BROKER=$(head -1 "$WORK/broker.addr")
start_redis

export ZKS_KAFKA_BROKERS=$BROKER
export ZKS_REDIS=unix:$REDIS_SOCK
export ZKS_BATCH_SIZE=$L
export ZKS_LOG_LEVEL=info
export ZKS_DRAIN_TIMEOUT_MS=10000
export ZKS_KAFKA_PROP_SESSION_TIMEOUT_MS=6000
export ZKS_KAFKA_PROP_FETCH_WAIT_MAX_MS=100
# DESIGN §8: under injected faults the mock broker can lose an idempotent producer's messages otherwise
export ZKS_KAFKA_PROP_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION=1

"$LOADGEN" providers --providers "$PROVIDERS" --out "$WORK" >/dev/null || die "zks-loadgen providers failed"
INGEST_PORT=$(free_port)
start ingest "$INGEST" --tokens-file "$WORK/tokens" --http-listen "127.0.0.1:$INGEST_PORT"
start_aggregator
start_worker 1
start_worker 2
ingest_ready() { [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$INGEST_PORT/readyz")" == 200 ]]; }
for _ in $(seq 1 300); do ingest_ready && break; sleep 0.1; done
ingest_ready || die "ingest is not ready"
say "fleet up: broker $BROKER, L=$L, $USERS users x $PROVIDERS providers x $PER_PAIR traces ($EXPECT expected)"

# --- the load, in the background and paced (~10 s of sending), so that the crashes land
# while traces still arrive; it then waits for every settlement and checks the invariants ---
start loadgen "$LOADGEN" run --ingest "127.0.0.1:$INGEST_PORT" --providers-file "$WORK/providers.secret" \
  --vkey "$WORK/keys/verification_key.json" --users "$USERS" --traces-per-pair "$PER_PAIR" --raw-every 3 \
  --rate 20 --timeout-s "${CRASH_LOADGEN_TIMEOUT_S:-240}" --log-level error

# --- the crashes ---
wait_for "the first settlement with traces pending" 120 has proved 1 pending 1
kill_mid_run aggregator pending
wait_for "another settlement with the aggregator down" 60 has proved 3 announced 1
kill_mid_run worker-1 announced
broker down 1
sleep 3
broker up 1
sleep 1
start_aggregator
start_worker 1
say "restarted aggregator and worker-1"
n=$(read -r -a st <<<"$(redis_state)"; echo "${st[2]}")
wait_for "two settlements after the restarts" 120 has proved $((n + 2)) announced 1
kill_mid_run redis announced
start_redis
say "restarted redis-server from its AOF"

# --- the verdict ---
status=0
wait "${PID[loadgen]}" || status=$?
unset 'PID[loadgen]'
grep -v -e '^zks-loadgen: [0-9]*/[0-9]* traces settled' -e '"level":"error"' "$OUT" | sed 's/^/  | /'
line=$(grep '^result=' "$OUT" || true)
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $line"; }
check "zks-loadgen exits 0" test "$status" -eq 0
check "summary says PASS" test "$(field result)" = PASS
check "all $EXPECT traces accepted" test "$(field accepted)" = "$EXPECT"
check "every accepted trace settled exactly once" test "$(field settled_once)" = "$EXPECT"
check "nothing unsettled" test "$(field unsettled)" = 0
check "a verified proof for every batch" test "$(field proofs_verified)" = "$(field batches)"
check "at least $((EXPECT / L)) batches" test "$(field batches)" -ge "$((EXPECT / L))"
check "settled fees equal accepted fees" test "$(field fees_equal)" = 1
check "no violations (no accepted trace in the DLQ, no trace in two batches)" test "$(field violations)" = 0
check "final lag 0" test "$(field lag)" = 0
for n in ingest aggregator worker-1 worker-2 redis devbroker; do
  check "$n still running" alive "$n"
done
check "aggregator and worker-1 each started twice (their logs)" \
  test "$(grep -c '"msg":"started' "$LOGS/aggregator.log")" = 2 -a "$(grep -c '"msg":"started' "$LOGS/worker-1.log")" = 2
after_restart=$(awk '/"msg":"started/ {n++} n == 2 && /"msg":"batch sealed/ {c++} END {print c + 0}' "$LOGS/aggregator.log")
say "batches sealed by the restarted aggregator: $after_restart"
check "the restarted aggregator sealed batches (its kill left traces to seal)" test "$after_restart" -gt 0

# Independently of zks-loadgen (which stops reading the DLQ once everything settled): kcat
# reads the whole DLQ topic; every record's reason field (protobuf field 3: tag 0x1a, length 13)
# is bad_signature, i.e. the raw-topic probe, never replay/conflict of a re-delivered trace.
kcat -C -b "$BROKER" -t zks.traces.dlq -e -q -f 'rec %S\n' >"$WORK/dlq.count" 2>/dev/null || true
kcat -C -b "$BROKER" -t zks.traces.dlq -e -q -f '%s' >"$WORK/dlq.bin" 2>/dev/null || true
dlq=$(grep -c '^rec ' "$WORK/dlq.count" || true)
probe_dlq=$(LC_ALL=C grep -aoP '\x1a\x0dbad_signature' "$WORK/dlq.bin" | wc -l)
say "DLQ records on the topic: $dlq, of them bad_signature probes: $probe_dlq"
check "the DLQ holds the raw probe and nothing else" test "$dlq" -ge 1 -a "$probe_dlq" = "$dlq"
exit "$fail"
