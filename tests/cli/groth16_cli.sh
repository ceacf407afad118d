#!/usr/bin/env bash
# zks setup / verify / prove-zkey / export-verifier / calldata on good and bad files (no node needed):
# a small synthetic circuit is set up, proved and verified (exit 0); then bad inputs each give
# exactly one line on stderr and exit 2 (malformed) or 3 (unreadable), never a crash.
# Usage: groth16_cli.sh path/to/zks-synth   (env: ZKS_BIN)
set -u
SYNTH=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect WANT_EXIT WHAT cmd...: checks the exit status and that stderr is one line when nonzero
expect() {
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" != "$want" ]; then bad "$what: exit $rc, want $want ($(head -c 300 "$work/err"))"; return; fi
  if [ "$want" != 0 ] && [ "$(wc -l <"$work/err")" != 1 ]; then bad "$what: stderr is not one line: $(cat "$work/err")"; fi
}

# patch FILE OFFSET HEXBYTES: overwrite bytes in place
patch() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

"$SYNTH" --constraints 300 --public 3 --seed 5 --r1cs "$work/c.r1cs" --wtns "$work/c.wtns" >/dev/null || bad "zks-synth"
"$SYNTH" --constraints 200 --seed 6 --r1cs "$work/o.r1cs" --wtns "$work/other.wtns" >/dev/null || bad "zks-synth other"

expect 0 "setup" "$ZKS_BIN" setup --r1cs "$work/c.r1cs" --zkey "$work/c.zkey" --vkey "$work/vk.json"
grep -q "DEVELOPMENT SETUP" "$work/err" || bad "setup does not warn"
expect 0 "prove-zkey" "$ZKS_BIN" prove-zkey "$work/c.zkey" "$work/c.wtns" "$work/proof.json" "$work/public.json"
expect 0 "verify" "$ZKS_BIN" verify "$work/vk.json" "$work/public.json" "$work/proof.json"
expect 0 "export-verifier" "$ZKS_BIN" export-verifier --vkey "$work/vk.json" --out "$work/V.sol"
grep -q "function verifyBatch(uint256\[\] calldata inProof" "$work/V.sol" || bad "verifier lacks verifyBatch"
expect 0 "calldata" "$ZKS_BIN" calldata "$work/public.json" "$work/proof.json"
expect 0 "calldata --batch" "$ZKS_BIN" calldata --batch "$work/public.json" "$work/proof.json" "$work/public.json" "$work/proof.json"

# setup on bad circuits
printf 'garbage garbage garbage' >"$work/g.bin"
expect 2 "setup garbage r1cs" "$ZKS_BIN" setup --r1cs "$work/g.bin" --zkey "$work/x.zkey"
head -c 500 "$work/c.r1cs" >"$work/t.r1cs"
expect 2 "setup truncated r1cs" "$ZKS_BIN" setup --r1cs "$work/t.r1cs" --zkey "$work/x.zkey"
cp "$work/c.r1cs" "$work/p.r1cs"; patch "$work/p.r1cs" 28 '\x02'   # prime r -> another number
expect 2 "setup r1cs over another field" "$ZKS_BIN" setup --r1cs "$work/p.r1cs" --zkey "$work/x.zkey"
expect 3 "setup missing r1cs" "$ZKS_BIN" setup --r1cs "$work/none.r1cs" --zkey "$work/x.zkey"
expect 2 "setup without --zkey" "$ZKS_BIN" setup --r1cs "$work/c.r1cs"

# the proving key and witness readers, through prove-zkey
size=$(stat -c %s "$work/c.zkey")
head -c $((size - 100)) "$work/c.zkey" >"$work/t.zkey"
expect 2 "truncated zkey" "$ZKS_BIN" prove-zkey "$work/t.zkey" "$work/c.wtns" "$work/p.json" "$work/u.json"
cp "$work/c.zkey" "$work/s.zkey"; patch "$work/s.zkey" 16 '\x05'     # section 1 length 4 -> 5
expect 2 "zkey with a wrong section size" "$ZKS_BIN" prove-zkey "$work/s.zkey" "$work/c.wtns" "$work/p.json" "$work/u.json"
cp "$work/c.zkey" "$work/q.zkey"; patch "$work/q.zkey" 44 '\x48'     # q's low byte: another curve
expect 2 "zkey over another curve" "$ZKS_BIN" prove-zkey "$work/q.zkey" "$work/c.wtns" "$work/p.json" "$work/u.json"
expect 2 "garbage zkey" "$ZKS_BIN" prove-zkey "$work/g.bin" "$work/c.wtns" "$work/p.json" "$work/u.json"
expect 2 "wtns of another circuit" "$ZKS_BIN" prove-zkey "$work/c.zkey" "$work/other.wtns" "$work/p.json" "$work/u.json"
cp "$work/c.wtns" "$work/p.wtns"; patch "$work/p.wtns" 28 '\x02'
expect 2 "wtns over another field" "$ZKS_BIN" prove-zkey "$work/c.zkey" "$work/p.wtns" "$work/p.json" "$work/u.json"

# verify on bad JSON
printf '{"pi_a": [' >"$work/bad.json"
expect 2 "verify garbage proof" "$ZKS_BIN" verify "$work/vk.json" "$work/public.json" "$work/bad.json"
expect 2 "verify garbage vkey" "$ZKS_BIN" verify "$work/bad.json" "$work/public.json" "$work/proof.json"
printf '["1","2"]' >"$work/short.json"
expect 2 "verify wrong input count" "$ZKS_BIN" verify "$work/vk.json" "$work/short.json" "$work/proof.json"
expect 3 "verify missing file" "$ZKS_BIN" verify "$work/vk.json" "$work/public.json" "$work/none.json"
expect 2 "verify usage" "$ZKS_BIN" verify "$work/vk.json"
expect 2 "calldata garbage" "$ZKS_BIN" calldata "$work/public.json" "$work/bad.json"

[ "$fails" = 0 ] && echo ok || { echo "$fails failure(s)"; exit 1; }
