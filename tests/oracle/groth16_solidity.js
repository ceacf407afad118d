// The exported Solidity verifier (zks export-verifier), compiled with solc 0.8.28 and run in
// @ethereumjs/evm, on proofs that snarkjs made with our development key:
//  - verifyProof accepts each of 8 proofs (different witnesses of one 7-public-input circuit)
//  - verifyProof rejects a changed public input, a changed pA.y, a pA off the curve, a proof for another key
//  - verifyBatch accepts all 8 at once, rejects the batch when one proof or one input is changed,
//    and rejects mismatched lengths
//  - `zks calldata` prints exactly snarkjs's soliditycalldata text; `zks calldata --batch` the batch words
// Prints the gas used by verifyProof and verifyBatch(8).
"use strict";
const { execFileSync, spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const assert = require("assert");
const { deployVerifier } = require("./evm_verifier");

const SYNTH = process.argv[2];
const ZKS = process.env.ZKS_BIN;
if (!SYNTH || !ZKS) {
    console.error("usage: ZKS_BIN=... groth16_solidity.js PATH_TO_zks-synth");
    process.exit(2);
}
const N_PUB = 7;
const N_PROOFS = 8;

function run(bin, args) {
    const r = spawnSync(bin, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
}

async function main() {
    const snarkjs = require("snarkjs");
    const { ethers } = require("ethers");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zks-g16sol-"));
    const f = (n) => path.join(dir, n);
    try {
        run(SYNTH, ["--constraints", "400", "--public", String(N_PUB), "--seed", "11", "--r1cs", f("c.r1cs"), "--wtns", f("w0.wtns")]);
        run(ZKS, ["setup", "--r1cs", f("c.r1cs"), "--zkey", f("c.zkey"), "--vkey", f("vk.json")]);
        const vk = JSON.parse(fs.readFileSync(f("vk.json")));
        const proofs = [];
        for (let i = 0; i < N_PROOFS; i++) {
            run(SYNTH, ["--constraints", "400", "--public", String(N_PUB), "--seed", "11", "--witness-seed", String(100 + i),
                "--r1cs", f("tmp.r1cs"), "--wtns", f(`w${i}.wtns`)]);
            const { proof, publicSignals } = await snarkjs.groth16.prove(f("c.zkey"), f(`w${i}.wtns`));
            assert.ok(await snarkjs.groth16.verify(vk, publicSignals, proof), "snarkjs verifies its proof on our key");
            fs.writeFileSync(f(`proof${i}.json`), JSON.stringify(proof));
            fs.writeFileSync(f(`public${i}.json`), JSON.stringify(publicSignals));
            proofs.push({ proof, publicSignals });
        }
        // a second key for the same circuit: its proofs must not pass the first key's verifier
        run(ZKS, ["setup", "--r1cs", f("c.r1cs"), "--zkey", f("other.zkey")]);
        const other = await snarkjs.groth16.prove(f("other.zkey"), f("w0.wtns"));

        // calldata: byte-identical to snarkjs for verifyProof
        const ours = run(ZKS, ["calldata", f("public0.json"), f("proof0.json")]).trim();
        const theirs = (await snarkjs.groth16.exportSolidityCallData(proofs[0].proof, proofs[0].publicSignals)).trim();
        assert.strictEqual(ours, theirs, "zks calldata equals snarkjs soliditycalldata");
        const batchArgs = [];
        for (let i = 0; i < N_PROOFS; i++) batchArgs.push(f(`public${i}.json`), f(`proof${i}.json`));
        const batchText = run(ZKS, ["calldata", "--batch", ...batchArgs]).trim();
        const [inProof, proofInputs, numProofs] = JSON.parse("[" + batchText + "]");

        // compile and deploy (tests/oracle/evm_verifier.js)
        run(ZKS, ["export-verifier", "--vkey", f("vk.json"), "--out", f("Verifier.sol")]);
        const { call } = await deployVerifier(fs.readFileSync(f("Verifier.sol"), "utf8"));

        async function single(proof, pub) {
            const cd = JSON.parse("[" + (await snarkjs.groth16.exportSolidityCallData(proof, pub)) + "]");
            return call("verifyProof", cd);
        }

        let gasSingle;
        for (let i = 0; i < N_PROOFS; i++) {
            const r = await single(proofs[i].proof, proofs[i].publicSignals);
            assert.strictEqual(r.ok, true, `verifyProof accepts proof ${i}`);
            gasSingle = r.gas;
        }
        const p0 = proofs[0];
        const bumped = p0.publicSignals.slice();
        bumped[3] = (BigInt(bumped[3]) + 1n).toString();
        assert.strictEqual((await single(p0.proof, bumped)).ok, false, "changed public input rejected");
        const badY = JSON.parse(JSON.stringify(p0.proof));
        badY.pi_a[1] = (BigInt(badY.pi_a[1]) + 1n).toString(); // off the curve
        assert.strictEqual((await single(badY, p0.publicSignals)).ok, false, "pA off the curve rejected");
        const negA = JSON.parse(JSON.stringify(p0.proof));
        const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
        negA.pi_a[1] = (Q - BigInt(negA.pi_a[1])).toString(); // -A: on the curve, wrong
        assert.strictEqual((await single(negA, p0.publicSignals)).ok, false, "changed pA (negated) rejected");
        assert.strictEqual((await single(other.proof, other.publicSignals)).ok, false, "proof for another key rejected");

        const batch = await call("verifyBatch", [inProof, proofInputs, numProofs]);
        assert.strictEqual(batch.ok, true, "verifyBatch accepts 8 valid proofs");
        const tamperedProof = inProof.slice();
        tamperedProof[8 * 5 + 1] = ethers.BigNumber.from(Q).sub(tamperedProof[8 * 5 + 1]).toHexString(); // -A_5
        assert.strictEqual((await call("verifyBatch", [tamperedProof, proofInputs, numProofs])).ok, false, "batch with a negated pA rejected");
        const tamperedInputs = proofInputs.slice();
        tamperedInputs[N_PUB * 2 + 6] = ethers.BigNumber.from(tamperedInputs[N_PUB * 2 + 6]).add(1).toHexString();
        assert.strictEqual((await call("verifyBatch", [inProof, tamperedInputs, numProofs])).ok, false, "batch with a changed input rejected");
        const swapped = proofInputs.slice(N_PUB).concat(proofInputs.slice(0, N_PUB));
        assert.strictEqual((await call("verifyBatch", [inProof, swapped, numProofs])).ok, false, "batch with inputs of another proof rejected");
        assert.strictEqual((await call("verifyBatch", [inProof, proofInputs, 7])).ok, false, "batch with a wrong count rejected");
        const bigInput = proofInputs.slice();
        bigInput[0] = ethers.BigNumber.from("21888242871839275222246405745257275088548364400416034343698204186575808495617").add(bigInput[0]).toHexString();
        assert.strictEqual((await call("verifyBatch", [inProof, bigInput, numProofs])).ok, false, "batch input >= r rejected");

        console.log(`gas: verifyProof ${gasSingle} (execution, ${N_PUB} public inputs); verifyBatch(${N_PROOFS}) ${batch.gas} ` +
            `= ${(Number(batch.gas) / N_PROOFS).toFixed(0)} a proof (${(Number(batch.gas) / Number(gasSingle) / N_PROOFS * 100).toFixed(0)}% of single)`);
        console.log("ok");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().then(() => process.exit(0), (e) => { console.error("FAIL:", e.message); process.exit(1); });
