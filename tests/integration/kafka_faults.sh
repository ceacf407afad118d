#!/usr/bin/env bash
# Fault injection on `zks devbroker`: the broker goes down and up and Produce requests
# fail with retriable errors while our idempotent producer (max.in.flight=1, DESIGN §8)
# sends; every message is still delivered, each exactly once (kcat reads them back).
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
exit $fail
