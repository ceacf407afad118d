// zks keygen / sign / verify-sig against circomlibjs 0.1.7 on request JSON (DESIGN §3):
//  - keygen --private-key: publicKey == packPoint(prv2pub(prv)), signer == LE integers of bytes 0..15, 16..31
//  - sign: signature == packSignature(signPoseidon(prv, poseidon([nonce, fee, user, provider]))), signer == publicKey
//  - verify-sig accepts requests signed by circomlibjs (exit 0) and rejects tampered ones (exit 1)
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const assert = require("assert");

const ZKS = process.env.ZKS_BIN;
assert.ok(ZKS, "ZKS_BIN not set");
const N_KEYS = 25;

const hex = (b) => "0x" + Buffer.from(b).toString("hex");
const randBig = (bytes) => BigInt("0x" + crypto.randomBytes(bytes).toString("hex"));
function leInt(buf) { let v = 0n; for (let i = buf.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[i]); return v; }
function zks(args, input, env) {
    const r = spawnSync(ZKS, args, { input, env: { ...process.env, ...(env || {}) }, maxBuffer: 64 << 20 });
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

(async () => {
    const { buildEddsa } = await import("circomlibjs");
    const eddsa = await buildEddsa();
    const bj = eddsa.babyJub;
    const F = bj.F;
    const poseidon = eddsa.poseidon;
    let checked = 0;

    for (let k = 0; k < N_KEYS; k++) {
        const prv = crypto.randomBytes(32);
        const pub = bj.packPoint(eddsa.prv2pub(prv));
        const kg = zks(["keygen", "--private-key", hex(prv)]);
        assert.strictEqual(kg.status, 0, kg.stderr);
        const key = JSON.parse(kg.stdout);
        assert.strictEqual(key.privateKey, hex(prv));
        assert.strictEqual(key.publicKey, hex(pub), "public key");
        assert.deepStrictEqual(key.signer, [leInt(pub.slice(0, 16)).toString(), leInt(pub.slice(16)).toString()]);

        const reqs = [];
        for (let i = 0; i < 3; i++) {
            reqs.push({
                nonce: (i === 0 && k === 0 ? (1n << 64n) - 1n : randBig(8)).toString(),
                fee: (i === 0 && k === 1 ? (1n << 128n) - 1n : randBig(16) >> BigInt(k % 120)).toString(),
                user: hex(crypto.randomBytes(20)),
                provider: hex(crypto.randomBytes(20)),
            });
        }
        // Through a key file for half the keys, the environment for the other half.
        const signed = k % 2
            ? zks(["sign"], JSON.stringify(reqs), { ZKS_PRIVATE_KEY: hex(prv) })
            : zks(["sign", "--private-key", hex(prv)], JSON.stringify(reqs));
        assert.strictEqual(signed.status, 0, signed.stderr);
        const out = JSON.parse(signed.stdout);
        assert.strictEqual(out.length, reqs.length);
        const jsSigned = [];
        out.forEach((o, i) => {
            const r = reqs[i];
            assert.deepStrictEqual([o.nonce, o.fee, o.user, o.provider], [r.nonce, r.fee, r.user, r.provider]);
            const m = poseidon([BigInt(r.nonce), BigInt(r.fee), BigInt(r.user), BigInt(r.provider)]);
            const sig = eddsa.signPoseidon(prv, m);
            const sigHex = hex(eddsa.packSignature(sig));
            assert.strictEqual(o.signer, hex(pub), "signer");
            assert.strictEqual(o.signature, sigHex, `signature of ${JSON.stringify(r)}`);
            // circomlibjs verifies what zks printed
            assert.ok(eddsa.verifyPoseidon(m, eddsa.unpackSignature(Buffer.from(o.signature.slice(2), "hex")),
                bj.unpackPoint(Buffer.from(o.signer.slice(2), "hex"))));
            jsSigned.push({ ...r, signer: hex(pub), signature: sigHex });
            checked++;
        });

        // zks verify-sig on circomlibjs's signatures: valid, then each field tampered.
        const ok = zks(["verify-sig"], JSON.stringify(jsSigned));
        assert.strictEqual(ok.status, 0, ok.stderr);
        const t = jsSigned.map((o) => ({ ...o }));
        const idx = k % 3;
        const field = ["nonce", "fee", "user", "provider", "signer", "signature"][k % 6];
        if (field === "nonce" || field === "fee") {
            t[idx][field] = (BigInt(t[idx][field]) ^ 1n).toString();
        } else {
            const b = Buffer.from(t[idx][field].slice(2), "hex");
            b[k % b.length] ^= 1 << (k % 7);
            t[idx][field] = hex(b);
        }
        const bad = zks(["verify-sig"], JSON.stringify(t));
        assert.strictEqual(bad.status, 1, `tampered ${field}: exit ${bad.status}: ${bad.stderr}`);
        assert.ok(bad.stderr.includes(`index ${idx}`), bad.stderr);
    }
    console.log(`ok: ${N_KEYS} keys, ${checked} signed requests identical to circomlibjs; tampered requests rejected`);
})().catch((e) => { console.error(e); process.exit(1); });
