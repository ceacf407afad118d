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
consume_restarting a rb &
A=$!
CLEANUP_PIDS+=("$A")
# wait until A is consuming, then B joins
for _ in $(seq 1 100); do grep -q '^msg-' "$WORK/a.out" 2>/dev/null && break; sleep 0.1; done
consume_restarting b rb &
B=$!
CLEANUP_PIDS+=("$B")
wait "$A"; ra=$?
wait "$B"; rb=$?
CLEANUP_PIDS=("$DB_PID")
check "consumer A rc 0 ($ra)" test "$ra" -eq 0
check "consumer B rc 0 ($rb)" test "$rb" -eq 0
na=$(grep -c '^msg-' "$WORK/a.out"); nb=$(grep -c '^msg-' "$WORK/b.out")
check "both consumers got partitions (A $na, B $nb)" test "$na" -gt 0 -a "$nb" -gt 0
check "the cooperative protocol was used" grep -q '"protocol":"COOPERATIVE"' "$WORK/a.err"
check "A gave partitions away" grep -qE "kafka partitions (revoked|lost)" "$WORK/a.err"
check "every message read at least once ($((na + nb)) reads)" \
  diff <(grep -h '^msg-' "$WORK/a.out" "$WORK/b.out" | sort -u) <(for i in $(seq 0 $((N - 1))); do echo "msg-$i"; done | sort)
lag=$("$ZKS_BIN" lag --brokers "$BROKER" --group rb --topic rb.topic --json)
check "group lag 0 at the end ($lag)" grep -q '"total_lag":0' <<<"$lag"
refused() { awk '$1 == "commit_failures" { n += $2 } END { print n + 0 }' "$WORK/$1.out"; }
echo "rebalance: $((na + nb)) reads of $N messages; commits refused: A $(refused a), B $(refused b)"

# Second group, same messages: member D, alone in the group and so holding every partition, is
# killed -9 mid-stream; then C and a restarted D join. D's partitions wait for the broker's
# session timeout, then go to a live member, which re-reads from the last commit; the group
# still ends with every message read and lag 0.
"$ITEST" consume "${COMMON[@]}" --group rb2 --max $((10 * N)) --interval-us 150000 >"$WORK/d.out" 2>"$WORK/d.err" &
D=$!
CLEANUP_PIDS+=("$D")
for _ in $(seq 1 300); do (($(grep -c '^msg-' "$WORK/d.out") >= 3)) && break; sleep 0.1; done
kill -KILL "$D"
wait "$D" 2>/dev/null
nd_killed=$(grep -c '^msg-' "$WORK/d.out")
check "D was reading when it was killed ($nd_killed read)" test "$nd_killed" -ge 3 -a "$nd_killed" -lt $N
consume_restarting c rb2 &
C=$!
CLEANUP_PIDS+=("$C")
consume_restarting d rb2 &
D=$!
CLEANUP_PIDS+=("$D")
wait "$C"; rc_=$?
wait "$D"; rd=$?
CLEANUP_PIDS=("$DB_PID")
check "consumer C rc 0 ($rc_)" test "$rc_" -eq 0
check "consumer D (restarted) rc 0 ($rd)" test "$rd" -eq 0
nc=$(grep -c '^msg-' "$WORK/c.out"); nd=$(grep -c '^msg-' "$WORK/d.out")
check "after the crash, every message read at least once ($((nc + nd)) reads)" \
  diff <(grep -h '^msg-' "$WORK/c.out" "$WORK/d.out" | sort -u) <(for i in $(seq 0 $((N - 1))); do echo "msg-$i"; done | sort)
lag=$("$ZKS_BIN" lag --brokers "$BROKER" --group rb2 --topic rb.topic --json)
check "after the crash, group lag 0 at the end ($lag)" grep -q '"total_lag":0' <<<"$lag"
echo "crash: $((nc + nd)) reads of $N messages; D read $nd_killed before kill -9"
exit $fail
