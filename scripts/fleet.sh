#!/usr/bin/env bash
# The quick start (`make fleet` runs it after `make build`): the whole fleet on
# one machine, driven by the load generator, then a summary.
#
#   a development key for L = FLEET_BATCH (made once, cached under FLEET_CACHE_DIR/keys-L,
#   reused while the cached r1cs still matches the circuit and the files their recorded hashes)
#   -> zks devbroker (Kafka protocol, loopback) + a private redis-server (unix socket)
#   -> zks-ingest (provider tokens written by zks-loadgen), zks-aggregator, FLEET_WORKERS x zks-worker
#   -> zks-loadgen: users x providers signed traces over HTTP and the raw topic, probes that
#      must be rejected, then waits for every accepted trace to be settled and verifies every proof.
# Everything it started is stopped on exit, on failure and on Ctrl-C.
#
# Settings (environment): FLEET_BATCH (8), FLEET_USERS (20), FLEET_PROVIDERS (5),
# FLEET_TRACES_PER_PAIR (8; every 4th pair half as many), FLEET_RAW_EVERY (3: every 3rd pair over the raw topic),
# FLEET_RATE (0: send as fast as ingest takes them; N: about N traces/s, for latency under steady load),
# FLEET_WORKERS (2), FLEET_MAX_WAIT_MS (2000: age-based sealing), FLEET_TIMEOUT_S (900),
# FLEET_BUILD_DIR (build), FLEET_CACHE_DIR (.zks-dev), FLEET_LOG_DIR (FLEET_CACHE_DIR/logs),
# FLEET_SETTLEMENTS_OUT (unset; a directory: every verified proof also as snarkjs proof/public JSON),
# FLEET_LOADGEN_ARGS (extra zks-loadgen run flags, word-split; later flags win).
# Exit status: zks-loadgen's (0 all invariants hold, 1 one failed or timed out), 3 when
# something could not be started.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FLEET_BUILD_DIR:-$ROOT/build}
BATCH=${FLEET_BATCH:-8}
USERS=${FLEET_USERS:-20}
PROVIDERS=${FLEET_PROVIDERS:-5}
TRACES_PER_PAIR=${FLEET_TRACES_PER_PAIR:-8}
RAW_EVERY=${FLEET_RAW_EVERY:-3}
RATE=${FLEET_RATE:-0}
WORKERS=${FLEET_WORKERS:-2}
MAX_WAIT_MS=${FLEET_MAX_WAIT_MS:-2000}
TIMEOUT_S=${FLEET_TIMEOUT_S:-900}
CACHE=${FLEET_CACHE_DIR:-$ROOT/.zks-dev}
LOGS=${FLEET_LOG_DIR:-$CACHE/logs}

ZKS=$BUILD/tools/zks
INGEST=$BUILD/ingest/zks-ingest
AGGREGATOR=$BUILD/aggregator/zks-aggregator
WORKER=$BUILD/worker/zks-worker
LOADGEN=$BUILD/tools/loadgen/zks-loadgen

say() { printf 'fleet: %s\n' "$*" >&2; }
die() { say "$*"; exit 3; }

[[ "$BATCH" =~ ^[0-9]+$ ]] && ((BATCH >= 1)) || die "FLEET_BATCH must be a positive integer, got '$BATCH'"
[[ "$WORKERS" =~ ^[0-9]+$ ]] && ((WORKERS >= 1)) || die "FLEET_WORKERS must be a positive integer, got '$WORKERS'"
for bin in "$ZKS" "$INGEST" "$AGGREGATOR" "$WORKER" "$LOADGEN"; do
  [[ -x "$bin" ]] || die "missing $bin: build first (make build, or FLEET_BUILD_DIR=...)"
done
command -v redis-server >/dev/null || die "redis-server not found (scripts/install-deps.sh installs it)"

