// Our Poseidon, BabyJubJub packing and EdDSA-Poseidon against circomlibjs 0.1.7.
// The C side is tests/oracle/eddsa_oracle_helper.c (path in argv[2]), driven in one batch.
//  - Poseidon, arities 1..6, random inputs: equal hashes
//  - 200 random private keys and messages: byte-identical packed public keys and signatures
//  - each side verifies the other's signatures
//  - a flipped bit in the message, R8, S or the key is rejected by both
//  - S + l (>= subgroup order) and off-curve R8 / A are rejected by both
//  - unpacking random encodings: both agree (accept with the same point, or reject),
//    apart from y == r, which circomlibjs decodes as y = 0 and we refuse (checked explicitly)
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const assert = require("assert");

const helper = process.argv[2];
if (!helper) {
    console.error("usage: eddsa_oracle.js PATH_TO_eddsa_oracle_helper");
    process.exit(2);
}
const N_KEYS = 200;
const N_POSEIDON = 40;

function randBelow(max) {
    const bytes = Math.ceil(max.toString(2).length / 8) + 8;
    return BigInt("0x" + crypto.randomBytes(bytes).toString("hex")) % max;
}
const hex = (b) => Buffer.from(b).toString("hex");
function leBytes(v, n) {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) { b[i] = Number(v & 255n); v >>= 8n; }
    return b;
}
function flipBit(buf, bit) {
    const b = Buffer.from(buf);
    b[bit >> 3] ^= 1 << (bit & 7);
    return b;
}

