#!/usr/bin/env bash
# zks prove-zkey is a drop-in for `snarkjs groth16 prove` / rapidsnark:
#  (a) key from our development setup (zks setup --r1cs), verification key exported by snarkjs from that zkey;
#  (b) key from snarkjs itself: powersoftau new bn128 12, contribute, prepare phase2, groth16 setup;
# on circuits from zks-synth (checked by `snarkjs wtns check`). For each: the proof verifies with
# `snarkjs groth16 verify`, public.json is identical to snarkjs's own, a witness with one private value
# changed gives a proof that does not verify, and bad input exits 2 / missing files exit 3.
# Usage: prover_snarkjs.sh path/to/zks-synth   (env: ZKS_BIN, NODE_PATH)
set -u
SYNTH=$1
SNARKJS=(node "$NODE_PATH/snarkjs/build/cli.cjs")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

snarkjs_ok() { # runs snarkjs quietly; prints its output only on failure
  local out
  if ! out=$("${SNARKJS[@]}" "$@" 2>&1); then
    echo "$out" | tail -5
    return 1
  fi
}

# Replaces wire `index` of a .wtns with a different value (2, or 3 if it was 2), keeping it a field element.
tamper_wtns() {
  node -e '
    const fs = require("fs");
    const [src, dst, idx] = process.argv.slice(1);
    const b = fs.readFileSync(src);
    // binfile: magic, version, nSections; section 1 (type, u64 size, n8 + prime + nWitness); section 2 header
    const s1size = Number(b.readBigUInt64LE(16));
    const values = 12 + 12 + s1size + 12;
    const off = values + 32 * Number(idx);
    const was2 = b[off] === 2 && b.subarray(off + 1, off + 32).every((x) => x === 0);
    b.fill(0, off, off + 32);
    b[off] = was2 ? 3 : 2;
    fs.writeFileSync(dst, b);
  ' "$1" "$2" "$3"
}

n_wires() { # wire count from a .wtns header
  node -e 'const b=require("fs").readFileSync(process.argv[1]); const s=Number(b.readBigUInt64LE(16)); console.log(b.readUInt32LE(24+s-4));' "$1"
}

# prove_and_check NAME ZKEY VKEY R1CS WTNS
prove_and_check() {
  local name=$1 zkey=$2 vkey=$3 r1cs=$4 wtns=$5 d="$work/$1"
  mkdir -p "$d"
  if ! "$ZKS_BIN" prove-zkey "$zkey" "$wtns" "$d/proof.json" "$d/public.json"; then
    bad "$name: zks prove-zkey failed"
    return
  fi
  snarkjs_ok groth16 verify "$vkey" "$d/public.json" "$d/proof.json" || bad "$name: snarkjs rejects our proof"
  # snarkjs's own proof of the same witness: public.json must be byte-identical, proof.json the same shape
  snarkjs_ok groth16 prove "$zkey" "$wtns" "$d/sj_proof.json" "$d/sj_public.json" || bad "$name: snarkjs prove failed"
  node -e '
    const fs = require("fs");
    const [ours, theirs, op, tp] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f)));
    const shape = (p) => JSON.stringify(p, (k, v) => (typeof v === "string" && /^[0-9]+$/.test(v) ? "n" : v));
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) { console.log("public.json differs"); process.exit(1); }
    if (shape(op) !== shape(tp)) { console.log("proof.json shape differs:", shape(op), shape(tp)); process.exit(1); }
    if (op.pi_a[2] !== "1" || op.pi_b[2][0] !== "1" || op.pi_b[2][1] !== "0") { console.log("not affine"); process.exit(1); }
  ' "$d/public.json" "$d/sj_public.json" "$d/proof.json" "$d/sj_proof.json" || bad "$name: output differs from snarkjs"
  # two proofs of one witness differ (fresh blinding r, s) and both verify
  "$ZKS_BIN" prove-zkey --threads 1 "$zkey" "$wtns" "$d/proof2.json" "$d/public2.json" || bad "$name: second proof failed"
  cmp -s "$d/proof.json" "$d/proof2.json" && bad "$name: two proofs are identical (blinding not random)"
  snarkjs_ok groth16 verify "$vkey" "$d/public2.json" "$d/proof2.json" || bad "$name: single-thread proof rejected"

  # a private wire changed: the prover still proves (as snarkjs does) but the proof must not verify
  local last=$(($(n_wires "$wtns") - 1))
  tamper_wtns "$wtns" "$d/bad.wtns" "$last"
  "${SNARKJS[@]}" wtns check "$r1cs" "$d/bad.wtns" >/dev/null 2>&1 && bad "$name: tampered witness still satisfies the circuit"
  "$ZKS_BIN" prove-zkey "$zkey" "$d/bad.wtns" "$d/bad_proof.json" "$d/bad_public.json" || bad "$name: prover refused a wrong but well-formed witness"
  if "${SNARKJS[@]}" groth16 verify "$vkey" "$d/bad_public.json" "$d/bad_proof.json" >/dev/null 2>&1; then
    bad "$name: proof of a tampered witness verifies"
  fi
  # a public input changed after proving must not verify either
  node -e '
    const fs = require("fs"); const p = JSON.parse(fs.readFileSync(process.argv[1]));
    p[0] = (BigInt(p[0]) + 1n).toString(); fs.writeFileSync(process.argv[2], JSON.stringify(p));
  ' "$d/public.json" "$d/public_bad.json"
  if "${SNARKJS[@]}" groth16 verify "$vkey" "$d/public_bad.json" "$d/proof.json" >/dev/null 2>&1; then
    bad "$name: proof verifies with a changed public input"
  fi
  echo "$name: ok"
}

