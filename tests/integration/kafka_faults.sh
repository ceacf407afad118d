#!/usr/bin/env bash
# Fault injection on `zks devbroker`: the broker goes down and up and Produce requests
# fail with retriable errors while our idempotent producer (max.in.flight=1, DESIGN §8)
# sends; every message is still delivered, each exactly once (kcat reads them back).
# Then a consumer's last commit is refused (REBALANCE_IN_PROGRESS, twice) and the topic goes
# quiet: the consumer retries the commit by itself, so the group reaches lag 0 while it runs.
source "$(dirname "$0")/devbroker_lib.sh"
ITEST=$1
devbroker_start --brokers 1 --partitions 3 --topics fault.topic
N=600
"$ITEST" produce --kafka-brokers "$BROKER" --topic fault.topic --count $N --interval-us 5000 \
  --kafka-prop max.in.flight.requests.per.connection=1 --kafka-prop retry.backoff.ms=50 \
  >"$WORK/p.out" 2>"$WORK/p.err" &
PRODUCER=$!
sleep 0.8
check "inject Produce errors" test "$(devbroker_cmd 'errors Produce NOT_LEADER_FOR_PARTITION REQUEST_TIMED_OUT NOT_ENOUGH_REPLICAS')" = ok
sleep 0.5
check "broker down" test "$(devbroker_cmd 'down 1')" = ok
sleep 1.5
check "broker up" test "$(devbroker_cmd 'up 1')" = ok
wait "$PRODUCER"; rc=$?
check "producer delivered everything (rc $rc: $(cat "$WORK/p.out"))" test "$rc" -eq 0
check "delivered $N" test "$(cat "$WORK/p.out")" = "delivered $N failed 0"
kcat -C -b "$BROKER" -t fault.topic -e -q -f '%s\n' | sort >"$WORK/got"
check "all $N present exactly once ($(wc -l <"$WORK/got") read)" diff "$WORK/got" <(for i in $(seq 0 $((N - 1))); do echo "msg-$i"; done | sort)

"$ITEST" consume --kafka-brokers "$BROKER" --topic fault.topic --group quiet --max $((N + 10)) --idle-ms 6000 \
  --kafka-prop session.timeout.ms=6000 --kafka-prop fetch.wait.max.ms=100 >"$WORK/c.out" 2>"$WORK/c.err" &
CONSUMER=$!
CLEANUP_PIDS+=("$CONSUMER")
for _ in $(seq 1 300); do (($(grep -c '^msg-' "$WORK/c.out") >= N)) && break; sleep 0.1; done
check "consumer read all $N" test "$(grep -c '^msg-' "$WORK/c.out")" -eq $N
# its commit of the last one must be done before the errors go in, or that commit takes one
for _ in $(seq 1 100); do
  "$ZKS_BIN" lag --brokers "$BROKER" --group quiet --topic fault.topic --json | grep -q '"total_lag":0' && break
  sleep 0.1
done
check "inject two refused commits" test "$(devbroker_cmd 'errors OffsetCommit REBALANCE_IN_PROGRESS REBALANCE_IN_PROGRESS')" = ok
"$ITEST" produce --kafka-brokers "$BROKER" --topic fault.topic --count 1 --start $N >/dev/null 2>"$WORK/p2.err"
wait "$CONSUMER"; rc=$?
check "consumer rc 0 ($rc)" test "$rc" -eq 0
check "it read the last message" grep -qx "msg-$N" "$WORK/c.out"
check "its commit of it was refused once" grep -qx "commit_failures 1" "$WORK/c.out"
# the consumer's own reading, taken before it closes (closing commits too, which would hide a lost commit)
check "the refused commit was retried while it ran ($(grep '^lag' "$WORK/c.out"))" grep -qx "lag 0" "$WORK/c.out"
check "retry logged" grep -q "kafka commit accepted after a refusal" "$WORK/c.err"
lag=$("$ZKS_BIN" lag --brokers "$BROKER" --group quiet --topic fault.topic --json)
check "group lag 0 ($lag)" grep -q '"total_lag":0' <<<"$lag"
exit $fail