(async () => {
    const { buildEddsa, buildPoseidon } = await import("circomlibjs");
    const eddsa = await buildEddsa();
    const poseidon = await buildPoseidon();
    const bj = eddsa.babyJub;
    const F = bj.F;
    const p = bj.p;
    const l = bj.subOrder;

    const cmds = [];
    const checks = []; // (answerLine) => void, one per command
    const ask = (cmd, check) => { cmds.push(cmd); checks.push(check); };
    const expectBool = (what, jsAnswer) => (ans) => {
        assert.strictEqual(ans, jsAnswer ? "1" : "0", `${what}: C says ${ans}, circomlibjs says ${jsAnswer}`);
    };

    // Poseidon on random inputs, every arity.
    for (let n = 1; n <= 6; n++) {
        for (let i = 0; i < N_POSEIDON; i++) {
            const ins = Array.from({ length: n }, () => randBelow(p));
            const want = F.toString(poseidon(ins));
            ask(`poseidon ${n} ${ins.join(" ")}`, (ans) => assert.strictEqual(ans, want, `poseidon(${ins})`));
        }
    }

    const cSigs = []; // filled from the answers: [msg, sigHex, pubHex, jsR8, jsA]
    let rejectsBoth = 0;
    for (let k = 0; k < N_KEYS; k++) {
        const prv = crypto.randomBytes(32);
        const msg = randBelow(p);
        const A = eddsa.prv2pub(prv);
        const pub = bj.packPoint(A);
        const sig = eddsa.signPoseidon(prv, F.e(msg));
        const sigPacked = eddsa.packSignature(sig);
        const Ax = F.toString(A[0]), Ay = F.toString(A[1]);

        ask(`pub ${hex(prv)}`, (ans) => assert.strictEqual(ans, `${hex(pub)} ${Ax} ${Ay}`, `prv2pub ${hex(prv)}`));
        ask(`sign ${hex(prv)} ${msg}`, (ans) => {
            assert.strictEqual(ans, hex(sigPacked), `signPoseidon ${hex(prv)} ${msg}`);
            cSigs.push([msg, ans, hex(pub)]);
        });
        // C verifies circomlibjs's signature (packed and affine forms).
        ask(`verifyp ${msg} ${hex(sigPacked)} ${hex(pub)}`, expectBool("verify circomlibjs sig", true));
        const R8x = F.toString(sig.R8[0]), R8y = F.toString(sig.R8[1]);
        ask(`verify ${msg} ${R8x} ${R8y} ${sig.S} ${Ax} ${Ay}`, expectBool("verify affine", true));

        // Tampering: both must reject.
        const tampered = [];
        // A flipped bit that lands at or above p is not a message (both sides refuse to parse it),
        // so draw again until the tampered message is still a field element.
        let msg2;
        do msg2 = msg ^ (1n << BigInt(Math.floor(Math.random() * 254)));
        while (msg2 >= p);
        tampered.push(["message bit", msg2, sigPacked, pub]);
        tampered.push(["R8 bit", msg, flipBit(sigPacked, Math.floor(Math.random() * 256)), pub]);
        tampered.push(["S bit", msg, flipBit(sigPacked, 256 + Math.floor(Math.random() * 256)), pub]);
        tampered.push(["key bit", msg, sigPacked, flipBit(pub, Math.floor(Math.random() * 256))]);
        for (const [what, m, s, pk] of tampered) {
            const js = (() => {
                const u = eddsa.unpackSignature(Buffer.from(s));
                const a = bj.unpackPoint(Buffer.from(pk));
                if (!u.R8 || !a) return false;
                return eddsa.verifyPoseidon(F.e(m), u, a);
            })();
            assert.strictEqual(js, false, `circomlibjs accepted tampered (${what})`);
            ask(`verifyp ${m} ${hex(s)} ${hex(pk)}`, expectBool(`tampered ${what}`, false));
            rejectsBoth++;
        }
        // S + l: congruent, so only the range check stops it.
        if (k < 50) {
            const bigS = sig.S + l;
            assert.strictEqual(eddsa.verifyPoseidon(F.e(msg), { R8: sig.R8, S: bigS }, A), false);
            ask(`verify ${msg} ${R8x} ${R8y} ${bigS} ${Ax} ${Ay}`, expectBool("S + l", false));
            const offY = F.add(sig.R8[1], F.one);
            assert.strictEqual(eddsa.verifyPoseidon(F.e(msg), { R8: [sig.R8[0], offY], S: sig.S }, A), false);
            ask(`verify ${msg} ${R8x} ${F.toString(offY)} ${sig.S} ${Ax} ${Ay}`, expectBool("R8 off curve", false));
            const offX = F.add(A[0], F.one);
            assert.strictEqual(eddsa.verifyPoseidon(F.e(msg), sig, [offX, A[1]]), false);
            ask(`verify ${msg} ${R8x} ${R8y} ${sig.S} ${F.toString(offX)} ${Ay}`, expectBool("A off curve", false));
            rejectsBoth += 3;
        }
    }

    // Unpacking: random y < r with a random sign bit; plus the special encodings.
    const unpackCases = [];
    for (let i = 0; i < 200; i++) {
        const b = leBytes(randBelow(p), 32);
        if (Math.random() < 0.5) b[31] |= 0x80;
        unpackCases.push(b);
    }
    for (const y of [0n, 1n, p - 1n, p + 1n, (1n << 255n) - 1n]) {
        unpackCases.push(leBytes(y, 32));
        const s = leBytes(y, 32); s[31] |= 0x80; unpackCases.push(s);
    }
    let accepted = 0;
    for (const b of unpackCases) {
        const u = bj.unpackPoint(Buffer.from(b));
        const want = u ? `${F.toString(u[0])} ${F.toString(u[1])}` : "null";
        if (u) accepted++;
        ask(`unpack ${hex(b)}`, (ans) => assert.strictEqual(ans, want, `unpack ${hex(b)}`));
    }
    // y == r: circomlibjs decodes it as y = 0 (a non-canonical encoding); we refuse it.
    assert.notStrictEqual(bj.unpackPoint(leBytes(p, 32)), null);
    ask(`unpack ${hex(leBytes(p, 32))}`, (ans) => assert.strictEqual(ans, "null", "y == r must be refused"));

    const run = spawnSync(helper, [], { input: cmds.join("\n") + "\n", maxBuffer: 64 << 20 });
    assert.strictEqual(run.status, 0, `helper failed: ${run.stderr}`);
    const lines = run.stdout.toString().split("\n");
    assert.ok(lines.length >= cmds.length, `helper answered ${lines.length - 1} of ${cmds.length}`);
    let failures = 0;
    checks.forEach((check, i) => {
        try { check(lines[i]); } catch (e) { failures++; if (failures < 10) console.error(`FAIL ${cmds[i].slice(0, 80)}...: ${e.message}`); }
    });
    // circomlibjs verifies every signature our C code produced.
    for (const [msg, sigHex, pubHex] of cSigs) {
        const sig = eddsa.unpackSignature(Buffer.from(sigHex, "hex"));
        const A = bj.unpackPoint(Buffer.from(pubHex, "hex"));
        if (!eddsa.verifyPoseidon(F.e(msg), sig, A)) { failures++; console.error(`FAIL circomlibjs rejects C signature ${sigHex}`); }
    }
    assert.strictEqual(cSigs.length, N_KEYS);
    if (failures) { console.error(`${failures} failure(s)`); process.exit(1); }
    console.log(`ok: poseidon ${6 * N_POSEIDON} hashes, ${N_KEYS} keys+signatures identical and cross-verified, ` +
        `${rejectsBoth} tampered/out-of-range cases rejected by both, ${unpackCases.length} unpack cases (${accepted} valid) agree`);
})().catch((e) => { console.error(e); process.exit(1); });
