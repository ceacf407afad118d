// Peer for bench_crypto: circomlibjs 0.1.7 Poseidon(5), signPoseidon and verifyPoseidon,
// timed like the C side (best of several runs). Prints "name value unit" lines.
"use strict";
const crypto = require("crypto");

function best(runs, iters, fn) {
    let b = Infinity;
    for (let r = 0; r < runs; r++) {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < iters; i++) fn(i);
        const dt = Number(process.hrtime.bigint() - t0) / 1e9 / iters;
        if (dt < b) b = dt;
    }
    return b;
}

(async () => {
    const quick = process.argv.includes("--quick");
    const runs = quick ? 2 : 3;
    const { buildEddsa } = require("circomlibjs");
    const eddsa = await buildEddsa();
    const F = eddsa.babyJub.F;
    const N = 16;
    const keys = [], msgs = [], sigs = [], pubs = [];
    for (let i = 0; i < N; i++) {
        keys.push(crypto.randomBytes(32));
        msgs.push(F.e(BigInt("0x" + crypto.randomBytes(31).toString("hex"))));
        pubs.push(eddsa.prv2pub(keys[i]));
        sigs.push(eddsa.signPoseidon(keys[i], msgs[i]));
    }
    const ins = [1n, 2n, 3n, 4n, 5n];
    let t = best(runs, 2000, () => eddsa.poseidon(ins));
    console.log(`poseidon5 ${(t * 1e6).toFixed(2)} us`);
    t = best(runs, quick ? 20 : 50, (i) => eddsa.signPoseidon(keys[i % N], msgs[i % N]));
    console.log(`eddsa_sign ${(t * 1e6).toFixed(2)} us`);
    let ok = 0;
    t = best(runs, quick ? 20 : 50, (i) => { ok += eddsa.verifyPoseidon(msgs[i % N], sigs[i % N], pubs[i % N]) ? 1 : 0; });
    console.log(`eddsa_verify ${(t * 1e6).toFixed(2)} us`);
    if (ok !== runs * (quick ? 20 : 50)) { console.error("crypto_peer: a verification failed"); process.exit(1); }
})().catch((e) => { console.error(e); process.exit(1); });
