#!/usr/bin/env bash
# zks lag / zks devbroker usage: --help is exit 0; bad usage is exit 2 with one line on stderr.
set -u
fail=0
err=$(mktemp)
expect() { # expect RC WHAT cmd...
  local want=$1 what=$2; shift 2
  "$@" >/dev/null 2>"$err" </dev/null; local rc=$?
  [[ $rc -eq $want ]] || { echo "FAIL: $what: rc $rc, want $want"; fail=1; }
  if [[ $want -ne 0 && $(wc -l <"$err") -ne 1 ]]; then echo "FAIL: $what: want one line on stderr, got: $(cat "$err")"; fail=1; fi
}
expect 0 "lag --help" "$ZKS_BIN" lag --help
expect 0 "devbroker --help" "$ZKS_BIN" devbroker --help
expect 2 "lag without --group" "$ZKS_BIN" lag --brokers 127.0.0.1:9
expect 2 "lag unknown option" "$ZKS_BIN" lag --group g --frobnicate 1
expect 2 "lag bad timeout" "$ZKS_BIN" lag --group g --timeout-ms soon
expect 2 "lag stray argument" "$ZKS_BIN" lag --group g extra
expect 2 "lag bad kafka property" "$ZKS_BIN" lag --group g --kafka-prop no.such.property=1
expect 2 "devbroker unknown option" "$ZKS_BIN" devbroker --frobnicate
expect 2 "devbroker bad partitions" "$ZKS_BIN" devbroker --partitions many
expect 2 "devbroker port out of range" "$ZKS_BIN" devbroker --port 70000
rm -f "$err"
exit $fail
