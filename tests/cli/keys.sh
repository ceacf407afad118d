#!/usr/bin/env bash
# zks keygen / sign / verify-sig from the shell: malformed input gives exit 2 and exactly
# one line on stderr; a bad signature exit 1 naming the index; valid input exit 0. Never a
# crash (this also runs under ASan+UBSan). Signature values themselves are checked against
# circomlibjs in tests/oracle/eddsa_cli_oracle.js.
set -u
ZKS="${ZKS_BIN:?ZKS_BIN not set}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

KEY=0x0707070707070707070707070707070707070707070707070707070707070707
U=0x1111111111111111111111111111111111111111
P=0x2222222222222222222222222222222222222222

# expect CODE NAME CMD... < stdin : exit CODE; for CODE 2 and 3 exactly one stderr line.
expect() {
    local want=$1 name=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" != "$want" ]; then
        fail "$name: exit $got, want $want (stderr: $(head -c 300 "$TMP/err"))"
        return
    fi
    if [ "$want" -ge 2 ]; then
        local lines
        lines=$(wc -l <"$TMP/err")
        if [ "$lines" != 1 ] || [ -n "$(tail -c 1 "$TMP/err")" ]; then
            fail "$name: want exactly one stderr line, got $lines: $(cat "$TMP/err")"
        fi
    fi
}
sign_in() { printf '%s' "$1" | expect "$2" "sign: $3" "$ZKS" sign --private-key "$KEY"; }
verify_in() { printf '%s' "$1" | expect "$2" "verify-sig: $3" "$ZKS" verify-sig; }
req() { printf '{"nonce":"%s","fee":"%s","user":"%s","provider":"%s"}' "$1" "$2" "$3" "$4"; }

# ---- valid paths ----
expect 0 "keygen --help" "$ZKS" keygen --help
expect 0 "sign --help" "$ZKS" sign --help
expect 0 "verify-sig --help" "$ZKS" verify-sig --help
expect 0 "keygen random" "$ZKS" keygen
grep -Eq '^\{"privateKey":"0x[0-9a-f]{64}","publicKey":"0x[0-9a-f]{64}","signer":\["[0-9]+","[0-9]+"\]\}$' "$TMP/out" ||
    fail "keygen output shape: $(cat "$TMP/out")"
cp "$TMP/out" "$TMP/key.json"
expect 0 "keygen --private-key" "$ZKS" keygen --private-key "$KEY"
grep -q '"publicKey":"0xa3fbbae26d7b1df9e1170d810c9f7755b727739290ddc1cfc6495d589d36c990"' "$TMP/out" ||
    fail "keygen derived public key: $(cat "$TMP/out")"
ZKS_PRIVATE_KEY=$KEY expect 0 "keygen from env" "$ZKS" keygen
grep -q '0xa3fbbae2' "$TMP/out" || fail "keygen from ZKS_PRIVATE_KEY"

req 1 100 "$U" "$P" | expect 0 "sign object" "$ZKS" sign --private-key "$KEY"
grep -Eq '^\{"nonce":"1","fee":"100","user":"0x1{40}","provider":"0x2{40}","signer":"0x[0-9a-f]{64}","signature":"0x[0-9a-f]{128}"\}$' "$TMP/out" ||
    fail "sign object output: $(cat "$TMP/out")"
cp "$TMP/out" "$TMP/one.json"
expect 0 "verify-sig object" "$ZKS" verify-sig <"$TMP/one.json"

printf '[%s,%s,%s]' "$(req 1 1 "$U" "$P")" "$(req 18446744073709551615 340282366920938463463374607431768211455 "$U" "$P")" \
    "$(req 0 0 0xABCDEFabcdef0000000000000000000000000000 "$P")" |
    expect 0 "sign array (max values, mixed-case hex)" "$ZKS" sign --key-file "$TMP/key.json"
