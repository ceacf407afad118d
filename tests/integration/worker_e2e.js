// zks-worker end to end, behind the real aggregator: a real redis-server, the
// dev broker, a development key from `zks setup --batch 2`. Traces are signed
// with circomlibjs and produced with kafkajs; settlements are read with
// kafkajs, their proofs checked with snarkjs.groth16.verify against the
// setup's verification_key.json, their public inputs recomputed here from the
// traces (DESIGN §1/§3), the calldata selector recomputed with js-sha3.
// Covers: prove -> publish -> mark proved (Redis holds the published bytes);
// a re-delivered announcement of a proved batch re-publishes the stored
// settlement byte for byte (not re-proved); poison records (truncated
// announcement, batch missing from Redis, a batch the circuit refuses) go to
// the DLQ with reasons and the next batch of the same partition is still
// proved; /metrics counts; SIGTERM exits 0.
'use strict';
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const snarkjs = require('snarkjs');
const { keccak256 } = require('js-sha3');
const h = require('./fleet_harness.js');

const L = 2;
const AGG = path.join(process.env.ZKS_BUILD_DIR, 'aggregator', 'zks-aggregator');
const WORKER = path.join(process.env.ZKS_BUILD_DIR, 'worker', 'zks-worker');
const TOPICS = ['zks.traces', 'zks.traces.dlq', 'zks.batches', 'zks.settlements'];
const big = (b) => BigInt('0x' + Buffer.from(b).toString('hex'));
const le = (b) => big(Buffer.from(b).reverse());

function metricValue(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.split(' ')[1]) : 0;
}

// Settlement: batch_id 2, public_inputs 3 (repeated), proof_words 4 (repeated), calldata 5, key_id 6, count 7, user 12, provider 13
function decodeSettlement(buf) {
  const f = h.pbDecode(buf);
  const one = (n, d) => (f[n] ? f[n][f[n].length - 1] : d);
  return {
    batchId: Buffer.from(one(2, Buffer.alloc(0))), pub: (f[3] || []).map((b) => big(b)),
    words: (f[4] || []).map((b) => big(b)), calldata: Buffer.from(one(5, Buffer.alloc(0))),
    keyId: one(6, Buffer.alloc(0)).toString(), count: Number(one(7, 0n)),
    user: Buffer.from(one(12, Buffer.alloc(0))), provider: Buffer.from(one(13, Buffer.alloc(0))),
  };
}

