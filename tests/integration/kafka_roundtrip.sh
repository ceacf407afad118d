#!/usr/bin/env bash
# Our producer -> our consumer with manual commits; a second consumer run of the same
# group resumes after the committed offset (no message lost, none repeated after a clean
# close); `zks lag` and the consumer's lag gauge agree with what was produced and committed.
source "$(dirname "$0")/devbroker_lib.sh"
ITEST=$1
devbroker_start --partitions 3 --topics rt.topic
COMMON=(--kafka-brokers "$BROKER" --topic rt.topic --kafka-prop session.timeout.ms=6000 --kafka-prop fetch.wait.max.ms=100)

out=$("$ITEST" produce "${COMMON[@]}" --count 30 2>"$WORK/p.err"); rc=$?
check "produce 30 ok (rc $rc: $out $(tail -2 "$WORK/p.err"))" test "$rc" -eq 0
check "delivered 30" test "$out" = "delivered 30 failed 0"

lag_total() { "$ZKS_BIN" lag --brokers "$BROKER" --group "$1" --topic rt.topic --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total_lag))'; }
check "lag of a group that never committed is everything (30)" test "$(lag_total g1)" = 30

"$ITEST" consume "${COMMON[@]}" --group g1 --max 12 >"$WORK/c1.out" 2>"$WORK/c1.err"; rc=$?
check "first consume rc 0 ($rc)" test "$rc" -eq 0
check "first run read 12" test "$(grep -c '^msg-' "$WORK/c1.out")" -eq 12
check "consumer lag gauge says 18" test "$(grep '^lag ' "$WORK/c1.out")" = "lag 18"
check "no commit failed" test "$(grep '^commit_failures ' "$WORK/c1.out")" = "commit_failures 0"
check "zks lag says 18 after 12 committed" test "$(lag_total g1)" = 18
check "zks lag without --topic says 18 too" test "$("$ZKS_BIN" lag --brokers "$BROKER" --group g1 --json | grep -o '"total_lag":[0-9]*')" = '"total_lag":18'
table=$("$ZKS_BIN" lag --brokers "$BROKER" --group g1 --topic rt.topic)
check "table has a header and 3 partitions" test "$(wc -l <<<"$table")" -eq 4

"$ITEST" consume "${COMMON[@]}" --group g1 --max 18 >"$WORK/c2.out" 2>"$WORK/c2.err"; rc=$?
check "second consume rc 0 ($rc)" test "$rc" -eq 0
grep '^msg-' "$WORK/c1.out" | sort >"$WORK/a"
grep '^msg-' "$WORK/c2.out" | sort >"$WORK/b"
check "second run resumed after the commit: no overlap" test "$(comm -12 "$WORK/a" "$WORK/b" | wc -l)" -eq 0
check "both runs together read all 30 exactly once" diff <(sort -m "$WORK/a" "$WORK/b") <(for i in $(seq 0 29); do echo "msg-$i"; done | sort)
check "zks lag says 0 at the end" test "$(lag_total g1)" = 0
# without --topic: every partition the group committed on, and only those (rt.topic's 3)
all=$("$ZKS_BIN" lag --brokers "$BROKER" --group g1 --json)
check "lag without --topic lists the 3 committed partitions ($all)" test "$(grep -o '"topic":"rt.topic"' <<<"$all" | wc -l)" -eq 3
check "lag without --topic lists no other topic" test "$(grep -o '"topic":' <<<"$all" | wc -l)" -eq 3

# A group that committed on one partition only: without --topic, the topic's other
# partitions still count (from their low watermark): 30 - 1.
"$ITEST" consume "${COMMON[@]}" --group g0 --max 1 >/dev/null 2>&1
one=$("$ZKS_BIN" lag --brokers "$BROKER" --group g0 --json)
check "one commit: lag 29 over 3 partitions ($one)" test "$(grep -o '"total_lag":[0-9]*' <<<"$one"),$(grep -o '"partition":' <<<"$one" | wc -l)" = '"total_lag":29,3'

# An unreachable broker is exit 3 with one line.
"$ZKS_BIN" lag --brokers 127.0.0.1:1 --group g1 --timeout-ms 1500 >/dev/null 2>"$WORK/lag.err"; rc=$?
check "zks lag unreachable is exit 3 ($rc)" test "$rc" -eq 3
check "zks lag error is one line" test "$(wc -l <"$WORK/lag.err")" -eq 1
"$ZKS_BIN" lag --brokers "$BROKER" 2>/dev/null; rc=$?
check "zks lag without --group is exit 2" test "$rc" -eq 2
exit $fail
