// Shared pieces of the fleet's integration tests: a private redis-server on a
// unix socket, the dev broker, the services as child processes, a tiny
// independent protobuf codec for zks.proto (field numbers copied from
// proto/zks.proto), and polling helpers. CommonJS.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zks-fleet-'));
const children = [];

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  try { fs.rmSync(tmp, { recursive: true, force: true }); } catch (_) { /* best effort */ }
}
process.on('exit', cleanup);

function fail(msg) {
  console.error('FAIL: ' + msg);
  process.exitCode = 1;
  throw new Error(msg);
}
function check(cond, msg) { if (!cond) fail(msg); else console.log('ok - ' + msg); }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what, fn, timeoutMs = 30000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) fail('timed out waiting for ' + what);
    await sleep(100);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function startRedis() {
  const sock = path.join(tmp, 'redis.sock');
  const child = spawn('redis-server', ['--port', '0', '--unixsocket', sock, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' });
  children.push(child);
  return waitFor('redis socket', () => fs.existsSync(sock)).then(() => sock);
}

function redis(sock, ...args) {
  const r = spawnSync('redis-cli', ['-s', sock, '--no-raw', ...args], { encoding: 'latin1' });
  if (r.status !== 0) fail('redis-cli ' + args.join(' ') + ': ' + r.stderr);
  return r.stdout.trim();
}
function redisRaw(sock, ...args) {
  const r = spawnSync('redis-cli', ['-s', sock, '--raw', ...args]);
  if (r.status !== 0) fail('redis-cli ' + args.join(' '));
  return r.stdout; // Buffer, with a trailing newline
}

async function startBroker(topics, partitions = 3) {
  const child = spawn(process.env.ZKS_BIN, ['devbroker', '--partitions', String(partitions), '--topics', topics.join(',')],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => { out += d.toString(); });
  const addr = await waitFor('devbroker address', () => (out.includes('\n') ? out.split('\n')[0].trim() : null));
  return { child, addr };
}

function startService(bin, env, logFile) {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(bin, [], { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
  children.push(child);
  return child;
}
function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

async function httpGet(port, p) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${p}`);
    return { status: res.status, text: await res.text() };
  } catch (_) {
    return null;
  }
}

// --- protobuf wire format (https://protobuf.dev/programming-guides/encoding/) ---
function varint(n) {
  let v = BigInt(n);
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}
function pbField(num, value) {
  if (Buffer.isBuffer(value)) return Buffer.concat([varint((num << 3) | 2), varint(value.length), value]);
  if (typeof value === 'string') return pbField(num, Buffer.from(value));
  return Buffer.concat([varint(num << 3), varint(value)]);
}
function pbDecode(buf) {
  const fields = {};
  let i = 0;
  const readVarint = () => {
    let v = 0n, shift = 0n;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return v;
    }
  };
  while (i < buf.length) {
    const tag = Number(readVarint());
    const num = tag >> 3, wt = tag & 7;
    let value;
    if (wt === 0) value = readVarint();
    else if (wt === 2) { const len = Number(readVarint()); value = buf.subarray(i, i + len); i += len; }
    else throw new Error('unexpected wire type ' + wt);
    (fields[num] = fields[num] || []).push(value);
  }
  return fields;
}
const one = (f, n, dflt) => (f[n] ? f[n][f[n].length - 1] : dflt);

// SignedTrace: version 1, nonce 2, fee_lo 3, fee_hi 4, user 5, provider 6, signer 7, signature 8, received_at_ms 9, source 10
function signedTrace(t) {
  const fee = BigInt(t.fee);
  return Buffer.concat([
    pbField(1, t.version === undefined ? 1 : t.version), pbField(2, BigInt(t.nonce)),
    pbField(3, fee & 0xffffffffffffffffn), pbField(4, fee >> 64n),
    pbField(5, t.user), pbField(6, t.provider), pbField(7, t.signer), pbField(8, t.signature),
    pbField(9, Date.now()), pbField(10, 2),
  ]);
}
// DlqRecord: payload 2, reason 3, message 4, source_topic 5, source_partition 6, source_offset 7, at_ms 8, service 9
function dlqRecord(buf) {
  const f = pbDecode(buf);
  return {
    payload: Buffer.from(one(f, 2, Buffer.alloc(0))), reason: one(f, 3, Buffer.alloc(0)).toString(),
    message: one(f, 4, Buffer.alloc(0)).toString(), sourceTopic: one(f, 5, Buffer.alloc(0)).toString(),
    sourceOffset: one(f, 7, 0n), service: one(f, 9, Buffer.alloc(0)).toString(),
  };
}
// BatchAnnouncement: batch_id 2, user 3, provider 4, count 5, first_nonce 6, final_nonce 7, sealed_at_ms 8, redis_key 9, seal_reason 10
function batchAnnouncement(buf) {
  const f = pbDecode(buf);
  return {
    batchId: Buffer.from(one(f, 2, Buffer.alloc(0))), user: Buffer.from(one(f, 3)), provider: Buffer.from(one(f, 4)),
    count: Number(one(f, 5, 0n)), first: one(f, 6, 0n), final: one(f, 7, 0n), sealedAt: one(f, 8, 0n),
    redisKey: one(f, 9, Buffer.alloc(0)).toString(), reason: one(f, 10, Buffer.alloc(0)).toString(),
  };
}

// The 120-byte record the aggregator stores (aggregator/trace_record.h), built here independently.
function record(t) {
  const b = Buffer.alloc(120);
  b.writeBigUInt64BE(BigInt(t.nonce), 0);
  const fee = BigInt(t.fee);
  b.writeBigUInt64BE(fee >> 64n, 8);
  b.writeBigUInt64BE(fee & 0xffffffffffffffffn, 16);
  t.signer.copy(b, 24);
  t.signature.copy(b, 56);
  return b;
}

async function collect(kafka, topic, group, sink) {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message, partition }) => { sink.push({ ...message, partition }); } });
  return consumer;
}

module.exports = {
  tmp, fail, check, sleep, waitFor, freePort, startRedis, redis, redisRaw, startBroker, startService, exited, httpGet,
  pbField, pbDecode, signedTrace, dlqRecord, batchAnnouncement, record, collect,
};