async function main() {
  const keys = path.join(h.tmp, 'keys');
  const setup = spawnSync(process.env.ZKS_BIN, ['setup', '--batch', String(L), '--out', keys], { encoding: 'utf8' });
  h.check(setup.status === 0, 'zks setup --batch 2 (development key)');
  const vkey = JSON.parse(fs.readFileSync(path.join(keys, 'verification_key.json'), 'utf8'));

  const { buildEddsa, buildPoseidon } = require('circomlibjs');
  const eddsa = await buildEddsa();
  const poseidon = await buildPoseidon();
  const prv = crypto.randomBytes(32);
  const signer = Buffer.from(eddsa.babyJub.packPoint(eddsa.prv2pub(prv)));
  const user = Buffer.alloc(20, 0xc1), provider = Buffer.alloc(20, 0xd1);
  const trace = (nonce, fee) => {
    const t = { nonce: BigInt(nonce), fee: BigInt(fee), user, provider, signer };
    const m = poseidon([t.nonce, t.fee, big(user), big(provider)]);
    t.signature = Buffer.from(eddsa.packSignature(eddsa.signPoseidon(prv, m)));
    return t;
  };
  const key = Buffer.concat([user, provider]);
  const tag = `{${user.toString('hex')}:${provider.toString('hex')}}`;

  const sock = await h.startRedis();
  const broker = await h.startBroker(TOPICS);
  const kafka = new Kafka({ clientId: 'worker-e2e', brokers: broker.addr.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const send = (topic, value) => producer.send({ topic, acks: -1, messages: [{ key, value }] });
  const common = {
    ZKS_KAFKA_BROKERS: broker.addr, ZKS_REDIS: 'unix:' + sock, ZKS_BATCH_SIZE: String(L), ZKS_LOG_LEVEL: 'info',
    ZKS_KAFKA_PROP_SESSION_TIMEOUT_MS: '6000', ZKS_KAFKA_PROP_FETCH_WAIT_MAX_MS: '100',
  };
  const aggPort = await h.freePort(), workerPort = await h.freePort();
  const agg = h.startService(AGG, { ...common, ZKS_HTTP_LISTEN: '127.0.0.1:' + aggPort, ZKS_MAX_WAIT_MS: '30000' },
    path.join(h.tmp, 'aggregator.log'));
  const logFile = path.join(h.tmp, 'worker.log');
  const worker = h.startService(WORKER, { ...common, ZKS_HTTP_LISTEN: '127.0.0.1:' + workerPort, ZKS_KEYS: keys, ZKS_THREADS: '2' },
    logFile);
  await h.waitFor('aggregator ready', async () => (await h.httpGet(aggPort, '/readyz'))?.status === 200);
  await h.waitFor('worker ready', async () => (await h.httpGet(workerPort, '/readyz'))?.status === 200, 60000);
  h.check((await h.httpGet(workerPort, '/healthz'))?.status === 200, 'worker /healthz 200');

  const settlements = [], batches = [], dlq = [];
  const cs = await h.collect(kafka, 'zks.settlements', 'worker-e2e-settlements', settlements);
  const cb = await h.collect(kafka, 'zks.batches', 'worker-e2e-batches', batches);
  const cd = await h.collect(kafka, 'zks.traces.dlq', 'worker-e2e-dlq', dlq);

  // --- one full batch: nonces 5, 9 ---
  const first = [trace(9, 700), trace(5, 300)];
  for (const t of first) await send('zks.traces', h.signedTrace(t));
  await h.waitFor('a settlement', () => settlements.length >= 1, 120000);
  const s1 = decodeSettlement(settlements[0].value);
  const ann1 = h.batchAnnouncement(batches[0].value);
  const expectPub = [big(user), big(provider), 5n, 9n, 1000n, le(signer.subarray(0, 16)), le(signer.subarray(16, 32))];
  h.check(settlements[0].key.equals(key), 'settlement key is user||provider');
  h.check(s1.batchId.equals(ann1.batchId) && s1.count === 2, 'settlement names the announced batch, 2 traces');
  h.check(s1.pub.length === 7 && s1.pub.every((v, i) => v === expectPub[i]),
    'public inputs = [user, provider, initNonce 5, finalNonce 9, totalFee 1000, signer0, signer1] (recomputed in JS)');
  h.check(s1.user.equals(user) && s1.provider.equals(provider) && s1.keyId.startsWith('settle_2:'), 'user, provider, key id');
  const w = s1.words.map(String);
  const proof = {
    protocol: 'groth16', curve: 'bn128',
    pi_a: [w[0], w[1], '1'], pi_b: [[w[3], w[2]], [w[5], w[4]], ['1', '0']], pi_c: [w[6], w[7], '1'],
  };
  h.check(await snarkjs.groth16.verify(vkey, s1.pub.map(String), proof), 'snarkjs groth16 verify accepts the settlement proof');
  const badPub = s1.pub.map(String);
  badPub[4] = '1001';
  h.check(!(await snarkjs.groth16.verify(vkey, badPub, proof)), 'snarkjs rejects it with totalFee 1001 (the check can fail)');
  const selector = keccak256('verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[7])').slice(0, 8);
  const words = [...s1.words, ...s1.pub].map((v) => v.toString(16).padStart(64, '0')).join('');
  h.check(s1.calldata.toString('hex') === selector + words, 'calldata = keccak selector of verifyProof || proof words || inputs');
  const batchKey = `zks:${tag}:batch:${ann1.batchId.toString('hex')}`;
  await h.waitFor('batch marked proved', () => h.redis(sock, 'HGET', batchKey, 'state') === '"proved"');
  const stored = h.redisRaw(sock, 'HGET', batchKey, 'settlement');
  h.check(stored.subarray(0, stored.length - 1).equals(settlements[0].value), 'Redis keeps the published settlement byte for byte');

  // --- re-delivery of a proved batch's announcement: re-published, not re-proved ---
  await send('zks.batches', batches[0].value);
  await h.waitFor('the re-published settlement', () => settlements.length >= 2, 60000);
  h.check(settlements[1].value.equals(settlements[0].value), 're-delivered announcement -> the stored settlement, identical bytes');

  // --- poison records on the same partition, then a good batch still goes through ---
  const annPb = batches[0].value;
  await send('zks.batches', annPb.subarray(0, 20));
  const missingId = crypto.randomBytes(32);
  await send('zks.batches', Buffer.concat([h.pbField(1, 1), h.pbField(2, missingId), h.pbField(3, user), h.pbField(4, provider),
    h.pbField(5, 1)]));
  // A batch whose trace carries another message's signature: the circuit's input check refuses it.
  const forged = { ...trace(20, 5), signature: trace(21, 5).signature };
  const badId = crypto.randomBytes(32);
  const badKey = `zks:${tag}:batch:${badId.toString('hex')}`;
  const hset = spawnSync('redis-cli', ['-s', sock, '-x', 'HSET', badKey, 'traces'], { input: h.record(forged) });
  h.check(hset.status === 0, 'seeded an unprovable batch in Redis');
  h.redis(sock, 'HSET', badKey, 'state', 'announced', 'count', '1', 'sealed_at', String(Date.now()), 'reason', 'full');
  await send('zks.batches', Buffer.concat([h.pbField(1, 1), h.pbField(2, badId), h.pbField(3, user), h.pbField(4, provider),
    h.pbField(5, 1)]));
  for (const t of [trace(30, 1), trace(31, 2)]) await send('zks.traces', h.signedTrace(t));
  await h.waitFor('3 DLQ records', () => dlq.length >= 3, 60000);
  const reasons = dlq.map((m) => h.dlqRecord(m.value)).filter((d) => d.service === 'worker').map((d) => d.reason).sort();
  h.check(JSON.stringify(reasons) === JSON.stringify(['batch_missing', 'truncated_protobuf', 'unprovable']),
    `poison records -> DLQ batch_missing, truncated_protobuf, unprovable (${reasons})`);
  h.check(h.redis(sock, 'HGET', badKey, 'state') === '"announced"', 'the unprovable batch is not marked proved');
  await h.waitFor('the next batch proved after the poison', () => settlements.length >= 3, 120000);
  const s3 = decodeSettlement(settlements[2].value);
  h.check(s3.pub[2] === 30n && s3.pub[3] === 31n && s3.pub[4] === 3n, 'next batch: nonces 30..31, fee 3');
  h.check(await snarkjs.groth16.verify(vkey, s3.pub.map(String), {
    protocol: 'groth16', curve: 'bn128', pi_a: [String(s3.words[0]), String(s3.words[1]), '1'],
    pi_b: [[String(s3.words[3]), String(s3.words[2])], [String(s3.words[5]), String(s3.words[4])], ['1', '0']],
    pi_c: [String(s3.words[6]), String(s3.words[7]), '1'],
  }), 'snarkjs accepts the second proof');

  const metrics = (await h.httpGet(workerPort, '/metrics')).text;
  h.check(metricValue(metrics, 'zks_worker_proofs_total{result="ok"}') === 2 &&
    metricValue(metrics, 'zks_worker_proofs_total{result="republished"}') === 1 &&
    metricValue(metrics, 'zks_worker_proofs_total{result="failed"}') === 3,
  'metrics: 2 proved, 1 re-published, 3 failed');
  h.check(metricValue(metrics, 'zks_settlements_published_total') === 3, 'metrics: 3 settlements published');

  // Aggregator gauges: one lone trace stays pending (L = 2, max wait 30 s; the sweep runs every 7.5 s).
  const lone = Date.now();
  await send('zks.traces', h.signedTrace(trace(40, 1)));
  const aggMetrics = await h.waitFor('pending gauge at 1', async () => {
    const t = (await h.httpGet(aggPort, '/metrics'))?.text || '';
    return metricValue(t, 'zks_aggregator_pending_traces') === 1 ? t : null;
  }, 25000);
  const age = metricValue(aggMetrics, 'zks_aggregator_oldest_pending_age_seconds');
  h.check(age >= 0 && age <= (Date.now() - lone) / 1000 + 1, `aggregator gauges: 1 pending trace, oldest ${age} s old`);

  await cs.disconnect();
  await cb.disconnect();
  await cd.disconnect();
  await producer.disconnect();
  worker.kill('SIGTERM');
  h.check((await h.exited(worker)) === 0, 'worker SIGTERM: exit status 0');
  agg.kill('SIGTERM');
  await h.exited(agg);
  const log = fs.readFileSync(logFile, 'utf8');
  h.check(log.split('\n').filter((l) => l.trim()).every((l) => l.startsWith('{') || l.startsWith('%')), 'worker logs are one JSON object a line');
  console.log('worker e2e: all checks passed');
}

main().then(() => process.exit(process.exitCode || 0), (e) => { console.error(e.message); process.exit(1); });
