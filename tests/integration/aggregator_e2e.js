// zks-aggregator end to end: a real redis-server (unix socket) and the dev
// broker; traces produced and results observed with kafkajs (an independent
// Kafka client), Redis state read with redis-cli, batch ids recomputed with
// the blake2b npm package, protobuf decoded by the harness's own codec.
// Covers: full and age-based sealing, duplicates (no effect), conflict,
// replay, truncated protobuf, key mismatch, malformed and unsupported-version
// records to the DLQ with reasons, crash (SIGKILL before any commit) and
// re-delivery without new batches or lost traces, recovery announcing a
// sealed-but-unannounced batch, graceful SIGTERM.
'use strict';
const path = require('path');
const crypto = require('crypto');
const blake2b = require('blake2b');
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const h = require('./fleet_harness.js');

const L = 4;
const AGG = path.join(process.env.ZKS_BUILD_DIR, 'aggregator', 'zks-aggregator');
const TOPICS = ['zks.traces', 'zks.traces.dlq', 'zks.batches'];

const addr = (b) => Buffer.alloc(20, b);
const userA = addr(0xa1), providerA = addr(0xb1), userB = addr(0xa2), providerB = addr(0xb2);
const signer = crypto.randomBytes(32);
const trace = (user, provider, nonce, sigByte = 1, fee = 1000n + BigInt(nonce)) =>
  ({ user, provider, nonce, fee, signer, signature: Buffer.alloc(64, sigByte) });
const pairKey = (t) => Buffer.concat([t.user, t.provider]);
const tag = (user, provider) => `{${user.toString('hex')}:${provider.toString('hex')}}`;

function expectedBatchId(user, provider, traces) {
  const sorted = [...traces].sort((x, y) => (BigInt(x.nonce) < BigInt(y.nonce) ? -1 : 1));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(sorted.length);
  const parts = [Buffer.from('zks.batch.v1\0'), user, provider, count, ...sorted.map(h.record)];
  return Buffer.from(blake2b(32).update(Buffer.concat(parts)).digest());
}

