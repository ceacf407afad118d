# Sourced by the integration scripts: start `zks devbroker` on loopback with a
# control fifo, and stop it (and anything else registered) on exit.
#   devbroker_start [devbroker args]   sets BROKER (bootstrap), DB_PID; fd 3 writes commands
#   devbroker_cmd "down 1"             sends a command and waits for its answer line ("ok")
set -u
# Under the build tree: a shared /tmp gets swept by other jobs' clean-ups.
TMP_ROOT=${ZKS_BUILD_DIR:+$ZKS_BUILD_DIR/tests/tmp}
TMP_ROOT=${TMP_ROOT:-${TMPDIR:-/tmp}}
mkdir -p "$TMP_ROOT"
WORK=$(mktemp -d "$TMP_ROOT/svcit.XXXXXX")
CLEANUP_PIDS=()
cleanup() {
  local pid
  for pid in "${CLEANUP_PIDS[@]+"${CLEANUP_PIDS[@]}"}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  exec 3>&- 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

fail=0
check() { # check "what" test-expression...
  local what=$1; shift
  if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}

devbroker_start() {
  mkfifo "$WORK/ctl"
  "$ZKS_BIN" devbroker "$@" <"$WORK/ctl" >"$WORK/db.out" 2>"$WORK/db.err" &
  DB_PID=$!
  CLEANUP_PIDS+=("$DB_PID")
  exec 3>"$WORK/ctl"
  local i
  for i in $(seq 1 100); do
    [[ -s "$WORK/db.out" ]] && break
    sleep 0.1
  done
  BROKER=$(head -1 "$WORK/db.out")
  [[ "$BROKER" == 127.0.0.1:* ]] || { echo "devbroker did not print its address: $(cat "$WORK/db.err")"; exit 1; }
  echo 1 >"$WORK/answers" # lines expected on stdout so far; a file, since callers use $(devbroker_cmd ...)
}

devbroker_cmd() {
  local want i
  want=$(( $(cat "$WORK/answers") + 1 ))
  echo "$want" >"$WORK/answers"
  echo "$1" >&3
  for i in $(seq 1 50); do
    (( $(wc -l <"$WORK/db.out") >= want )) && break
    sleep 0.1
  done
  sed -n "${want}p" "$WORK/db.out"
}
