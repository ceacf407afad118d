#!/usr/bin/env bash
# Our Redis client against a private redis-server on a unix socket in a temp dir:
# script load/evalsha, NOSCRIPT fallback after SCRIPT FLUSH, reconnect after a restart.
source "$(dirname "$0")/devbroker_lib.sh"
ITEST=$1
SOCK="$WORK/redis.sock"
start_redis() {
  redis-server --port 0 --unixsocket "$SOCK" --unixsocketperm 700 --save '' --appendonly no \
    --dir "$WORK" --daemonize no >>"$WORK/redis.log" 2>&1 &
  echo $! >"$WORK/redis.pid"
}
wait_socket() { for _ in $(seq 1 50); do [[ -S "$SOCK" ]] && return 0; sleep 0.1; done; return 1; }

start_redis
wait_socket || { echo "redis-server did not start: $(cat "$WORK/redis.log")"; exit 1; }

printf "return redis.call('INCRBY', KEYS[1], ARGV[1])" >"$WORK/incr.lua"
SHA=$(sha1sum "$WORK/incr.lua" | cut -d' ' -f1)

# Kill the server, wait until it is gone, start a new one 700 ms later in the background.
cat >"$WORK/restart.sh" <<RESTART
#!/usr/bin/env bash
pid=\$(cat "$WORK/redis.pid")
kill \$pid
while kill -0 \$pid 2>/dev/null; do sleep 0.05; done
rm -f "$SOCK"
( sleep 0.7
  redis-server --port 0 --unixsocket "$SOCK" --unixsocketperm 700 --save '' --appendonly no --dir "$WORK" --daemonize no >>"$WORK/redis.log" 2>&1 &
  echo \$! >"$WORK/redis.pid" ) </dev/null >/dev/null 2>&1 &
RESTART
chmod +x "$WORK/restart.sh"

"$ITEST" "$SOCK" "$WORK/incr.lua" "$SHA" "$WORK/restart.sh"; rc=$?
check "itest_redis passed (rc $rc)" test "$rc" -eq 0
# whichever server runs now goes with the temp dir
sleep 0.8
kill "$(cat "$WORK/redis.pid")" 2>/dev/null
exit $fail
