#!/usr/bin/env bash
# zks-loadgen without a fleet: exit codes (2 bad input, 3 unreachable/unreadable),
# one-line errors, and the provider files ingest and the load generator share:
# sha256sum (coreutils, independent of libsodium) must map each token to its hash.
set -uo pipefail
: "${ZKS_BUILD_DIR:?}" "${ZKS_BIN:?}"
LG=$ZKS_BUILD_DIR/tools/loadgen/zks-loadgen
WORK=$(mktemp -d "${TMPDIR:-/tmp}/loadgen-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail=0
check() { # check "what" command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
# expect WANT_EXIT what args...: exit code and, for a failure, exactly one line on stderr
expect() {
  local want=$1 what=$2; shift 2
  "$LG" "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  local got=$?
  check "$what: exit $want (got $got)" test "$got" -eq "$want"
  if ((want != 0)); then
    check "$what: one-line error" test "$(wc -l <"$WORK/stderr")" -eq 1
  fi
}

expect 2 "no command"
expect 2 "unknown command" frobnicate
expect 0 "--help" --help
expect 0 "run --help" run --help
expect 2 "providers without --out" providers
expect 2 "providers --providers 0" providers --providers 0 --out "$WORK"
expect 3 "providers into a missing directory" providers --providers 2 --out "$WORK/missing/dir"

expect 0 "providers --providers 3" providers --providers 3 --out "$WORK"
check "providers.secret is private (0600)" test "$(stat -c %a "$WORK/providers.secret")" = 600
check "3 providers" test "$(grep -c '^0x' "$WORK/providers.secret")" = 3
ok=1
while read -r addr token; do
  want=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  grep -qx "$addr $want" "$WORK/tokens" || ok=0
  [[ "$addr" =~ ^0x[0-9a-f]{40}$ && "$token" =~ ^[0-9a-f]{64}$ ]] || ok=0
done <"$WORK/providers.secret"
check "tokens file holds sha256(token) of each provider, per sha256sum" test "$ok" = 1
check "tokens file holds no token" bash -c "! grep -qF \"\$(cut -d' ' -f2 '$WORK/providers.secret' | head -1)\" '$WORK/tokens'"

# run: argument checks come before any network use
expect 2 "run without --providers-file" run --vkey x.json
expect 3 "run with a missing vkey" run --providers-file "$WORK/providers.secret" --vkey "$WORK/none.json"
echo '{"protocol":"groth16"' >"$WORK/bad.json"
expect 2 "run with a malformed vkey" run --providers-file "$WORK/providers.secret" --vkey "$WORK/bad.json"
"$ZKS_BIN" setup --batch 1 --out "$WORK/keys" >/dev/null 2>&1
check "zks setup --batch 1" test -s "$WORK/keys/verification_key.json"
VK=$WORK/keys/verification_key.json
expect 2 "run --users 0" run --providers-file "$WORK/providers.secret" --vkey "$VK" --users 0
expect 2 "run --ingest without a port" run --providers-file "$WORK/providers.secret" --vkey "$VK" --ingest localhost
expect 3 "run with a missing providers file" run --providers-file "$WORK/none" --vkey "$VK"
printf '0x1234 abc\n' >"$WORK/bad.providers"
expect 2 "run with a malformed providers file" run --providers-file "$WORK/bad.providers" --vkey "$VK"
exit "$fail"
