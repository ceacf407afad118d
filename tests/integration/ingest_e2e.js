// zks-ingest end to end against the dev broker (no Redis needed by ingest).
// Independent parties: traces signed with circomlibjs (keys from circomlibjs
// prv2pub), zks.traces read back with kcat, zks.traces.raw fed and the DLQ
// read with kafkajs, partitions recomputed with kafkajs's murmur2 partitioner,
// token hashes made with node's sha256, protobuf decoded by the harness codec.
// Covers: POST one and many -> 202 after delivery, traces on zks.traces keyed
// user||provider on the murmur2 partition; every HTTP reject path (400 bad
// JSON, 400 unknown field, 400 bad signature, 400 mixed array publishes
// nothing, 403 wrong provider, 401 missing/unknown token, 413, 415, 503 with
// the broker down) with nothing published; the raw topic (valid traces
// forwarded, forged signature and truncated protobuf to the DLQ with reasons);
// /healthz /readyz /metrics; SIGTERM drains and exits 0.
'use strict';
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const h = require('./fleet_harness.js');

const INGEST = path.join(process.env.ZKS_BUILD_DIR, 'ingest', 'zks-ingest');
const TOPICS = ['zks.traces.raw', 'zks.traces', 'zks.traces.dlq'];
const PARTITIONS = 3;

const addr = (b) => Buffer.alloc(20, b);
const user = addr(0xa1), providerA = addr(0xb1), providerB = addr(0xb2);
const tokenA = 'token-of-provider-A-' + crypto.randomBytes(8).toString('hex');
const tokenB = 'token-of-provider-B-' + crypto.randomBytes(8).toString('hex');
const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');
const big = (b) => BigInt('0x' + b.toString('hex'));

// Every zks.traces record with kcat: '%K %S\n' gives the lengths, then key and payload bytes.
function readTracesWithKcat(brokerAddr) {
  const r = spawnSync('kcat', ['-C', '-b', brokerAddr, '-t', 'zks.traces', '-e', '-q', '-f', '%p %K %S\n%k%s'],
    { maxBuffer: 1 << 26, timeout: 60000 });
  if (r.status !== 0) h.fail('kcat: ' + r.stderr);
  const out = [];
  let i = 0;
  const buf = r.stdout;
  while (i < buf.length) {
    const nl = buf.indexOf(0x0a, i);
    const [p, k, s] = buf.subarray(i, nl).toString().split(' ').map(Number);
    i = nl + 1;
    const key = buf.subarray(i, i + Math.max(k, 0)); i += Math.max(k, 0);
    const value = buf.subarray(i, i + Math.max(s, 0)); i += Math.max(s, 0);
    out.push({ partition: p, key, value });
  }
  return out;
}

function decodeTrace(buf) {
  const f = h.pbDecode(buf);
  const one = (n, d) => (f[n] ? f[n][f[n].length - 1] : d);
  return {
    version: Number(one(1, 0n)), nonce: one(2, 0n), fee: one(3, 0n) + (one(4, 0n) << 64n),
    user: Buffer.from(one(5, Buffer.alloc(0))), provider: Buffer.from(one(6, Buffer.alloc(0))),
    signer: Buffer.from(one(7, Buffer.alloc(0))), signature: Buffer.from(one(8, Buffer.alloc(0))),
    source: Number(one(10, 0n)),
  };
}

function metricValue(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.split(' ')[1]) : 0;
}