# --- the circuit: realistic shape (70% bit wires), 3 public inputs, fits a 2^12 ceremony
"$SYNTH" --constraints 3000 --public 3 --seed 7 --r1cs "$work/c.r1cs" --wtns "$work/c.wtns" >/dev/null ||
  { echo "FAIL: zks-synth"; exit 1; }
snarkjs_ok wtns check "$work/c.r1cs" "$work/c.wtns" || bad "snarkjs says the synthetic witness is wrong"

# --- (a) our development setup; snarkjs exports the verification key from our zkey
if "$ZKS_BIN" setup --r1cs "$work/c.r1cs" --zkey "$work/dev.zkey" --vkey "$work/dev_vk_ours.json" 2>/dev/null; then
  snarkjs_ok zkey export verificationkey "$work/dev.zkey" "$work/dev_vk.json" || bad "snarkjs cannot read our dev zkey"
  prove_and_check dev "$work/dev.zkey" "$work/dev_vk.json" "$work/c.r1cs" "$work/c.wtns"
else
  bad "zks setup --r1cs failed"
fi

# --- (b) a key from snarkjs's own ceremony
ptau="$work/pot"
snarkjs_ok powersoftau new bn128 12 "$ptau.0" &&
  snarkjs_ok powersoftau contribute "$ptau.0" "$ptau.1" --name=prover-test -e="prover oracle entropy" &&
  snarkjs_ok powersoftau prepare phase2 "$ptau.1" "$ptau.final" &&
  snarkjs_ok groth16 setup "$work/c.r1cs" "$ptau.final" "$work/sj.zkey" &&
  snarkjs_ok zkey export verificationkey "$work/sj.zkey" "$work/sj_vk.json" ||
  bad "snarkjs ceremony failed"
[[ -f "$work/sj.zkey" ]] && prove_and_check snarkjs "$work/sj.zkey" "$work/sj_vk.json" "$work/c.r1cs" "$work/c.wtns"

# --- bad input and environment failures: exit codes and one line on stderr
expect_rc() { # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2
  shift 3
  "$@" 2>"$work/err" >/dev/null
  local rc=$?
  [[ $rc -eq $want ]] || bad "$what: exit $rc, want $want"
  [[ $want -eq 0 || $(wc -l <"$work/err") -ge 1 ]] || bad "$what: no message on stderr"
  [[ $(wc -l <"$work/err") -le 2 ]] || bad "$what: more than a line or two on stderr"
}
key="$work/sj.zkey"
[[ -f "$key" ]] || key="$work/dev.zkey"
"$SYNTH" --constraints 100 --seed 3 --r1cs "$work/other.r1cs" --wtns "$work/other.wtns" >/dev/null
head -c 1000 "$key" >"$work/truncated.zkey"
expect_rc 2 "usage" -- "$ZKS_BIN" prove-zkey "$key"
expect_rc 2 "witness of another circuit" -- "$ZKS_BIN" prove-zkey "$key" "$work/other.wtns" "$work/x.json" "$work/y.json"
expect_rc 2 "truncated zkey" -- "$ZKS_BIN" prove-zkey "$work/truncated.zkey" "$work/c.wtns" "$work/x.json" "$work/y.json"
expect_rc 2 "wtns given as zkey" -- "$ZKS_BIN" prove-zkey "$work/c.wtns" "$work/c.wtns" "$work/x.json" "$work/y.json"
expect_rc 3 "missing zkey" -- "$ZKS_BIN" prove-zkey "$work/nope.zkey" "$work/c.wtns" "$work/x.json" "$work/y.json"
expect_rc 3 "unwritable output" -- "$ZKS_BIN" prove-zkey "$key" "$work/c.wtns" "$work/no/such/dir/p.json" "$work/y.json"
expect_rc 0 "--help" -- "$ZKS_BIN" prove-zkey --help

[[ $fail -eq 0 ]] && echo "prover_snarkjs: all ok"
exit $fail
