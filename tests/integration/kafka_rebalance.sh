#!/usr/bin/env bash
# Two of our consumers in one group with cooperative-sticky assignment: the second joins
# while the first is busy; partitions are shared between them; together they read every
# message at least once and the group ends with lag 0. Then, in a second group, one member
# is killed -9 while it holds partitions and is started again; the same holds.
# Duplicates are allowed (at-least-once): the mock broker refuses commits while the group
# rebalances (REBALANCE_IN_PROGRESS) and, with a busy member, may declare its assignment
# lost, so messages processed in that window are read again by their next owner. The
# fleet's consumers are idempotent for this reason (DESIGN §6). A refused commit is retried by
# the consumer itself, so the last commit of a member that goes quiet is not lost either.
# Each consumer stops when idle and the group's lag is 0 (--drain-ms): a member that dies and
# rejoins leaves its partitions with nobody until the broker's session timeout, and the group
# must still end drained (the CI run that saw librdkafka#4312 below ended at lag 6 when both
# stopped on idle alone).
source "$(dirname "$0")/devbroker_lib.sh"
ITEST=$1
devbroker_start --partitions 4 --topics rb.topic
COMMON=(--kafka-brokers "$BROKER" --topic rb.topic --idle-ms 12000
        --kafka-prop session.timeout.ms=6000 --kafka-prop fetch.wait.max.ms=100)
N=60
out=$("$ITEST" produce --kafka-brokers "$BROKER" --topic rb.topic --count $N 2>"$WORK/p.err")
check "produced $N ($out)" test "$out" = "delivered $N failed 0"

# librdkafka 2.0.2 (Debian 12) can abort a cooperative-sticky member during a rebalance:
# "rd_kafka_sticky_assignor_state_destroy: Assertion `assignor_state' failed", upstream
# issue confluentinc/librdkafka#4312, fixed in 2.3.0 (PR #4381). In the fleet Kubernetes
# restarts such a pod; here the consumer is restarted the same way (at most 3 times), and
# only that assertion is forgiven: any other exit still fails the test.
UPSTREAM_ABORT="rd_kafka_sticky_assignor_state_destroy: Assertion \`assignor_state' failed"
consume_restarting() { # NAME GROUP: appends to $WORK/NAME.out and NAME.err, exits with the last status
  local name=$1 group=$2 rc tries=0
  while :; do
    "$ITEST" consume "${COMMON[@]}" --group "$group" --max $((10 * N)) --drain-ms 100000 --interval-us 150000 \
      >>"$WORK/$name.out" 2>>"$WORK/$name.err"
    rc=$?
    if ((rc == 134 && tries < 3)) && grep -qF "$UPSTREAM_ABORT" "$WORK/$name.err"; then
      tries=$((tries + 1))
      echo "consumer $name hit librdkafka#4312 (restart $tries)"
      sed -i "s/$UPSTREAM_ABORT/(forgiven: librdkafka#4312)/" "$WORK/$name.err"
      continue
    fi
    return $rc
  done
}
# Members X and Y of GROUP (Y joins once X reads) run until the group is drained; both exit 0,
# every message is read at least once, the group ends with lag 0. Sets NX, NY (reads of each).
run_pair() { # GROUP X Y
  local group=$1 x=$2 y=$3 px py rx ry lag
  consume_restarting "$x" "$group" &
  px=$!
  CLEANUP_PIDS+=("$px")
  for _ in $(seq 1 100); do grep -q '^msg-' "$WORK/$x.out" 2>/dev/null && break; sleep 0.1; done
  consume_restarting "$y" "$group" &
  py=$!
  CLEANUP_PIDS+=("$py")
  wait "$px"; rx=$?
  wait "$py"; ry=$?
  CLEANUP_PIDS=("$DB_PID")
  check "$group: consumer $x rc 0 ($rx)" test "$rx" -eq 0
  check "$group: consumer $y rc 0 ($ry)" test "$ry" -eq 0
  NX=$(grep -c '^msg-' "$WORK/$x.out"); NY=$(grep -c '^msg-' "$WORK/$y.out")
  check "$group: every message read at least once ($((NX + NY)) reads)" \
    diff <(grep -h '^msg-' "$WORK/$x.out" "$WORK/$y.out" | sort -u) <(for i in $(seq 0 $((N - 1))); do echo "msg-$i"; done | sort)
  lag=$("$ZKS_BIN" lag --brokers "$BROKER" --group "$group" --topic rb.topic --json)
  check "$group: group lag 0 at the end ($lag)" grep -q '"total_lag":0' <<<"$lag"
}

run_pair rb a b
check "both consumers got partitions (A $NX, B $NY)" test "$NX" -gt 0 -a "$NY" -gt 0
check "the cooperative protocol was used" grep -q '"protocol":"COOPERATIVE"' "$WORK/a.err"
check "A gave partitions away" grep -qE "kafka partitions (revoked|lost)" "$WORK/a.err"
refused() { awk '$1 == "commit_failures" { n += $2 } END { print n + 0 }' "$WORK/$1.out"; }
echo "rebalance: $((NX + NY)) reads of $N messages; commits refused: A $(refused a), B $(refused b)"

# Second group, same messages: member D, alone in the group and so holding every partition, is
# killed -9 mid-stream; then a restarted D and C join. D's partitions wait for the broker's
# session timeout, then go to a live member, which re-reads from the last commit.
"$ITEST" consume "${COMMON[@]}" --group rb2 --max $((10 * N)) --interval-us 150000 >"$WORK/d.out" 2>"$WORK/d.err" &
D=$!
CLEANUP_PIDS+=("$D")
for _ in $(seq 1 300); do (($(grep -c '^msg-' "$WORK/d.out") >= 3)) && break; sleep 0.1; done
kill -KILL "$D"
wait "$D" 2>/dev/null
nd_killed=$(grep -c '^msg-' "$WORK/d.out")
check "D was reading when it was killed ($nd_killed read)" test "$nd_killed" -ge 3 -a "$nd_killed" -lt $N
run_pair rb2 d c
echo "crash: $((NX + NY)) reads of $N messages; D read $nd_killed before kill -9"
exit $fail
