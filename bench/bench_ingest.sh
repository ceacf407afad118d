#!/usr/bin/env bash
# Ingest throughput and end-to-end latency benchmark (not a test: nothing here asserts on time).
#
#   bench/bench_ingest.sh BUILD_DIR [--traces N] [--perf] [--latency]
#
# One devbroker, one zks-ingest, N traces signed once (bench_ingest_driver gen) and used by
# every phase, so the figures of one invocation compare the same input:
#   peer A  single-thread verify loop over the N traces (Poseidon hash + EdDSA verify: ingest's check)
#   peer B  the N traces produced straight to zks.traces.raw with ingest's producer settings
#           (the broker ceiling: no checks), which is also the pre-production for phase 2
#   2 raw   ingest started after the N are on the raw topic; time until all N are on zks.traces
#   1 http  the N traces POSTed as JSON arrays (batch 100 over 4 connections, batch 1000 over 2),
#           counting traces in 202 answers (202 = verified and confirmed by the broker)
#   --perf    perf record -g of ingest during the batch-100 HTTP run; top entries printed
#   --latency scripts/fleet.sh at FLEET_RATE (default 200 traces/s, L=8): zks-loadgen's e2e p50/p99
# Every figure is printed with the machine load (uptime) at the time: the machine is shared.
set -euo pipefail
BUILD=$(cd "${1:?usage: bench/bench_ingest.sh BUILD_DIR [--traces N] [--perf] [--latency]}" && pwd)
shift
N=20000
PERF=0
LATENCY=0
while (($#)); do
  case $1 in
    --traces) N=$2; shift 2 ;;
    --perf) PERF=1; shift ;;
    --latency) LATENCY=1; shift ;;
    --quick) N=4000; shift ;;
    *) echo "bench_ingest: unknown option $1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
