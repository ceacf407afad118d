// Our formats, development setup and verifier against snarkjs 0.7.6:
//  - zks-synth circuits of four shapes (one over 2^16 constraints): `snarkjs wtns check` accepts
//    our .r1cs + .wtns; `zks setup` keys: proofs from `snarkjs groth16 prove` and from
//    `zks prove-zkey` verify under `snarkjs groth16 verify` with our vkey and under `zks verify`;
//    `snarkjs zkey export verificationkey` on our key gives our vkey (IC, alpha, beta, gamma, delta)
//  - a key from snarkjs's own ceremony (powersoftau 2^12, phase 2, groth16 setup on our .r1cs):
//    `zks verify` accepts the snarkjs proof with snarkjs's vkey
//  - `zks verify` rejects (exit 1) a changed public input, a changed (negated) proof point,
//    a proof for another key; exit 2 for a point off the curve, an input >= r, a wrong input count,
//    garbage JSON
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const assert = require("assert");

const SYNTH = process.argv[2];
const ZKS = process.env.ZKS_BIN;
const SNARKJS = path.join(process.env.NODE_PATH, "snarkjs", "build", "cli.cjs");
if (!SYNTH || !ZKS) {
    console.error("usage: ZKS_BIN=... groth16_snarkjs.js PATH_TO_zks-synth");
    process.exit(2);
}
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

function sh(bin, args, opts = {}) {
    const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 1 << 26 });
    if (opts.status !== undefined) return r;
    if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(" ")} failed (${r.status}): ${r.stderr}${r.stdout}`);
    return r.stdout;
}
const snarkjs = (args) => sh(process.execPath, [SNARKJS, ...args]);
const zks = (args) => sh(ZKS, args, { status: true });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zks-g16-"));
const f = (n) => path.join(dir, n);
const readJson = (n) => JSON.parse(fs.readFileSync(f(n)));
const writeJson = (n, v) => fs.writeFileSync(f(n), JSON.stringify(v));

function expectVerify(want, vk, pub, proof, what) {
    const r = zks(["verify", f(vk), f(pub), f(proof)]);
    assert.strictEqual(r.status, want, `zks verify ${what}: exit ${r.status}, want ${want} (${r.stderr.trim()})`);
    if (want !== 0) assert.strictEqual(r.stderr.trim().split("\n").length, 1, `${what}: one-line error`);
}

function sameVkey(ours, theirs, what) {
    for (const k of ["protocol", "curve", "nPublic", "vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "vk_alphabeta_12", "IC"])
        assert.deepStrictEqual(ours[k], theirs[k], `${what}: ${k} equals snarkjs's export`);
}