cp "$TMP/out" "$TMP/arr.json"
[ "$(head -c 1 "$TMP/arr.json")" = "[" ] || fail "array in must give array out"
grep -q '"user":"0xabcdefabcdef0000000000000000000000000000"' "$TMP/arr.json" || fail "hex printed lower case"
expect 0 "verify-sig array" "$ZKS" verify-sig <"$TMP/arr.json"
printf '%s\n' "$KEY" >"$TMP/key.hex"
req 5 5 "$U" "$P" | expect 0 "sign --key-file hex" "$ZKS" sign --key-file "$TMP/key.hex"
req 5 5 "$U" "$P" | ZKS_PRIVATE_KEY=$KEY expect 0 "sign from env" "$ZKS" sign
printf '[]' | expect 0 "sign empty array" "$ZKS" sign --private-key "$KEY"
[ "$(cat "$TMP/out")" = "[]" ] || fail "empty array out: $(cat "$TMP/out")"

# ---- negative answers: exit 1, stderr names the index ----
sed 's/"fee":"340282366920938463463374607431768211455"/"fee":"340282366920938463463374607431768211454"/' "$TMP/arr.json" >"$TMP/bad.json"
expect 1 "verify-sig tampered fee" "$ZKS" verify-sig <"$TMP/bad.json"
grep -q "index 1" "$TMP/err" || fail "verify-sig must name index 1: $(cat "$TMP/err")"
sed 's/"nonce":"1"/"nonce":"2"/' "$TMP/one.json" | expect 1 "verify-sig tampered nonce" "$ZKS" verify-sig
other=$("$ZKS" keygen | sed 's/.*"publicKey":"\(0x[0-9a-f]*\)".*/\1/')
sed "s/\"signer\":\"0x[0-9a-f]*\"/\"signer\":\"$other\"/" "$TMP/one.json" | expect 1 "verify-sig other key" "$ZKS" verify-sig
# S replaced by 0xff..ff (>= l) and R8 by a y with no point: invalid signatures, not malformed JSON
sed 's/\("signature":"0x[0-9a-f]\{64\}\)[0-9a-f]\{64\}/\1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff/' "$TMP/one.json" |
    expect 1 "verify-sig S >= l" "$ZKS" verify-sig

