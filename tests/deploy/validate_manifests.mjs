// Builds deploy/k8s/base and deploy/k8s/overlays/example with kustomize
// (`kubectl kustomize`, or KUSTOMIZE_CMD) and checks every object:
//   1. against its JSON schema (Kubernetes, KEDA, Prometheus operator; lib/kube_models.mjs)
//   2. for fields its type does not declare (misspellings the API server would drop)
//   3. against the fleet's cross-object rules (lib/fleet_rules.mjs)
// Then breaks copies of the overlay in known ways and requires each break to be
// reported, so that a rule that never fires cannot pass unnoticed.
// Exit 0 when all pass, 1 otherwise; prints "N passed, M failed".
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { hasModel, schemaErrors, unknownFields } from './lib/kube_models.mjs';
import { fleetErrors } from './lib/fleet_rules.mjs';

const K8S = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'k8s');
const NAMESPACED_NOT = new Set(['Namespace']);
let passed = 0;
let failed = 0;

function report(name, errors) {
  if (errors.length === 0) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}`);
    for (const e of errors) console.log(`       ${e}`);
  }
}

function build(dir) {
  const cmd = (process.env.KUSTOMIZE_CMD || 'kubectl kustomize').split(' ');
  const out = execFileSync(cmd[0], [...cmd.slice(1), dir], { encoding: 'utf8' });
  return YAML.parseAllDocuments(out).map((d) => {
    if (d.errors.length) throw new Error(`${dir}: ${d.errors[0].message}`);
    return d.toJS();
  });
}

async function objectErrors(o) {
  if (!hasModel(o)) return o.kind === 'KafkaTopic' ? [] : [`no schema known for ${o.apiVersion} ${o.kind}`];
  return [...(await schemaErrors(o)), ...unknownFields(o)];
}

async function checkBuild(label, objs) {
  for (const o of objs) report(`${label}: ${o.kind}/${o.metadata.name} schema and fields`, await objectErrors(o));
  report(`${label}: fleet rules`, fleetErrors(objs));
}

function overlayErrors(objs) {
  const errors = [];
  for (const o of objs) {
    if (!NAMESPACED_NOT.has(o.kind) && o.metadata.namespace !== 'zks-prod') errors.push(`${o.kind}/${o.metadata.name}: namespace ${o.metadata.namespace}`);
    const pod = o.spec?.template?.spec;
    for (const c of [...(pod?.containers || []), ...(pod?.initContainers || [])])
      if (c.image !== 'registry.example.com/zks/zksettlement:0.1.0') errors.push(`${o.kind}/${o.metadata.name}: image ${c.image}`);
  }
  return errors;
}

// Each break: what it does to a copy of the overlay, and what the report must say.
const dep = (objs, name) => objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
const so = (objs, name) => objs.find((o) => o.kind === 'ScaledObject' && o.metadata.name === name);
const container = (objs, name) => dep(objs, name).spec.template.spec.containers[0];
const BREAKS = [
  ['misspelt probe field', (o) => { container(o, 'zks-worker').readinesProbe = container(o, 'zks-worker').readinessProbe; delete container(o, 'zks-worker').readinessProbe; }, /readinesProbe: unknown field/],
  ['string where the schema wants an integer', (o) => { dep(o, 'zks-worker').spec.template.spec.terminationGracePeriodSeconds = '120'; }, /must be integer/],
  ['grace period shorter than the drain', (o) => { dep(o, 'zks-worker').spec.template.spec.terminationGracePeriodSeconds = 60; }, /does not exceed the drain timeout/],
  ['liveness on the wrong path', (o) => { container(o, 'zks-ingest').livenessProbe.httpGet.path = '/metrics'; }, /livenessProbe is not an HTTP GET of \/healthz/],
  ['container without memory limit', (o) => { delete container(o, 'zks-aggregator').resources.limits.memory; }, /has no limits.memory/],
  ['image tag latest', (o) => { container(o, 'zks-worker').image = 'registry.example.com/zks/zksettlement:latest'; }, /is not pinned/],
  ['replicas on an autoscaled Deployment', (o) => { dep(o, 'zks-aggregator').spec.replicas = 3; }, /sets spec.replicas/],
  ['workers above the partition count', (o) => { so(o, 'zks-worker').spec.maxReplicaCount = 25; }, /exceeds the 24 partitions of zks.batches/],
  ['KEDA trigger on the wrong group', (o) => { so(o, 'zks-aggregator').spec.triggers[0].metadata.consumerGroup = 'zks-worker'; }, /consumerGroup zks-worker, the service uses zks-aggregator/],
  ['KEDA trigger without lagThreshold', (o) => { delete so(o, 'zks-worker').spec.triggers[0].metadata.lagThreshold; }, /lacks lagThreshold/],
  ['no cooldown', (o) => { delete so(o, 'zks-worker').spec.cooldownPeriod; }, /cooldownPeriod should be set/],
  ['PodMonitor on a port the pods lack', (o) => { o.find((x) => x.kind === 'PodMonitor').spec.podMetricsEndpoints[0].port = 'metrics'; }, /port metrics is not a named port/],
  ['ServiceMonitor selecting nothing', (o) => { o.find((x) => x.kind === 'ServiceMonitor').spec.selector.matchLabels['app.kubernetes.io/component'] = 'api'; }, /selects no Service/],
  ['alert without runbook', (o) => { delete o.find((x) => x.kind === 'PrometheusRule').spec.groups[1].rules[0].annotations.runbook_url; }, /has no runbook_url/],
  ['topic without strimzi cluster label', (o) => { delete o.find((x) => x.kind === 'KafkaTopic').metadata.labels['strimzi.io/cluster']; }, /no strimzi.io\/cluster label/],
  ['token Secret committed', (o) => { o.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'zks-provider-tokens', namespace: 'zks-prod' }, stringData: { 'provider-tokens': 'x' } }); }, /must not be in the manifests/],
  ['writable key volume', (o) => { container(o, 'zks-worker').volumeMounts[0].readOnly = false; }, /key volume is mounted writable/],
  ['PDB removed', (o) => { o.splice(o.findIndex((x) => x.kind === 'PodDisruptionBudget'), 1); }, /covered by 0 PodDisruptionBudgets/],
  ['Redis egress removed', (o) => { const p = o.find((x) => x.metadata.name === 'zks-egress'); p.spec.egress.pop(); }, /egress to port 6379 is not allowed/],
];

async function selfTest(objs) {
  for (const [name, mutate, expect] of BREAKS) {
    const copy = structuredClone(objs);
    mutate(copy);
    const errs = [...fleetErrors(copy)];
    for (const o of copy) errs.push(...(await objectErrors(o)));
    report(`self-test: ${name} is reported`, errs.some((e) => expect.test(e)) ? [] : [`expected ${expect}, got: ${errs.join(' | ') || 'nothing'}`]);
  }
}

const base = build(join(K8S, 'base'));
const overlay = build(join(K8S, 'overlays', 'example'));
await checkBuild('base', base);
await checkBuild('overlay', overlay);
report('overlay: namespace and image on every object', overlayErrors(overlay));
await selfTest(overlay);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
