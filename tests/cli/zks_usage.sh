#!/usr/bin/env bash
# zks --help lists the commands and exits 0; no command or an unknown one is exit 2 with one line on stderr.
set -u
fail=0
out=$("$ZKS_BIN" --help) || { echo "zks --help failed"; fail=1; }
grep -q "prove-zkey" <<<"$out" || { echo "zks --help does not list prove-zkey"; fail=1; }
"$ZKS_BIN" no-such-command 2>/tmp/zks_usage_err.$$; rc=$?
[[ $rc -eq 2 ]] || { echo "unknown command: rc $rc, want 2"; fail=1; }
[[ $(wc -l </tmp/zks_usage_err.$$) -eq 1 ]] || { echo "unknown command: want one line on stderr"; fail=1; }
rm -f /tmp/zks_usage_err.$$
exit $fail