try {
    const shapes = [
        { name: "realistic", args: ["--constraints", "70000", "--bits", "0.7"] },
        { name: "wide", args: ["--constraints", "3000", "--shape", "wide"] },
        { name: "public", args: ["--constraints", "2000", "--shape", "public"] },
        { name: "mulchain", args: ["--constraints", "1500", "--shape", "mulchain", "--public", "7"] },
    ];
    for (const s of shapes) {
        const t0 = Date.now();
        sh(SYNTH, [...s.args, "--seed", "3", "--r1cs", f(`${s.name}.r1cs`), "--wtns", f(`${s.name}.wtns`)]);
        snarkjs(["wtns", "check", f(`${s.name}.r1cs`), f(`${s.name}.wtns`)]);
        const st = zks(["setup", "--r1cs", f(`${s.name}.r1cs`), "--zkey", f(`${s.name}.zkey`), "--vkey", f(`${s.name}.vk.json`)]);
        assert.strictEqual(st.status, 0, "zks setup: " + st.stderr);
        assert.match(st.stderr, /DEVELOPMENT SETUP/, "setup warns loudly");
        snarkjs(["zkey", "export", "verificationkey", f(`${s.name}.zkey`), f(`${s.name}.vk.snarkjs.json`)]);
        sameVkey(readJson(`${s.name}.vk.json`), readJson(`${s.name}.vk.snarkjs.json`), s.name);

        snarkjs(["groth16", "prove", f(`${s.name}.zkey`), f(`${s.name}.wtns`), f(`${s.name}.sj.proof.json`), f(`${s.name}.sj.public.json`)]);
        snarkjs(["groth16", "verify", f(`${s.name}.vk.json`), f(`${s.name}.sj.public.json`), f(`${s.name}.sj.proof.json`)]);
        expectVerify(0, `${s.name}.vk.json`, `${s.name}.sj.public.json`, `${s.name}.sj.proof.json`, `${s.name} snarkjs proof`);

        const pz = zks(["prove-zkey", f(`${s.name}.zkey`), f(`${s.name}.wtns`), f(`${s.name}.z.proof.json`), f(`${s.name}.z.public.json`)]);
        assert.strictEqual(pz.status, 0, "zks prove-zkey: " + pz.stderr);
        snarkjs(["groth16", "verify", f(`${s.name}.vk.json`), f(`${s.name}.z.public.json`), f(`${s.name}.z.proof.json`)]);
        expectVerify(0, `${s.name}.vk.json`, `${s.name}.z.public.json`, `${s.name}.z.proof.json`, `${s.name} zks proof`);
        console.log(`${s.name}: ${s.args[1]} constraints, snarkjs and zks proofs verify (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }

    // snarkjs's own ceremony on our .r1cs
    const c = "mulchain";
    snarkjs(["powersoftau", "new", "bn128", "12", f("pot0.ptau")]);
    snarkjs(["powersoftau", "contribute", f("pot0.ptau"), f("pot1.ptau"), "--name=test", "-e=zks test entropy"]);
    snarkjs(["powersoftau", "prepare", "phase2", f("pot1.ptau"), f("pot.ptau")]);
    snarkjs(["groth16", "setup", f(`${c}.r1cs`), f("pot.ptau"), f("sj.zkey")]);
    snarkjs(["zkey", "export", "verificationkey", f("sj.zkey"), f("sj.vk.json")]);
    snarkjs(["groth16", "prove", f("sj.zkey"), f(`${c}.wtns`), f("sj.proof.json"), f("sj.public.json")]);
    expectVerify(0, "sj.vk.json", "sj.public.json", "sj.proof.json", "proof on snarkjs's own key");
    const pz = zks(["prove-zkey", f("sj.zkey"), f(`${c}.wtns`), f("sjz.proof.json"), f("sjz.public.json")]);
    assert.strictEqual(pz.status, 0, "zks prove-zkey on snarkjs's key: " + pz.stderr);
    snarkjs(["groth16", "verify", f("sj.vk.json"), f("sjz.public.json"), f("sjz.proof.json")]);
    console.log("snarkjs ceremony key: snarkjs proof verifies under zks verify, zks proof under snarkjs");

    // rejections, on the snarkjs-made proof for our key
    const vk = `${c}.vk.json`, pub = readJson(`${c}.sj.public.json`), proof = readJson(`${c}.sj.proof.json`);
    const bumped = pub.slice();
    bumped[2] = ((BigInt(bumped[2]) + 1n) % R).toString();
    writeJson("bumped.json", bumped);
    expectVerify(1, vk, "bumped.json", `${c}.sj.proof.json`, "changed public input");
    const negC = JSON.parse(JSON.stringify(proof));
    negC.pi_c[1] = (Q - BigInt(negC.pi_c[1])).toString();
    writeJson("negc.json", negC);
    expectVerify(1, vk, `${c}.sj.public.json`, "negc.json", "negated pi_c");
    const swapB = JSON.parse(JSON.stringify(proof));
    swapB.pi_a = readJson("sj.proof.json").pi_a;
    writeJson("swapa.json", swapB);
    expectVerify(1, vk, `${c}.sj.public.json`, "swapa.json", "pi_a from another proof");
    expectVerify(1, "sj.vk.json", `${c}.sj.public.json`, `${c}.sj.proof.json`, "proof for another key");
    const offCurve = JSON.parse(JSON.stringify(proof));
    offCurve.pi_a[0] = (BigInt(offCurve.pi_a[0]) + 1n).toString();
    writeJson("offcurve.json", offCurve);
    expectVerify(2, vk, `${c}.sj.public.json`, "offcurve.json", "pi_a off the curve");
    const bigInput = pub.slice();
    bigInput[0] = (BigInt(bigInput[0]) + R).toString();
    writeJson("big.json", bigInput);
    expectVerify(2, vk, "big.json", `${c}.sj.proof.json`, "public input >= r");
    writeJson("short.json", pub.slice(1));
    expectVerify(2, vk, "short.json", `${c}.sj.proof.json`, "wrong public input count");
    fs.writeFileSync(f("garbage.json"), "{not json");
    expectVerify(2, vk, `${c}.sj.public.json`, "garbage.json", "garbage proof file");
    expectVerify(2, "garbage.json", `${c}.sj.public.json`, `${c}.sj.proof.json`, "garbage vkey file");
    expectVerify(3, vk, `${c}.sj.public.json`, "does-not-exist.json", "missing file");
    console.log("rejections: input, negated C, foreign A, other key (exit 1); off-curve, input >= r, count, garbage (exit 2)");
    console.log("ok");
} catch (e) {
    console.error("FAIL:", e.message);
    process.exitCode = 1;
} finally {
    fs.rmSync(dir, { recursive: true, force: true });
}
