#!/usr/bin/env bash
# kcat (an independent Kafka client) produces to and consumes from `zks devbroker`;
# the start-up topics exist with the asked partitions; control commands answer; a fixed
# --port bootstraps clients; bad usage is exit 2.
source "$(dirname "$0")/devbroker_lib.sh"

"$ZKS_BIN" devbroker --port 70000 2>"$WORK/port.err" </dev/null; rc=$?
check "--port 70000 is exit 2" test "$rc" -eq 2
check "--port error is one line" test "$(wc -l <"$WORK/port.err")" -eq 1
"$ZKS_BIN" devbroker --brokers 0 2>/dev/null </dev/null; rc=$?
check "--brokers 0 is exit 2" test "$rc" -eq 2

devbroker_start --partitions 4 --topics zks.traces,extra.topic --address-file "$WORK/addr"
check "address file matches stdout" test "$(cat "$WORK/addr")" = "$BROKER"

meta=$(kcat -L -b "$BROKER" -t zks.traces 2>&1)
check "zks.traces has 4 partitions ($meta)" grep -q 'topic "zks.traces" with 4 partitions' <<<"$meta"

# 100 keyed messages in, the same 100 out, keys intact
for i in $(seq 1 100); do echo "key$((i % 9)):value-$i"; done >"$WORK/in.txt"
kcat -P -b "$BROKER" -t zks.traces -K: -l "$WORK/in.txt"
check "kcat produce ok" test $? -eq 0
kcat -C -b "$BROKER" -t zks.traces -e -q -f '%k:%s\n' >"$WORK/out.txt"
check "kcat consumed the 100 messages it produced" diff <(sort "$WORK/in.txt") <(sort "$WORK/out.txt")
# the same key always lands in the same partition
kcat -C -b "$BROKER" -t zks.traces -e -q -f '%k %p\n' | sort -u >"$WORK/kp.txt"
check "each key in exactly one partition" test "$(cut -d' ' -f1 "$WORK/kp.txt" | sort | uniq -d | wc -l)" -eq 0

check "topic command" test "$(devbroker_cmd 'topic late.topic 2')" = ok
check "late topic has 2 partitions" grep -q 'with 2 partitions' <<<"$(kcat -L -b "$BROKER" -t late.topic)"
check "errors command" test "$(devbroker_cmd 'errors Produce NOT_LEADER_FOR_PARTITION 7')" = ok
check "clear command" test "$(devbroker_cmd 'clear Produce')" = ok
check "bad command answers an error" grep -q '^error: ' <<<"$(devbroker_cmd 'explode now')"
check "unknown error name answers an error" grep -q '^error: ' <<<"$(devbroker_cmd 'errors Produce NO_SUCH_ERROR')"
check "down out of range answers an error" grep -q '^error: ' <<<"$(devbroker_cmd 'down 5')"

# --port: a fixed bootstrap address (a free port found by binding port 0)
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})')
"$ZKS_BIN" devbroker --port "$PORT" --topics fixed.topic </dev/null >"$WORK/fixed.out" 2>"$WORK/fixed.err" &
FIXED=$!
CLEANUP_PIDS+=("$FIXED")
for _ in $(seq 1 50); do [[ -s "$WORK/fixed.out" ]] && break; sleep 0.1; done
check "--port prints 127.0.0.1:$PORT" test "$(head -1 "$WORK/fixed.out")" = "127.0.0.1:$PORT"
echo "k:through-the-fixed-port" | kcat -P -b "127.0.0.1:$PORT" -t fixed.topic -K:
check "kcat round trip through --port" test "$(kcat -C -b "127.0.0.1:$PORT" -t fixed.topic -e -q -f '%k:%s\n')" = "k:through-the-fixed-port"
"$ZKS_BIN" devbroker --port "$PORT" </dev/null >/dev/null 2>"$WORK/busy.err"; rc=$?
check "a busy --port is exit 3 ($rc)" test "$rc" -eq 3

# SIGTERM: exit 0
kill -TERM "$DB_PID"; wait "$DB_PID"; rc=$?
check "devbroker exits 0 on SIGTERM (rc $rc)" test "$rc" -eq 0
CLEANUP_PIDS=("$FIXED")
exit $fail