ZKS=$BUILD/tools/zks
INGEST=$BUILD/ingest/zks-ingest
LOADGEN=$BUILD/tools/loadgen/zks-loadgen
DRIVER=$BUILD/bench/bench_ingest_driver
for b in "$ZKS" "$INGEST" "$LOADGEN" "$DRIVER"; do
  [[ -x $b ]] || { echo "bench_ingest: missing $b (build zks, zks-ingest, zks-loadgen, bench_ingest_driver)" >&2; exit 3; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zks-bench-ingest.XXXXXX")
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
load() { printf '[load %s]' "$(uptime | sed 's/.*load average: //')"; }
pick() { awk -v k="$1" '$1 == k {print $2; exit}' <<<"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

"$ZKS" devbroker --partitions 3 --address-file "$WORK/broker.addr" >"$WORK/broker.log" 2>&1 </dev/null &
PIDS+=($!)
for _ in $(seq 1 100); do [[ -s $WORK/broker.addr ]] && break; sleep 0.1; done
[[ -s $WORK/broker.addr ]] || { echo "bench_ingest: devbroker did not start" >&2; exit 3; }
BROKER=$(head -1 "$WORK/broker.addr")
export ZKS_KAFKA_BROKERS=$BROKER ZKS_LOG_LEVEL=warn
export ZKS_KAFKA_PROP_SESSION_TIMEOUT_MS=6000 ZKS_KAFKA_PROP_FETCH_WAIT_MAX_MS=100

"$LOADGEN" providers --providers 5 --out "$WORK" >/dev/null
echo "== ingest benchmark: $N traces, 5 providers x 50 users, devbroker (3 partitions), $(nproc) cores =="
t0=$(date +%s.%N)
"$DRIVER" gen "$WORK/traces.bin" "$N" "$WORK/providers.secret" 50
echo "signed $N traces in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s $(load)"

PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)
V_OUT=$("${PIN[@]}" "$DRIVER" verify "$WORK/traces.bin")
echo "peer A (verify loop, one core):  $(grep verify_rate <<<"$V_OUT" | cut -d' ' -f2-) $(load)"
P_OUT=$("$DRIVER" raw "$WORK/traces.bin" "$BROKER" zks.traces.raw)
echo "peer B (produce, no checks):     $(grep raw_produce_rate <<<"$P_OUT" | cut -d' ' -f2-) $(load)"
VERIFY=$(pick verify_rate "$V_OUT")
PRODUCE=$(pick raw_produce_rate "$P_OUT")

# phase 2: ingest drains the pre-produced raw topic
"$DRIVER" wait "$BROKER" zks.traces "$N" 600 >"$WORK/wait.out" &
WAIT_PID=$!
for _ in $(seq 1 100); do grep -q wait_ready "$WORK/wait.out" && break; sleep 0.1; done
"$INGEST" --tokens-file "$WORK/tokens" --http-listen 127.0.0.1:0 --log-level info >"$WORK/ingest.log" 2>&1 </dev/null &
INGEST_PID=$!
PIDS+=("$INGEST_PID")
wait "$WAIT_PID" || { cat "$WORK/wait.out" "$WORK/ingest.log" >&2; exit 1; }
W_OUT=$(cat "$WORK/wait.out")
RAW=$(pick wait_rate "$W_OUT")
echo "2 raw topic -> ingest -> zks.traces: $(grep wait_rate <<<"$W_OUT" | cut -d' ' -f2-) $(load)"
echo "    ($(grep wait_done <<<"$W_OUT" | cut -d' ' -f2-); the first includes the consumer group join)"

# phase 1: HTTP (ingest logs its port in its "started" line)
PORT=""
for _ in $(seq 1 100); do
  PORT=$(grep -o '"port":[0-9]*' "$WORK/ingest.log" | head -1 | cut -d: -f2 || true)
  [[ -n $PORT ]] && break
  sleep 0.1
done
[[ -n $PORT ]] || { echo "bench_ingest: ingest did not report its port" >&2; cat "$WORK/ingest.log" >&2; exit 3; }
declare -A HTTP
for cfg in "100 4" "1000 2"; do
  read -r batch conns <<<"$cfg"
  if ((PERF && batch == 100)); then
    perf record -g -F 499 -p "$INGEST_PID" -o "$WORK/perf.data" >/dev/null 2>&1 &
    PERF_PID=$!
    sleep 0.5
  fi
  H_OUT=$("$DRIVER" http "$WORK/traces.bin" "$WORK/providers.secret" "127.0.0.1:$PORT" "$batch" "$conns") ||
    { echo "$H_OUT" >&2; echo "bench_ingest: HTTP run lost traces" >&2; exit 1; }
  if ((PERF && batch == 100)); then
    kill -INT "$PERF_PID"
    wait "$PERF_PID" || true
  fi
  HTTP[$batch]=$(pick http_rate "$H_OUT")
  echo "1 HTTP batch $batch x $conns conns:  $(grep http_rate <<<"$H_OUT" | cut -d' ' -f2-) $(load)"
done

echo "== ratios (same traces, same run) =="
echo "HTTP b100  / verify 1 core : $(ratio "${HTTP[100]}" "$VERIFY")"
echo "HTTP b1000 / verify 1 core : $(ratio "${HTTP[1000]}" "$VERIFY")"
echo "raw ingest / verify 1 core : $(ratio "$RAW" "$VERIFY")"
echo "HTTP b1000 / produce ceiling: $(ratio "${HTTP[1000]}" "$PRODUCE")"
echo "raw ingest / produce ceiling: $(ratio "$RAW" "$PRODUCE")"
echo "goal 20000 traces/s: HTTP b1000 at $(ratio "${HTTP[1000]}" 20000), raw at $(ratio "$RAW" 20000) of it"

if ((PERF)); then
  echo "== perf: ingest during HTTP batch 100 (self time, top entries) =="
  perf report -i "$WORK/perf.data" --stdio --no-children --sort symbol 2>/dev/null |
    awk '/^ +[0-9.]+%/ && n++ < 15'
fi

if ((LATENCY)); then
  echo "== end-to-end latency: fleet.sh at FLEET_RATE=${FLEET_RATE:-200}, L=${FLEET_BATCH:-8} =="
  CACHE=${FLEET_CACHE_DIR:-$WORK/fleet-cache}
  # reuse the quick start's key when it exists (fleet.sh re-checks it against the circuit)
  if [[ ! -d $CACHE/keys-${FLEET_BATCH:-8} && -d $HERE/../.zks-dev/keys-${FLEET_BATCH:-8} ]]; then
    mkdir -p "$CACHE" && cp -r "$HERE/../.zks-dev/keys-${FLEET_BATCH:-8}" "$CACHE/"
  fi
  L_OUT=$(FLEET_BUILD_DIR=$BUILD FLEET_CACHE_DIR=$CACHE FLEET_RATE=${FLEET_RATE:-200} FLEET_BATCH=${FLEET_BATCH:-8} \
    FLEET_USERS=${FLEET_USERS:-10} FLEET_TRACES_PER_PAIR=${FLEET_TRACES_PER_PAIR:-8} FLEET_MAX_WAIT_MS=${FLEET_MAX_WAIT_MS:-1000} \
    "$HERE/../scripts/fleet.sh" 2>&1) || { echo "$L_OUT" | tail -20 >&2; echo "bench_ingest: fleet run failed" >&2; exit 1; }
  grep -E 'latency|tps=|traces' <<<"$L_OUT" | tail -6
  echo "$(load)"
fi
