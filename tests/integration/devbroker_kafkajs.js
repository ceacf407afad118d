// kafkajs (an independent Kafka client) against `zks devbroker`:
// - kafkajs produces and consumes (its own consumer group; kafkajs and librdkafka
//   consumers never share a group, DESIGN §8);
// - kafkajs reads what our producer wrote, and our consumer reads what kafkajs wrote;
// - the same 40-byte key lands in the same partition from kafkajs's Java-compatible
//   murmur2 partitioner and from our producer's murmur2_random.
'use strict';
const { spawn, spawnSync } = require('child_process');
const readline = require('readline');
const { Kafka, Partitioners, logLevel } = require('kafkajs');

const ZKS = process.env.ZKS_BIN;
const ITEST = process.argv[2];
const N = 30;
let failures = 0;
function check(ok, what) {
  if (!ok) {
    console.log('FAIL: ' + what);
    failures++;
  }
}

// Same key layout as itest_kafka's make_key: "user-<i%7>" padded to 20 bytes || "provider" padded to 20.
function keyOf(i) {
  return Buffer.from(('user-' + (i % 7)).padEnd(20, ' ') + 'provider'.padEnd(20, ' '));
}

function startBroker() {
  const proc = spawn(ZKS, ['devbroker', '--partitions', '3', '--topics', 'kj.a,kj.b'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: proc.stdout });
    rl.once('line', (line) => resolve({ proc, address: line.trim() }));
    proc.once('exit', (code) => reject(new Error('devbroker exited ' + code)));
  });
}

async function main() {
  const { proc, address } = await startBroker();
  try {
    const kafka = new Kafka({ clientId: 'itest', brokers: address.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const messages = [];
    for (let i = 0; i < N; i++) messages.push({ key: keyOf(i), value: 'msg-' + i });
    await producer.send({ topic: 'kj.a', acks: -1, messages });
    await producer.disconnect();

    const ours = spawnSync(ITEST, ['produce', '--kafka-brokers', address, '--topic', 'kj.b', '--count', String(N)], { encoding: 'utf8' });
    check(ours.status === 0 && ours.stdout.trim() === `delivered ${N} failed 0`, 'our producer: ' + ours.stdout + ours.stderr);

    // kafkajs consumer group reads both topics
    const seen = { 'kj.a': new Map(), 'kj.b': new Map() };
    const consumer = kafka.consumer({ groupId: 'kafkajs-group', sessionTimeout: 6000, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: ['kj.a', 'kj.b'], fromBeginning: true });
    let total = 0;
    const done = new Promise((resolve) => {
      consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          seen[topic].set(message.value.toString(), { key: message.key.toString('hex'), partition });
          if (++total >= 2 * N) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((r) => setTimeout(r, 60000))]);
    await consumer.disconnect();
    check(seen['kj.a'].size === N, `kafkajs read ${seen['kj.a'].size}/${N} of its own messages`);
    check(seen['kj.b'].size === N, `kafkajs read ${seen['kj.b'].size}/${N} of our producer's messages`);
    let samePartition = 0;
    for (let i = 0; i < N; i++) {
      const a = seen['kj.a'].get('msg-' + i), b = seen['kj.b'].get('msg-' + i);
      if (!a || !b) continue;
      check(b.key === keyOf(i).toString('hex'), `our key for msg-${i} arrived intact`);
      if (a.partition === b.partition) samePartition++;
    }
    check(samePartition === N, `same key, same partition for kafkajs and us: ${samePartition}/${N}`);
    // the keys spread over more than one partition (else the comparison above proves little)
    check(new Set([...seen['kj.a'].values()].map((v) => v.partition)).size > 1, 'keys spread over partitions');

    // our consumer (its own librdkafka group) reads what kafkajs wrote
    const mine = spawnSync(ITEST, ['consume', '--kafka-brokers', address, '--topic', 'kj.a', '--group', 'librdkafka-group',
      '--max', String(N), '--kafka-prop', 'session.timeout.ms=6000', '--kafka-prop', 'fetch.wait.max.ms=100'], { encoding: 'utf8' });
    const values = mine.stdout.split('\n').filter((l) => l.startsWith('msg-'));
    check(mine.status === 0 && new Set(values).size === N, `our consumer read ${new Set(values).size}/${N} kafkajs messages`);
  } finally {
    proc.kill('SIGTERM');
  }
  const code = await new Promise((r) => (proc.exitCode !== null ? r(proc.exitCode) : proc.once('exit', r)));
  check(code === 0, 'devbroker exit code ' + code);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.log('FAIL: ' + e.stack);
  process.exit(1);
});
