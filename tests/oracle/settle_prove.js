// Oracle test for SettleBatch(L): requests signed by circomlibjs (keys made by
// circomlibjs) are proved by `zks prove`, and snarkjs verifies the proof with
// our verification key; the public inputs are recomputed here from the
// requests. Also: invalid trace sets are refused with exit 2 before proving.
// For L = 1, 4 and 64 (full and, for L > 1, padded batches) the proofs also go through
// the exported verifier.sol compiled with solc and run in @ethereumjs/evm: verifyProof
// (calldata from snarkjs) and one verifyBatch per L (calldata from `zks calldata --batch`);
// a negated pA and a changed public input are rejected. Prints the gas. `zks prove --wtns`
// writes a witness that snarkjs checks against the .r1cs and proves with the same key.
// Keys live in ZKS_BUILD_DIR/tmp (the L=64 key is ~100 MB and made once per run).
'use strict';
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');

const ZKS = process.env.ZKS_BIN;
const tmpRoot = process.env.ZKS_BUILD_DIR ? path.join(process.env.ZKS_BUILD_DIR, 'tmp') : os.tmpdir();
fs.mkdirSync(tmpRoot, { recursive: true });
const tmp = fs.mkdtempSync(path.join(tmpRoot, 'zks-settle-'));
const { deployVerifier } = require('./evm_verifier');
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
let failures = 0;
function check(cond, what) {
  if (!cond) {
    console.error('FAIL: ' + what);
    failures++;
  } else {
    console.log('ok: ' + what);
  }
}
const hex = (buf) => '0x' + Buffer.from(buf).toString('hex');