function metricValue(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function main() {
  const sock = await h.startRedis();
  const broker = await h.startBroker(TOPICS);
  const kafka = new Kafka({ clientId: 'agg-e2e', brokers: broker.addr.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const send = (key, value) => producer.send({ topic: 'zks.traces', acks: -1, messages: [{ key, value }] });

  const port = await h.freePort();
  const env = {
    ZKS_KAFKA_BROKERS: broker.addr, ZKS_REDIS: 'unix:' + sock, ZKS_BATCH_SIZE: String(L), ZKS_MAX_WAIT_MS: '1500',
    ZKS_HTTP_LISTEN: '127.0.0.1:' + port, ZKS_COMMIT_INTERVAL_MS: '600000', ZKS_RECOVER_INTERVAL_MS: '600000',
    ZKS_KAFKA_PROP_SESSION_TIMEOUT_MS: '6000', ZKS_KAFKA_PROP_FETCH_WAIT_MAX_MS: '100', ZKS_LOG_LEVEL: 'info',
  };
  const logFile = path.join(h.tmp, 'aggregator.log');
  let agg = h.startService(AGG, env, logFile);
  await h.waitFor('aggregator ready', async () => (await h.httpGet(port, '/readyz'))?.status === 200);

  const batches = [], dlq = [];
  const c1 = await h.collect(kafka, 'zks.batches', 'e2e-observer-batches', batches);
  const c2 = await h.collect(kafka, 'zks.traces.dlq', 'e2e-observer-dlq', dlq);

  // Pair A: a full batch, produced out of order, with an exact duplicate.
  const a = [3, 1, 4, 2].map((n) => trace(userA, providerA, n));
  for (const t of a) await send(pairKey(t), h.signedTrace(t));
  await send(pairKey(a[3]), h.signedTrace(a[3]));
  // Pair B: two traces, sealed by age.
  const b = [10, 11].map((n) => trace(userB, providerB, n));
  for (const t of b) await send(pairKey(t), h.signedTrace(t));

  await h.waitFor('two batch announcements', () => batches.length >= 2, 60000);
  const anns = batches.map((m) => h.batchAnnouncement(m.value));
  const annA = anns.find((x) => x.user.equals(userA)), annB = anns.find((x) => x.user.equals(userB));
  h.check(annA && annA.count === 4 && annA.first === 1n && annA.final === 4n && annA.reason === 'full',
    'pair A sealed as one full batch of nonces 1..4');
  h.check(annA.batchId.equals(expectedBatchId(userA, providerA, a)), 'pair A batch id = BLAKE2b-256 of its content (blake2b npm)');
  h.check(batches.find((m) => h.batchAnnouncement(m.value).user.equals(userA)).key.equals(Buffer.concat([userA, providerA])),
    'announcement key is user||provider');
  h.check(annB && annB.count === 2 && annB.first === 10n && annB.final === 11n && annB.reason === 'age',
    'pair B sealed by age with 2 traces');
  h.check(annB.batchId.equals(expectedBatchId(userB, providerB, b)), 'pair B batch id = BLAKE2b-256 of its content');

  const tA = tag(userA, providerA), tB = tag(userB, providerB);
  const batchKeyA = `zks:${tA}:batch:${annA.batchId.toString('hex')}`, batchKeyB = `zks:${tB}:batch:${annB.batchId.toString('hex')}`;
  h.check(annA.redisKey === batchKeyA, 'announcement names the hash-tagged Redis key');
  h.check(h.redis(sock, 'HGET', batchKeyA, 'state') === '"announced"', 'batch A state announced in Redis');
  const stored = h.redisRaw(sock, 'HGET', batchKeyA, 'traces').subarray(0, 480);
  const sortedA = [...a].sort((x, y) => x.nonce - y.nonce);
  h.check(stored.equals(Buffer.concat(sortedA.map(h.record))), 'batch A holds the 4 records in nonce order, byte for byte');
  h.check(h.redis(sock, 'GET', `zks:${tA}:wm`) === '"00000000000000000004"', 'watermark of A = final nonce 4');
  h.check(h.redis(sock, 'HLEN', `zks:${tA}:pending`) === '(integer) 0' && h.redis(sock, 'HLEN', `zks:${tB}:pending`) === '(integer) 0',
    'nothing left pending');
  h.check(h.redis(sock, 'SCARD', `zks:${tA}:sealed`) === '(integer) 0', 'no batch waits for announcement');

  // Rejects, after A is sealed.
  const conflict = trace(userA, providerA, 3, 9);
  const replay = trace(userA, providerA, 0);
  const good = h.signedTrace(trace(userA, providerA, 7));
  const rejects = [
    { key: pairKey(conflict), value: h.signedTrace(conflict), reason: 'conflict' },
    { key: pairKey(replay), value: h.signedTrace(replay), reason: 'replay' },
    { key: pairKey(replay), value: good.subarray(0, good.length - 5), reason: 'truncated_protobuf' },
    { key: Buffer.concat([userB, providerA]), value: good, reason: 'key_mismatch' },
    { key: pairKey(replay), value: h.signedTrace({ ...trace(userA, providerA, 8), user: Buffer.alloc(19, 0xa1) }), reason: 'malformed' },
    { key: pairKey(replay), value: h.signedTrace({ ...trace(userA, providerA, 9), version: 2 }), reason: 'unsupported_version' },
  ];
  for (const r of rejects) await send(r.key, r.value);
  await h.waitFor('6 DLQ records', () => dlq.length >= rejects.length, 30000);
  const dl = dlq.map((m) => h.dlqRecord(m.value));
  for (const r of rejects) {
    const hit = dl.find((d) => d.reason === r.reason);
    h.check(hit && hit.payload.equals(r.value) && hit.sourceTopic === 'zks.traces' && hit.service === 'aggregator',
      `DLQ reason ${r.reason} with the original payload`);
  }
  h.check(h.redis(sock, 'HGET', `zks:${tA}:seen`, '00000000000000000003') !== '(nil)' &&
    h.redisRaw(sock, 'HGET', `zks:${tA}:seen`, '00000000000000000003').subarray(0, 120).equals(h.record(a[0])),
    'the conflicting trace did not replace the sealed one');
  h.check(h.redis(sock, 'HLEN', `zks:${tA}:pending`) === '(integer) 0', 'rejects left nothing pending');

  const m1 = (await h.httpGet(port, '/metrics')).text;
  h.check(metricValue(m1, 'zks_aggregator_traces_total{result="stored"}') === 6, 'metrics: 6 stored');
  h.check(metricValue(m1, 'zks_aggregator_traces_total{result="duplicate"}') === 1, 'metrics: 1 duplicate');
  h.check(metricValue(m1, 'zks_aggregator_traces_total{result="invalid"}') === 4, 'metrics: 4 invalid');
  h.check(metricValue(m1, 'zks_aggregator_batches_sealed_total{reason="full"}') === 1 &&
    metricValue(m1, 'zks_aggregator_batches_sealed_total{reason="age"}') === 1, 'metrics: sealed 1 full, 1 age');

  // Crash: SIGKILL before any offset commit, then make B look sealed-but-unannounced
  // (the state a crash between the seal script and the announcement leaves).
  agg.kill('SIGKILL');
  await h.exited(agg);
  h.redis(sock, 'HSET', batchKeyB, 'state', 'sealed');
  h.redis(sock, 'SADD', `zks:${tB}:sealed`, annB.batchId.toString('hex'));
  const before = batches.length, dlqBefore = dlq.length;
  agg = h.startService(AGG, env, logFile);
  await h.waitFor('recovered announcement of B', () => batches.length > before, 60000);
  const again = h.batchAnnouncement(batches[batches.length - 1].value);
  h.check(again.batchId.equals(annB.batchId), 'recovery re-announced the sealed batch under the same id');
  await h.waitFor('B announced again in Redis', () => h.redis(sock, 'HGET', batchKeyB, 'state') === '"announced"');
  // Every record is re-delivered (nothing was committed): traces are duplicates, rejects go to the DLQ again.
  await h.waitFor('re-delivered rejects', () => dlq.length >= dlqBefore + rejects.length, 60000);
  await h.waitFor('re-delivered traces counted', async () => {
    const t = (await h.httpGet(port, '/metrics'))?.text || '';
    return metricValue(t, 'zks_aggregator_traces_total{result="duplicate"}') === 7;
  }, 30000);
  const m2 = (await h.httpGet(port, '/metrics')).text;
  h.check(metricValue(m2, 'zks_aggregator_traces_total{result="stored"}') === 0, 're-delivery stored nothing new');
  h.check(h.redis(sock, 'ZCARD', `zks:${tA}:batches`) === '(integer) 1' && h.redis(sock, 'ZCARD', `zks:${tB}:batches`) === '(integer) 1',
    're-delivery sealed no new batch');
  h.check(batches.length === before + 1, 'exactly one extra announcement (the recovered one)');

  // Graceful drain: SIGTERM commits and exits 0; a restart then sees nothing new.
  agg.kill('SIGTERM');
  h.check((await h.exited(agg)) === 0, 'SIGTERM: exit status 0');
  const log = require('fs').readFileSync(logFile, 'utf8');
  h.check(log.split('\n').filter((l) => l.trim()).every((l) => l.startsWith('{') || l.startsWith('%')), 'logs are one JSON object a line');

  await c1.disconnect();
  await c2.disconnect();
  await producer.disconnect();
  console.log('aggregator e2e: all checks passed');
}

main().then(() => process.exit(process.exitCode || 0), (e) => { console.error(e.message); process.exit(1); });