async function main() {
  const { buildEddsa, buildPoseidon } = require('circomlibjs'); // CommonJS build, found through NODE_PATH
  const eddsa = await buildEddsa();
  const poseidon = await buildPoseidon();
  const prv = crypto.randomBytes(32);
  const signer = Buffer.from(eddsa.babyJub.packPoint(eddsa.prv2pub(prv)));
  // DESIGN §3: m = Poseidon(nonce, fee, user, provider), signed with eddsa.signPoseidon.
  const sign = (t) => {
    const m = poseidon([BigInt(t.nonce), BigInt(t.fee), big(t.user), big(t.provider)]);
    return Buffer.from(eddsa.packSignature(eddsa.signPoseidon(prv, m)));
  };
  const trace = (nonce, provider = providerA, fee = 1000n + BigInt(nonce)) => {
    const t = { nonce: BigInt(nonce), fee: BigInt(fee), user, provider, signer };
    t.signature = sign(t);
    return t;
  };
  const json = (t) => ({
    nonce: String(t.nonce), fee: String(t.fee), user: '0x' + t.user.toString('hex'),
    provider: '0x' + t.provider.toString('hex'), signer: '0x' + t.signer.toString('hex'),
    signature: '0x' + t.signature.toString('hex'),
  });

  const broker = await h.startBroker(TOPICS, PARTITIONS);
  const replies = [];
  broker.child.stdout.on('data', (d) => replies.push(...d.toString().split('\n').filter((l) => l)));
  const brokerCmd = async (cmd) => {
    const before = replies.length;
    broker.child.stdin.write(cmd + '\n');
    await h.waitFor('devbroker answer to ' + cmd, () => replies.length > before);
    return replies[replies.length - 1];
  };
  const tokensFile = path.join(h.tmp, 'tokens');
  fs.writeFileSync(tokensFile, `# provider tokens, hashed\n0x${providerA.toString('hex')} ${sha256(tokenA)}\n` +
    `0x${providerB.toString('hex')} ${sha256(tokenB)}\n`);
  const port = await h.freePort();
  const env = {
    ZKS_KAFKA_BROKERS: broker.addr, ZKS_TOKENS_FILE: tokensFile, ZKS_HTTP_LISTEN: '127.0.0.1:' + port,
    ZKS_MAX_BODY_BYTES: '8192', ZKS_MAX_ITEMS: '16', ZKS_COMMIT_INTERVAL_MS: '200',
    ZKS_KAFKA_PROP_SESSION_TIMEOUT_MS: '6000', ZKS_KAFKA_PROP_FETCH_WAIT_MAX_MS: '100',
    ZKS_KAFKA_PROP_MESSAGE_TIMEOUT_MS: '4000', ZKS_KAFKA_PROP_MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION: '1',
    ZKS_LOG_LEVEL: 'info',
  };
  const logFile = path.join(h.tmp, 'ingest.log');
  const ingest = h.startService(INGEST, env, logFile);
  await h.waitFor('ingest ready', async () => (await h.httpGet(port, '/readyz'))?.status === 200);
  h.check((await h.httpGet(port, '/healthz'))?.status === 200, '/healthz 200');

  const post = async (body, { token = tokenA, type = 'application/json', raw = false } = {}) => {
    const headers = {};
    if (token !== null) headers.Authorization = 'Bearer ' + token;
    if (type !== null) headers['Content-Type'] = type;
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST', headers, body: raw ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = null;
    try { parsed = JSON.parse(text); } catch (_) { /* checked by the caller */ }
    return { status: res.status, body: parsed, text };
  };
  const published = []; // every trace we expect on zks.traces, in order of acceptance

  // --- accepted: one, then many ---
  const t1 = trace(1);
  let r = await post(json(t1));
  h.check(r.status === 202 && r.body.accepted === 1 && r.body.rejected.length === 0, `POST one -> 202 accepted 1 (${r.text})`);
  published.push(t1);
  const many = [2, 3, 4, 5].map((n) => trace(n));
  r = await post(many.map(json));
  h.check(r.status === 202 && r.body.accepted === 4, `POST array of 4 -> 202 accepted 4 (${r.text})`);
  published.push(...many);
  // 202 means delivered: kcat sees them at once, no waiting.
  let onTopic = readTracesWithKcat(broker.addr);
  h.check(onTopic.length === 5, `kcat reads the 5 accepted traces right after the 202s (got ${onTopic.length})`);

  // --- rejects: status, JSON reason, nothing published ---
  const good = trace(6);
  const rejects = [];
  r = await post('{"nonce": "6", ', { raw: true });
  rejects.push(['malformed JSON', r, 400, r.body?.error === 'bad_json']);
  r = await post({ ...json(good), memo: 'hi' });
  rejects.push(['unknown field', r, 400, r.body?.rejected?.[0]?.reason === 'unknown_field' && r.body.accepted === 0]);
  r = await post({ ...json(good), fee: '7' }); // signature made over fee 1006
  rejects.push(['bad signature', r, 400, r.body?.rejected?.[0]?.reason === 'bad_signature']);
  const forgedS = Buffer.from(good.signature);
  forgedS[40] ^= 1;
  r = await post([json(good), { ...json(good), nonce: '7', signature: '0x' + forgedS.toString('hex') }]);
  rejects.push(['array with one bad item publishes nothing', r, 400,
    r.body?.accepted === 0 && r.body.rejected.length === 1 && r.body.rejected[0].index === 1 &&
    r.body.rejected[0].reason === 'bad_signature']);
  r = await post(json(trace(6, providerB)));
  rejects.push(['trace of provider B with token of A', r, 403, r.body?.rejected?.[0]?.reason === 'wrong_provider']);
  r = await post([json(good), json(trace(7, providerB))]);
  rejects.push(['array naming another provider', r, 403,
    r.body?.rejected?.length === 1 && r.body.rejected[0].index === 1 && r.body.rejected[0].reason === 'wrong_provider']);
  r = await post(json(good), { token: null });
  rejects.push(['missing token', r, 401, r.body?.error === 'unauthorized']);
  r = await post(json(good), { token: tokenA + 'x' });
  rejects.push(['unknown token', r, 401, r.body?.error === 'unauthorized']);
  r = await post(Array.from({ length: 12 }, () => ({ ...json(good), pad: 'x'.repeat(400) })));
  rejects.push(['body over max-body-bytes', r, 413, true]);
  r = await post(Array.from({ length: 17 }, () => json(good)));
  rejects.push(['more items than max-items', r, 413, r.body?.error === 'too_many_items']);
  r = await post(json(good), { type: 'text/plain' });
  rejects.push(['wrong content type', r, 415, r.body?.error === 'unsupported_media_type']);
  r = await post(json(good), { type: null, raw: true });
  rejects.push(['no content type', r, 415, true]);
  r = await post([], {});
  rejects.push(['empty array', r, 400, true]);
  for (const [what, res, status, bodyOk] of rejects)
    h.check(res.status === status && bodyOk, `${what} -> ${status} (${res.status} ${res.text.slice(0, 160)})`);

  // --- Kafka unavailable: the broker goes down, the request gets 503, nothing is published ---
  h.check((await brokerCmd('down 1')) === 'ok', 'devbroker: broker 1 down');
  const lost = trace(100);
  r = await post(json(lost));
  h.check(r.status === 503 && r.body?.error === 'kafka_unavailable', `broker down -> 503 kafka_unavailable (${r.status} ${r.text})`);
  h.check((await brokerCmd('up 1')) === 'ok', 'devbroker: broker 1 up');
  const after = trace(101);
  r = await h.waitFor('a 202 after the broker is back', async () => {
    const x = await post(json(after));
    return x.status === 202 ? x : null;
  }, 60000);
  h.check(r.body.accepted === 1, 'broker back -> 202 again');
  published.push(after);

  // --- raw topic: a provider publishes protobuf SignedTrace with kafkajs ---
  const kafka = new Kafka({ clientId: 'ingest-e2e', brokers: broker.addr.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const rawGood = [200, 201].map((n) => trace(n, providerB));
  const forged = trace(202, providerB);
  const forgedPb = h.signedTrace({ ...forged, signature: Buffer.from(trace(203, providerB).signature) });
  const truncPb = h.signedTrace(trace(204, providerB)).subarray(0, 40);
  const pk = (t) => Buffer.concat([t.user, t.provider]);
  for (const t of rawGood) await producer.send({ topic: 'zks.traces.raw', acks: -1, messages: [{ key: pk(t), value: h.signedTrace(t) }] });
  await producer.send({ topic: 'zks.traces.raw', acks: -1, messages: [{ key: pk(forged), value: forgedPb }] });
  await producer.send({ topic: 'zks.traces.raw', acks: -1, messages: [{ key: pk(forged), value: truncPb }] });
  published.push(...rawGood);
  const dlq = [];
  const dlqConsumer = await h.collect(kafka, 'zks.traces.dlq', 'ingest-e2e-dlq', dlq);
  await h.waitFor('2 DLQ records', () => dlq.length >= 2, 60000);
  const dl = dlq.map((m) => h.dlqRecord(m.value));
  const sig = dl.find((d) => d.reason === 'bad_signature'), trunc = dl.find((d) => d.reason === 'truncated_protobuf');
  h.check(sig && sig.payload.equals(forgedPb) && sig.sourceTopic === 'zks.traces.raw' && sig.service === 'ingest',
    'forged signature on the raw topic -> DLQ bad_signature with the original payload');
  h.check(trunc && trunc.payload.equals(truncPb) && trunc.sourceTopic === 'zks.traces.raw',
    'truncated protobuf on the raw topic -> DLQ truncated_protobuf with the original payload');
  onTopic = await h.waitFor('raw traces forwarded', () => {
    const got = readTracesWithKcat(broker.addr);
    return got.length >= published.length ? got : null;
  }, 60000);

  // --- what is on zks.traces: exactly the accepted traces, keyed and partitioned as kafkajs would ---
  await h.sleep(500);
  onTopic = readTracesWithKcat(broker.addr);
  h.check(onTopic.length === published.length, `zks.traces holds exactly the ${published.length} accepted traces (got ${onTopic.length})`);
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, i) => ({ partitionId: i, leader: 0 }));
  let allMatch = true, allKeyed = true, allPart = true, sources = { 1: 0, 2: 0 };
  for (const want of published) {
    const m = onTopic.find((x) => decodeTrace(x.value).nonce === want.nonce);
    if (!m) { allMatch = false; console.error('missing nonce ' + want.nonce); continue; }
    const d = decodeTrace(m.value);
    allMatch = allMatch && d.version === 1 && d.fee === want.fee && d.user.equals(want.user) &&
      d.provider.equals(want.provider) && d.signer.equals(signer) && d.signature.equals(want.signature);
    allKeyed = allKeyed && m.key.equals(pk(want));
    allPart = allPart && m.partition === partitioner({ topic: 'zks.traces', partitionMetadata, message: { key: m.key } });
    sources[d.source] = (sources[d.source] || 0) + 1;
  }
  h.check(allMatch, 'every forwarded SignedTrace carries the posted nonce, fee, addresses, signer and signature');
  h.check(allKeyed, 'every key is user||provider (40 bytes)');
  h.check(allPart, 'every partition is the murmur2 partition kafkajs computes for the key');
  h.check(sources[1] === 6 && sources[2] === 2, `source HTTP for 6, KAFKA for 2 (${JSON.stringify(sources)})`);
  h.check(!onTopic.some((m) => [6n, 7n, 100n, 202n, 204n].includes(decodeTrace(m.value).nonce)),
    'no rejected trace (nonces 6, 7, 100, 202, 204) reached zks.traces');

  // --- metrics ---
  const metrics = (await h.httpGet(port, '/metrics')).text;
  h.check(metricValue(metrics, 'zks_ingest_traces_total{source="http",result="accepted",reason=""}') === 6,
    'metrics: 6 accepted over HTTP');
  h.check(metricValue(metrics, 'zks_ingest_traces_total{source="kafka",result="accepted",reason=""}') === 2,
    'metrics: 2 accepted from the raw topic');
  h.check(metricValue(metrics, 'zks_ingest_traces_total{source="kafka",result="rejected",reason="bad_signature"}') === 1,
    'metrics: 1 raw bad_signature');
  const codes = metrics.split('\n').filter((l) => l.startsWith('zks_ingest_http_requests_total')).join(' ');
  // 503 at least once: the first posts after `up 1` may still find no broker.
  h.check(metricValue(metrics, 'zks_ingest_http_requests_total{code="401"}') === 2 &&
    metricValue(metrics, 'zks_ingest_http_requests_total{code="503"}') >= 1 &&
    metricValue(metrics, 'zks_ingest_http_requests_total{code="415"}') === 2, `metrics: 2 answers 401, 2 415, 503 (${codes})`);

  // --- SIGTERM: drain, exit 0 ---
  await dlqConsumer.disconnect();
  await producer.disconnect();
  ingest.kill('SIGTERM');
  h.check((await h.exited(ingest)) === 0, 'SIGTERM: exit status 0');
  const log = fs.readFileSync(logFile, 'utf8');
  h.check(!log.includes(tokenA) && !log.includes(tokenB), 'no token appears in the log');
  h.check(log.split('\n').filter((l) => l.trim()).every((l) => l.startsWith('{') || l.startsWith('%')), 'logs are one JSON object a line');
  console.log('ingest e2e: all checks passed');
}

main().then(() => process.exit(process.exitCode || 0), (e) => { console.error(e.message); process.exit(1); });