async function main() {
  const circomlibjs = require('circomlibjs');
  const snarkjs = require('snarkjs');
  const eddsa = await circomlibjs.buildEddsa();
  const poseidon = await circomlibjs.buildPoseidon();
  const F = poseidon.F;

  const prv = crypto.randomBytes(32);
  const other = crypto.randomBytes(32);
  const pub = eddsa.prv2pub(prv);
  const packed = Buffer.from(eddsa.babyJub.packPoint(pub));
  const user = '0x' + crypto.randomBytes(20).toString('hex');
  const provider = '0x' + crypto.randomBytes(20).toString('hex');

  function sign(nonce, fee, key = prv, prov = provider) {
    const m = poseidon([BigInt(nonce), BigInt(fee), BigInt(user), BigInt(prov)]);
    const sig = eddsa.signPoseidon(key, m);
    const signer = Buffer.from(eddsa.babyJub.packPoint(eddsa.prv2pub(key)));
    return {
      nonce: String(nonce), fee: String(fee), user, provider: prov,
      signer: hex(signer), signature: hex(eddsa.packSignature(sig)),
    };
  }

  function expectedPublic(traces) {
    const nonces = traces.map((t) => BigInt(t.nonce)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const total = traces.reduce((s, t) => s + BigInt(t.fee), 0n);
    const le = (b) => BigInt('0x' + Buffer.from(b).reverse().toString('hex'));
    return [BigInt(user), BigInt(provider), nonces[0], nonces[nonces.length - 1], total,
      le(packed.subarray(0, 16)), le(packed.subarray(16, 32))].map(String);
  }

  const keys = {};
  function setup(L) {
    if (keys[L]) return keys[L];
    const dir = path.join(tmp, 'keys' + L);
    execFileSync(ZKS, ['setup', '--batch', String(L), '--out', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    keys[L] = dir;
    return dir;
  }

  const fileName = (name) => name.replace(/[^A-Za-z0-9=]+/g, '_');
  function prove(L, traces, name, extra = []) {
    const dir = setup(L);
    const base = path.join(tmp, fileName(name));
    const tf = base + '.traces.json';
    fs.writeFileSync(tf, JSON.stringify(traces));
    const pf = base + '.proof.json';
    const uf = base + '.public.json';
    const r = spawnSync(ZKS, ['prove', '--keys', dir, '--traces', tf, '--proof', pf, '--public', uf, ...extra],
      { encoding: 'utf8' });
    return { r, pf, uf, dir };
  }

  // proved[L]: [{ name, pf, uf }] of the proofs snarkjs accepted, for the EVM verifier below
  const proved = {};
  async function provesAndVerifies(L, traces, name) {
    const { r, pf, uf, dir } = prove(L, traces, name);
    check(r.status === 0, `${name}: zks prove exit 0 (${(r.stderr || '').trim()})`);
    if (r.status !== 0) return;
    (proved[L] = proved[L] || []).push({ name, pf, uf });
    const vk = JSON.parse(fs.readFileSync(path.join(dir, 'verification_key.json')));
    const proof = JSON.parse(fs.readFileSync(pf));
    const publicSignals = JSON.parse(fs.readFileSync(uf));
    check(JSON.stringify(publicSignals) === JSON.stringify(expectedPublic(traces)),
      `${name}: public inputs [user, provider, initNonce, finalNonce, totalFee, signer0, signer1]`);
    check(await snarkjs.groth16.verify(vk, publicSignals, proof), `${name}: snarkjs groth16 verify accepts`);
    const forged = publicSignals.slice();
    forged[4] = String(BigInt(forged[4]) + 1n);
    check(!(await snarkjs.groth16.verify(vk, forged, proof)), `${name}: snarkjs rejects totalFee + 1`);
  }

  function refused(L, traces, name, pattern) {
    const { r } = prove(L, traces, name);
    check(r.status === 2 && pattern.test(r.stderr) && r.stderr.trim().split('\n').length === 1,
      `${name}: refused with exit 2 (${r.status}: ${(r.stderr || '').trim()})`);
  }

  await provesAndVerifies(1, [sign(7, 123456789)], 'L=1 full');
  const four = [sign(10, 5), sign(11, 1n << 100n), sign(15, 0), sign(20, 99)];
  await provesAndVerifies(4, [four[2], four[0], four[3], four[1]], 'L=4 full, shuffled');
  await provesAndVerifies(4, [sign(1000, 3), sign(999, 4)], 'L=4 padded (2 of 4)');

  // L = 64: full (shuffled) and padded (37 of 64), fees up to just under 2^128 / 64
  const nonces64 = Array.from({ length: 64 }, (_, i) => 5000 + 3 * i + (i % 5));
  const fees64 = nonces64.map((n, i) => (i === 17 ? (1n << 121n) - 1n : BigInt(n) * 1000003n));
  const traces64 = nonces64.map((n, i) => sign(n, fees64[i]));
  const shuffled64 = traces64.map((t, i) => [(i * 37) % 64, t]).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  await provesAndVerifies(64, shuffled64, 'L=64 full, shuffled');
  await provesAndVerifies(64, traces64.slice(10, 47).reverse(), 'L=64 padded (37 of 64)');

  // --wtns: snarkjs checks the witness against our .r1cs and proves it with the same key
  {
    const wf = path.join(tmp, 'L4.wtns');
    const traces = [sign(40, 1), sign(41, 2), sign(43, 3)];
    const { r, uf, dir } = prove(4, traces, 'L=4 with --wtns', ['--wtns', wf]);
    check(r.status === 0 && fs.existsSync(wf), `zks prove --wtns writes the witness (exit ${r.status})`);
    if (r.status === 0) {
      check(await snarkjs.wtns.check(path.join(dir, 'settle_4.r1cs'), wf),
        'snarkjs wtns check: the --wtns witness satisfies settle_4.r1cs');
      const sj = await snarkjs.groth16.prove(path.join(dir, 'settle_4.zkey'), wf);
      const vk = JSON.parse(fs.readFileSync(path.join(dir, 'verification_key.json')));
      check(JSON.stringify(sj.publicSignals) === JSON.stringify(JSON.parse(fs.readFileSync(uf))) &&
        await snarkjs.groth16.verify(vk, sj.publicSignals, sj.proof),
        'snarkjs groth16 prove on the --wtns witness: same public inputs, proof verifies');
    }
  }

  // The exported verifier in the EVM: verifyProof for one proof, verifyBatch for all of L's proofs
  let previous = null; // another batch size's proof: must not pass this key's verifier
  for (const L of [1, 4, 64]) {
    const list = proved[L] || [];
    check(list.length === (L === 1 ? 1 : 2), `L=${L}: ${list.length} proofs for the EVM verifier`);
    if (!list.length) continue;
    const { call } = await deployVerifier(fs.readFileSync(path.join(setup(L), 'verifier.sol'), 'utf8'));
    const proofs = list.map((p) => ({ ...p, proof: JSON.parse(fs.readFileSync(p.pf)),
      pub: JSON.parse(fs.readFileSync(p.uf)) }));
    const single = async (proof, pub) =>
      call('verifyProof', JSON.parse('[' + (await snarkjs.groth16.exportSolidityCallData(proof, pub)) + ']'));
    const one = await single(proofs[0].proof, proofs[0].pub);
    check(one.ok === true, `L=${L}: EVM verifyProof accepts "${proofs[0].name}" (gas ${one.gas})`);
    const fee1 = proofs[0].pub.slice();
    fee1[4] = String(BigInt(fee1[4]) + 1n);
    check((await single(proofs[0].proof, fee1)).ok === false, `L=${L}: EVM verifyProof rejects totalFee + 1`);
    if (previous) {
      check((await single(previous.proof, previous.pub)).ok === false,
        `L=${L}: EVM verifyProof rejects a valid proof of SettleBatch(${previous.L})`);
    }
    previous = { L, proof: proofs[0].proof, pub: proofs[0].pub };

    const args = [];
    for (const p of proofs) args.push(p.uf, p.pf);
    const [inProof, inputs, count] = JSON.parse('[' + execFileSync(ZKS, ['calldata', '--batch', ...args],
      { encoding: 'utf8' }).trim() + ']');
    const batch = await call('verifyBatch', [inProof, inputs, count]);
    check(batch.ok === true, `L=${L}: EVM verifyBatch accepts ${proofs.map((p) => '"' + p.name + '"').join(' + ')}` +
      ` (gas ${batch.gas}, ${(Number(batch.gas) / proofs.length).toFixed(0)} a proof)`);
    const last = proofs.length - 1; // tamper with the last proof: the padded one where there are two
    const negA = inProof.slice();
    negA[8 * last + 1] = '0x' + (Q - BigInt(negA[8 * last + 1])).toString(16);
    check((await call('verifyBatch', [negA, inputs, count])).ok === false,
      `L=${L}: EVM verifyBatch rejects a negated pA of proof ${last}`);
    const changed = inputs.slice();
    changed[7 * last + 3] = '0x' + (BigInt(changed[7 * last + 3]) + 1n).toString(16); // finalNonce + 1
    check((await call('verifyBatch', [inProof, changed, count])).ok === false,
      `L=${L}: EVM verifyBatch rejects finalNonce + 1 of proof ${last}`);
  }

  refused(4, [sign(1, 1), sign(2, 2, prv, '0x' + '11'.repeat(20))], 'mixed providers', /trace 1: .*pair/);
  refused(4, [sign(1, 1), sign(2, 2, other)], 'mixed signers', /trace 1: signer/);
  refused(4, [sign(5, 1), sign(5, 2)], 'duplicate nonce', /duplicate nonce 5/);
  const bad = sign(3, 3);
  bad.fee = '4';
  refused(4, [sign(1, 1), bad], 'bad signature', /trace 1: bad signature/);
  refused(1, [sign(1, 1), sign(2, 2)], 'more than L', /2 traces/);
  const big = sign(1, 1);
  big.fee = String(1n << 128n);
  refused(4, [big], 'fee of 2^128', /trace 0/);
  refused(4, [], 'no traces', /0 traces/);

  // setup --zkey: another batch size's key is refused (exit 2), the right one is taken as is
  {
    const wrong = spawnSync(ZKS, ['setup', '--batch', '4', '--out', path.join(tmp, 'cer4'),
      '--zkey', path.join(setup(1), 'settle_1.zkey')], { encoding: 'utf8' });
    check(wrong.status === 2 && /does not match SettleBatch\(4\)/.test(wrong.stderr),
      `setup --zkey refuses a SettleBatch(1) key for L=4 (exit ${wrong.status}: ${(wrong.stderr || '').trim()})`);
    const cer = path.join(tmp, 'cer1');
    const right = spawnSync(ZKS, ['setup', '--batch', '1', '--out', cer, '--zkey',
      path.join(setup(1), 'settle_1.zkey')], { encoding: 'utf8' });
    const vkOf = (d) => JSON.parse(fs.readFileSync(path.join(d, 'verification_key.json'), 'utf8'));
    check(right.status === 0 && JSON.stringify(vkOf(cer)) === JSON.stringify(vkOf(setup(1))),
      `setup --zkey accepts the SettleBatch(1) key and exports its verification key (exit ${right.status})`);
    if (right.status === 0) {
      const vk = vkOf(cer);
      const tf = path.join(tmp, 'ceremony1.traces.json');
      const pf = path.join(tmp, 'ceremony1.proof.json');
      const uf = path.join(tmp, 'ceremony1.public.json');
      fs.writeFileSync(tf, JSON.stringify([sign(7, 70)]));
      const r = spawnSync(ZKS, ['prove', '--keys', cer, '--traces', tf, '--proof', pf, '--public', uf],
        { encoding: 'utf8' });
      check(r.status === 0 && await snarkjs.groth16.verify(vk, JSON.parse(fs.readFileSync(uf, 'utf8')),
        JSON.parse(fs.readFileSync(pf, 'utf8'))), 'a proof made with the key taken by --zkey verifies');
    }
  }

  // the exported .r1cs is accepted by snarkjs (r1cs info reads the same counts)
  const info = JSON.parse(execFileSync(ZKS, ['circuit-info', '--batch', '1', '--json'], { encoding: 'utf8' }));
  const r1 = await snarkjs.r1cs.info(path.join(keys[1], 'settle_1.r1cs'));
  check(r1.nConstraints === info.constraints && r1.nVars === info.wires && r1.nPubInputs === 7,
    `snarkjs r1cs info: ${r1.nConstraints} constraints, ${r1.nVars} wires, 7 public inputs`);
}

main().then(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (failures) {
    console.error(failures + ' failure(s)');
    process.exit(1);
  }
  process.exit(0);
}, (e) => {
  console.error(e);
  process.exit(1);
});
