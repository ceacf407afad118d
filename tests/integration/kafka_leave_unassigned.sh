#!/usr/bin/env bash
# A member that joins a busy group and leaves before its first assignment (a pod stopped
# during a rebalance) exits cleanly. librdkafka 2.0.2 (Debian 12) aborts in that case
# (librdkafka#4312) when the handle is destroyed; zks_consumer_close leaves the group and
# keeps such a handle until exit. Without that, the members here die with SIGABRT.
source "$(dirname "$0")/devbroker_lib.sh"
ITEST=$1
devbroker_start --partitions 4 --topics lu.topic
N=100
out=$("$ITEST" produce --kafka-brokers "$BROKER" --topic lu.topic --count $N 2>"$WORK/p.err")
check "produced $N ($out)" test "$out" = "delivered $N failed 0"
COMMON=(--kafka-brokers "$BROKER" --topic lu.topic --group lu
        --kafka-prop session.timeout.ms=6000 --kafka-prop fetch.wait.max.ms=100)
# A holds every partition and reads slowly, so the group is busy when the others come and go
"$ITEST" consume "${COMMON[@]}" --max $((10 * N)) --idle-ms 3000 --drain-ms 120000 --interval-us 100000 \
  >"$WORK/a.out" 2>"$WORK/a.err" &
A=$!
CLEANUP_PIDS+=("$A")
for _ in $(seq 1 100); do grep -q '^msg-' "$WORK/a.out" 2>/dev/null && break; sleep 0.1; done
waited=0
for i in 1 2 3; do
  "$ITEST" consume "${COMMON[@]}" --max $N --leave-when-joined 1 >"$WORK/b$i.out" 2>"$WORK/b$i.err"
  rc=$?
  check "member $i left cleanly (rc $rc: $(grep -m1 -i 'assert' "$WORK/b$i.err"))" test "$rc" -eq 0
  check "member $i left after the group accepted it" grep -q "joined (COOPERATIVE), leaving" "$WORK/b$i.err"
  grep -q "left the group before any assignment" "$WORK/b$i.err" && waited=$((waited + 1))
done
# the path under test was taken at least once (a member may also be assigned within one poll)
check "a member closed before its first assignment ($waited of 3)" test "$waited" -ge 1
wait "$A"; ra=$?
CLEANUP_PIDS=("$DB_PID")
check "A rc 0 ($ra)" test "$ra" -eq 0
lag=$("$ZKS_BIN" lag --brokers "$BROKER" --group lu --topic lu.topic --json)
check "group lag 0 at the end ($lag)" grep -q '"total_lag":0' <<<"$lag"
echo "leave-unassigned: $waited of 3 members closed before their first assignment; A read $(grep -c '^msg-' "$WORK/a.out")"
exit $fail