# ---- malformed: exit 2, one line ----
printf '' | expect 2 "sign empty stdin" "$ZKS" sign --private-key "$KEY"
printf '  \n ' | expect 2 "verify-sig blank stdin" "$ZKS" verify-sig
sign_in '{"nonce":"1",' 2 "truncated JSON"
sign_in '{"nonce":"1"} x' 2 "trailing garbage"
sign_in '"hello"' 2 "top-level string"
sign_in '42' 2 "top-level number"
sign_in "$(req 18446744073709551616 1 "$U" "$P")" 2 "nonce 2^64"
sign_in "$(req 1 340282366920938463463374607431768211456 "$U" "$P")" 2 "fee 2^128"
sign_in "$(req -1 1 "$U" "$P")" 2 "negative nonce"
sign_in "$(req 1 -5 "$U" "$P")" 2 "negative fee"
sign_in "$(req 12a 1 "$U" "$P")" 2 "non-digit nonce"
sign_in "$(req 1 1e3 "$U" "$P")" 2 "exponent fee"
sign_in "$(req '' 1 "$U" "$P")" 2 "empty nonce"
sign_in "$(req 01 1 "$U" "$P")" 2 "leading zero"
sign_in "$(req ' 1' 1 "$U" "$P")" 2 "space in nonce"
sign_in '{"nonce":1,"fee":"1","user":"'$U'","provider":"'$P'"}' 2 "JSON number nonce"
sign_in '{"nonce":"1","fee":1.5,"user":"'$U'","provider":"'$P'"}' 2 "JSON number fee"
sign_in "$(req 1 1 0x111111111111111111111111111111111111111 "$P")" 2 "user 39 hex"
sign_in "$(req 1 1 0x111111111111111111111111111111111111111111 "$P")" 2 "user 42 hex"
sign_in "$(req 1 1 1111111111111111111111111111111111111111 "$P")" 2 "user without 0x"
sign_in "$(req 1 1 "$U" 0x222222222222222222222222222222222222222g)" 2 "provider bad hex digit"
sign_in "$(req 1 1 "$U" 0x)" 2 "provider empty hex"
sign_in '{"nonce":"1","fee":"1","user":"'$U'"}' 2 "missing provider"
sign_in '{"fee":"1","user":"'$U'","provider":"'$P'"}' 2 "missing nonce"
sign_in '{"nonce":"1","fee":"1","user":"'$U'","provider":"'$P'","extra":"x"}' 2 "unknown field"
sign_in '{"nonce":"1","nonce":"2","fee":"1","user":"'$U'","provider":"'$P'"}' 2 "duplicate field"
sign_in '{"nonce":"1\u0000","fee":"1","user":"'$U'","provider":"'$P'"}' 2 "NUL in string"
sign_in '{"nonce":null,"fee":"1","user":"'$U'","provider":"'$P'"}' 2 "null nonce"
sign_in "[$(req 1 1 "$U" "$P"),$(req 1 x "$U" "$P")]" 2 "bad item in array"
grep -q "item 1" "$TMP/err" || fail "array error must name item 1: $(cat "$TMP/err")"
sign_in "[$(req 1 1 "$U" "$P"),7]" 2 "non-object item"
verify_in "$(req 1 1 "$U" "$P")" 2 "unsigned request"
SIG=$(sed 's/.*"signature":"\(0x[0-9a-f]*\)".*/\1/' "$TMP/one.json")
PUB=$(sed 's/.*"signer":"\(0x[0-9a-f]*\)".*/\1/' "$TMP/one.json")
signed() { printf '{"nonce":"1","fee":"100","user":"%s","provider":"%s","signer":"%s","signature":"%s"}' "$U" "$P" "$1" "$2"; }
verify_in "$(signed "$PUB" "$SIG")" 0 "reassembled"
verify_in "$(signed "${PUB}00" "$SIG")" 2 "signer 66 hex"
verify_in "$(signed "${PUB:0:64}" "$SIG")" 2 "signer 62 hex"
verify_in "$(signed "$PUB" "${SIG:0:128}")" 2 "signature 126 hex"
verify_in "$(signed "$PUB" "${SIG}ab")" 2 "signature 130 hex"
verify_in "$(signed "$PUB" "${SIG:0:100}zz${SIG:102}")" 2 "signature bad hex"
verify_in '{"nonce":"1","fee":"100","user":"'$U'","provider":"'$P'","signer":"'$PUB'"}' 2 "missing signature"
verify_in "[$(signed "$PUB" "$SIG"),{}]" 2 "empty object item"

# ---- keys and options ----
req 1 1 "$U" "$P" | expect 2 "sign without key" env -u ZKS_PRIVATE_KEY "$ZKS" sign
req 1 1 "$U" "$P" | expect 2 "sign short key" "$ZKS" sign --private-key 0x1234
req 1 1 "$U" "$P" | expect 2 "sign key without 0x" "$ZKS" sign --private-key "${KEY:2}"
req 1 1 "$U" "$P" | expect 2 "sign both key options" "$ZKS" sign --private-key "$KEY" --key-file "$TMP/key.hex"
req 1 1 "$U" "$P" | expect 2 "sign --private-key without value" "$ZKS" sign --private-key
req 1 1 "$U" "$P" | expect 3 "sign missing key file" "$ZKS" sign --key-file "$TMP/nonexistent"
echo '{"privateKey":"0x12"}' >"$TMP/badkey.json"
req 1 1 "$U" "$P" | expect 2 "sign bad key file" "$ZKS" sign --key-file "$TMP/badkey.json"
expect 2 "keygen bad key" "$ZKS" keygen --private-key 0xzz07070707070707070707070707070707070707070707070707070707070707
expect 2 "keygen unknown option" "$ZKS" keygen --bogus
expect 2 "verify-sig unknown option" "$ZKS" verify-sig --private-key "$KEY"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo ok