# The whole script runs as one function, parsed before it starts, so that editing this
# file (e.g. a git pull) while a fleet is running cannot change what the running copy does.
main() {
START=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zks-fleet.XXXXXX")
PIDS=()
NAMES=()

# stop_range FIRST LAST: SIGTERM to PIDS[FIRST..LAST] (they drain), SIGKILL to whatever still runs after 30 s.
stop_range() {
  local first=$1 last=$2 i left
  ((last >= first)) || return 0
  for ((i = first; i <= last; i++)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for _ in $(seq 1 300); do
    left=0
    for ((i = first; i <= last; i++)); do kill -0 "${PIDS[i]}" 2>/dev/null && left=1; done
    ((left)) || break
    sleep 0.1
  done
  for ((i = first; i <= last; i++)); do
    if kill -0 "${PIDS[i]}" 2>/dev/null; then
      say "${NAMES[i]} (pid ${PIDS[i]}) did not stop on SIGTERM within 30 s; killing it"
      kill -KILL "${PIDS[i]}" 2>/dev/null || true
    fi
    wait "${PIDS[i]}" 2>/dev/null || true
  done
}

# Stops what this script started: the services and the load generator first (they drain
# into Kafka and Redis), then redis-server and the broker (PIDS[0..1]).
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_range 2 $((${#PIDS[@]} - 1))
  stop_range 0 $((${#PIDS[@]} < 2 ? ${#PIDS[@]} - 1 : 1))
  rm -rf "$WORK"
  if ((status != 0)); then
    say "failed (exit $status); service logs are in $LOGS"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME COMMAND...: runs it in the background with its log in $LOGS/NAME.log
start() {
  local name=$1
  shift
  "$@" </dev/null >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
}

# alive NAME PID: fails the run when the process has exited
alive() {
  kill -0 "$2" 2>/dev/null || { tail -5 "$LOGS/$1.log" >&2; die "$1 exited early (log: $LOGS/$1.log)"; }
}

# A loopback port nothing listens on now (there is a window before the service binds it;
# on a clash the service fails to start and this script says so).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

# http_status PORT PATH: the status code of a GET, or 000 when nothing answers (bash only, no curl needed)
http_status() {
  local line
  if exec 4<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null; then
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&4
    read -r -t 5 line <&4 || line=""
    exec 4<&- 4>&-
    line=${line#HTTP/1.? }
    echo "${line:0:3}"
  else
    echo 000
  fi
}

mkdir -p "$CACHE" "$LOGS"
rm -f "$LOGS"/*.log

# --- the development key, cached: the circuit's r1cs identifies it ---
KEYS=$CACHE/keys-$BATCH
"$ZKS" export-r1cs --batch "$BATCH" --out "$WORK/circuit.r1cs" >/dev/null 2>"$WORK/export.err" ||
  die "zks export-r1cs --batch $BATCH failed: $(head -1 "$WORK/export.err")"
if [[ -f "$KEYS/manifest.sha256" ]] && (cd "$KEYS" && sha256sum --quiet -c manifest.sha256 >/dev/null 2>&1) &&
  cmp -s "$WORK/circuit.r1cs" "$KEYS/settle_$BATCH.r1cs"; then
  say "reusing the development key in $KEYS"
else
  say "making a development key for L=$BATCH in $KEYS (zks setup; once)"
  rm -rf "$KEYS.tmp"
  mkdir -p "$KEYS.tmp"
  "$ZKS" setup --batch "$BATCH" --out "$KEYS.tmp" >"$LOGS/setup.log" 2>&1 || die "zks setup failed (log: $LOGS/setup.log)"
  (cd "$KEYS.tmp" && sha256sum "settle_$BATCH.zkey" "settle_$BATCH.r1cs" verification_key.json >manifest.sha256)
  rm -rf "$KEYS"
  mv "$KEYS.tmp" "$KEYS"
fi

# --- broker and redis ---
# wait_ready NAME TEST PATH: up to 10 s for `test TEST PATH` (e.g. -s, -S) while the last started process lives
wait_ready() {
  local name=$1 flag=$2 path=$3
  for _ in $(seq 1 100); do
    test "$flag" "$path" && return 0
    alive "$name" "${PIDS[-1]}"
    sleep 0.1
  done
  test "$flag" "$path"
}

start devbroker "$ZKS" devbroker --partitions 3 --address-file "$WORK/broker.addr"
wait_ready devbroker -s "$WORK/broker.addr" || die "zks devbroker did not report its address"
BROKER=$(head -1 "$WORK/broker.addr")

start redis redis-server --port 0 --unixsocket "$WORK/redis.sock" --unixsocketperm 700 --save "" --appendonly no
wait_ready redis -S "$WORK/redis.sock" || die "redis-server did not open its socket"

# Settings every service and the load generator read (config.h: ZKS_* environment).
# The dev broker needs short rebalances and fetch waits (DESIGN §8).
export ZKS_KAFKA_BROKERS=$BROKER
export ZKS_REDIS=unix:$WORK/redis.sock
export ZKS_BATCH_SIZE=$BATCH
export ZKS_LOG_LEVEL=${ZKS_LOG_LEVEL:-info}
export ZKS_DRAIN_TIMEOUT_MS=10000
export ZKS_KAFKA_PROP_SESSION_TIMEOUT_MS=6000
export ZKS_KAFKA_PROP_FETCH_WAIT_MAX_MS=100

# The services' final /metrics, kept beside their logs as $LOGS/metrics-NAME.prom (what a
# dashboard would have shown at the end; the fleet smoke test checks the dashboard's names
# against them).
snapshot_metrics() {
  local name
  for name in "${!METRICS_PORT[@]}"; do
    curl -s --max-time 5 "http://127.0.0.1:${METRICS_PORT[$name]}/metrics" >"$LOGS/metrics-$name.prom" ||
      say "could not read /metrics of $name"
  done
  # The settlements as an independent Kafka client sees them: key length, value size, partition.
  if command -v kcat >/dev/null; then
    kcat -b "$BROKER" -C -t zks.settlements -e -q -f '%K %S %p\n' >"$LOGS/settlements.kcat" 2>/dev/null ||
      say "kcat could not read zks.settlements"
  fi
}

# --- services ---
"$LOADGEN" providers --providers "$PROVIDERS" --out "$WORK" || die "zks-loadgen providers failed"
INGEST_PORT=$(free_port)
start ingest "$INGEST" --tokens-file "$WORK/tokens" --http-listen "127.0.0.1:$INGEST_PORT"
# Every service gets a known port so that its /metrics can be read (see snapshot_metrics).
declare -A METRICS_PORT=([ingest]=$INGEST_PORT)
METRICS_PORT[aggregator]=$(free_port)
start aggregator "$AGGREGATOR" --http-listen "127.0.0.1:${METRICS_PORT[aggregator]}" --max-wait-ms "$MAX_WAIT_MS"
threads=$(( $(nproc) / WORKERS ))
((threads >= 1)) || threads=1
for i in $(seq 1 "$WORKERS"); do
  METRICS_PORT[worker-$i]=$(free_port)
  start "worker-$i" "$WORKER" --http-listen "127.0.0.1:${METRICS_PORT[worker-$i]}" --keys "$KEYS" --threads "$threads"
done

for _ in $(seq 1 300); do
  [[ $(http_status "$INGEST_PORT" /readyz) == 200 ]] && break
  for i in "${!PIDS[@]}"; do alive "${NAMES[i]}" "${PIDS[i]}"; done
  sleep 0.1
done
[[ $(http_status "$INGEST_PORT" /readyz) == 200 ]] || die "ingest is not ready on 127.0.0.1:$INGEST_PORT"
say "fleet up: broker $BROKER, redis $WORK/redis.sock, ingest 127.0.0.1:$INGEST_PORT, 1 aggregator, $WORKERS workers (L=$BATCH)"

# --- load and checks ---
# In the background and waited for, so that a SIGTERM to this script runs the cleanup at once
# (bash defers traps while a foreground command runs).
"$LOADGEN" run --ingest "127.0.0.1:$INGEST_PORT" --providers-file "$WORK/providers.secret" \
  --vkey "$KEYS/verification_key.json" --users "$USERS" --traces-per-pair "$TRACES_PER_PAIR" \
  --raw-every "$RAW_EVERY" --rate "$RATE" --timeout-s "$TIMEOUT_S" --log-level error \
  ${FLEET_SETTLEMENTS_OUT:+--settlements-out "$FLEET_SETTLEMENTS_OUT"} ${FLEET_LOADGEN_ARGS:-} 2> >(tee "$LOGS/loadgen.log" >&2) &
LOADGEN_PID=$!
PIDS+=("$LOADGEN_PID")
NAMES+=(loadgen)
status=0
wait "$LOADGEN_PID" || status=$?
snapshot_metrics
for i in "${!PIDS[@]}"; do
  [[ "${PIDS[i]}" == "$LOADGEN_PID" ]] && continue
  kill -0 "${PIDS[i]}" 2>/dev/null || { say "${NAMES[i]} died during the run (log: $LOGS/${NAMES[i]}.log)"; status=1; }
done
say "run took $(( $(date +%s) - START )) s after the build; $( ((status == 0)) && echo GREEN || echo "FAILED (exit $status)")"
exit "$status"
}

main "$@"
