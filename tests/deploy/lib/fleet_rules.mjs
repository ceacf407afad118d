// What the fleet's manifests must say beyond schema validity: the contracts between
// objects (selectors, port names, volume claims, topic names) and what KEDA, the
// Prometheus operator and Strimzi need to act on their objects. Each rule returns
// "object: problem" strings; validate_manifests.mjs runs them and, in its self-test,
// breaks a copy of the manifests to see each rule fire.

const SERVICES = {
  ingest: { binary: 'zks-ingest' },
  aggregator: { binary: 'zks-aggregator', group: 'zks-aggregator', topicVar: 'ZKS_TOPIC_TRACES' },
  worker: { binary: 'zks-worker', group: 'zks-worker', topicVar: 'ZKS_TOPIC_BATCHES' },
};
// The slowest proof of L=64 we plan for (2 cores, busy node), seconds.
const SLOWEST_PROOF_S = 20;
const TOPIC_VARS = ['ZKS_TOPIC_TRACES_RAW', 'ZKS_TOPIC_TRACES', 'ZKS_TOPIC_DLQ', 'ZKS_TOPIC_BATCHES', 'ZKS_TOPIC_SETTLEMENTS'];

const id = (o) => `${o.kind}/${o.metadata?.name}`;
const byKind = (objs, kind) => objs.filter((o) => o.kind === kind);
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata?.name === name);

function selects(selector, labels) {
  if (!selector) return false;
  const ml = selector.matchLabels || {};
  if (!Object.entries(ml).every(([k, v]) => labels?.[k] === v)) return false;
  for (const e of selector.matchExpressions || []) {
    const has = labels && e.key in labels;
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return Object.keys(ml).length > 0 || (selector.matchExpressions || []).length > 0;
}

const podLabels = (d) => d.spec?.template?.metadata?.labels || {};
const envOf = (c) => Object.fromEntries((c.env || []).filter((e) => 'value' in e).map((e) => [e.name, e.value]));
const portNames = (c) => (c.ports || []).map((p) => p.name);

function checkDeployments(objs, err) {
  const config = find(objs, 'ConfigMap', 'zks-config')?.data || {};
  const deployments = byKind(objs, 'Deployment');
  for (const [component, svc] of Object.entries(SERVICES)) {
    const d = deployments.find((x) => podLabels(x)['app.kubernetes.io/component'] === component);
    if (!d) { err(`Deployment for ${component}: missing`); continue; }
    const spec = d.spec.template.spec;
    if (!selects(d.spec.selector, podLabels(d))) err(`${id(d)}: selector does not match its pod template`);
    const c = spec.containers.find((x) => x.command?.[0] === svc.binary);
    if (!c) { err(`${id(d)}: no container runs ${svc.binary}`); continue; }
    for (const x of [...spec.containers, ...(spec.initContainers || [])]) {
      for (const k of ['requests', 'limits'])
        for (const r of ['cpu', 'memory'])
          if (!x.resources?.[k]?.[r]) err(`${id(d)}: container ${x.name} has no ${k}.${r}`);
      if (!/:[\w.-]+$|@sha256:[0-9a-f]{64}$/.test(x.image) || /:latest$/.test(x.image)) err(`${id(d)}: container ${x.name} image ${x.image} is not pinned`);
      if (x.securityContext?.allowPrivilegeEscalation !== false) err(`${id(d)}: container ${x.name} may escalate privileges`);
      if (x.securityContext?.readOnlyRootFilesystem !== true) err(`${id(d)}: container ${x.name} root filesystem is writable`);
    }
    if (spec.securityContext?.runAsNonRoot !== true) err(`${id(d)}: pods may run as root`);
    for (const [probe, path] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']]) {
      const p = c[probe]?.httpGet;
      if (!p || p.path !== path) err(`${id(d)}: ${probe} is not an HTTP GET of ${path}`);
      else if (typeof p.port === 'string' && !portNames(c).includes(p.port)) err(`${id(d)}: ${probe} names port ${p.port} the container lacks`);
    }
    const grace = spec.terminationGracePeriodSeconds ?? 30;
    const drainS = Number(envOf(c).ZKS_DRAIN_TIMEOUT_MS ?? 30000) / 1000;
    if (!(grace > drainS)) err(`${id(d)}: terminationGracePeriodSeconds ${grace} does not exceed the drain timeout ${drainS}s`);
    if (component === 'worker' && !(drainS >= 3 * SLOWEST_PROOF_S)) err(`${id(d)}: drain timeout ${drainS}s is not comfortably longer than a ${SLOWEST_PROOF_S}s proof`);
    if (!(c.envFrom || []).some((e) => e.configMapRef?.name === 'zks-config')) err(`${id(d)}: does not read ConfigMap zks-config`);
    // Replicas belong to the autoscaler; a value here would be reset by every apply.
    if (d.spec.replicas !== undefined) err(`${id(d)}: sets spec.replicas although an autoscaler owns them`);
    if (component === 'worker') checkWorkerKeys(objs, d, c, err);
    if (component === 'ingest') checkIngestTokens(objs, d, c, err);
  }
  for (const v of TOPIC_VARS) if (!config[v]) err(`ConfigMap/zks-config: ${v} missing`);
}

function mountFor(spec, c, path) {
  return (c.volumeMounts || []).find((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));
}

function checkWorkerKeys(objs, d, c, err) {
  const spec = d.spec.template.spec;
  const keysDir = envOf(c).ZKS_KEYS_DIR;
  const m = keysDir && mountFor(spec, c, keysDir);
  if (!m) { err(`${id(d)}: ZKS_KEYS_DIR ${keysDir} is not on a mounted volume`); return; }
  if (m.readOnly !== true) err(`${id(d)}: the key volume is mounted writable`);
  const vol = (spec.volumes || []).find((v) => v.name === m.name);
  const claim = vol?.persistentVolumeClaim?.claimName;
  if (!claim || !find(objs, 'PersistentVolumeClaim', claim)) { err(`${id(d)}: key volume is not a PersistentVolumeClaim of the fleet`); return; }
  const job = byKind(objs, 'Job').find((j) => (j.spec.template.spec.volumes || []).some((v) => v.persistentVolumeClaim?.claimName === claim));
  if (!job) err(`${id(d)}: no Job writes the key volume ${claim}`);
  else if (!JSON.stringify(job.spec.template.spec.containers).includes('zks setup')) err(`${id(job)}: does not run zks setup`);
}

function checkIngestTokens(objs, d, c, err) {
  const spec = d.spec.template.spec;
  const file = envOf(c).ZKS_PROVIDER_TOKENS_FILE;
  const m = file && mountFor(spec, c, file);
  const vol = m && (spec.volumes || []).find((v) => v.name === m.name);
  if (!vol?.secret?.secretName) err(`${id(d)}: ZKS_PROVIDER_TOKENS_FILE is not on a Secret volume`);
  else if (find(objs, 'Secret', vol.secret.secretName)) err(`Secret/${vol.secret.secretName}: token material must not be in the manifests`);
  if (m?.subPath) err(`${id(d)}: the token Secret is mounted with subPath, so rotations never reach the pod`);
}

function checkServiceAndMonitors(objs, err) {
  const pods = byKind(objs, 'Deployment').map((d) => ({ d, labels: podLabels(d), ports: d.spec.template.spec.containers.flatMap(portNames) }));
  for (const s of byKind(objs, 'Service')) {
    const target = pods.filter((p) => selects({ matchLabels: s.spec.selector }, p.labels));
    if (target.length !== 1) err(`${id(s)}: selects ${target.length} Deployments`);
    for (const p of s.spec.ports) if (typeof p.targetPort === 'string' && !target.every((t) => t.ports.includes(p.targetPort))) err(`${id(s)}: targetPort ${p.targetPort} is not a container port`);
  }
  for (const m of byKind(objs, 'ServiceMonitor')) {
    const svcs = byKind(objs, 'Service').filter((s) => selects(m.spec.selector, s.metadata.labels));
    if (svcs.length === 0) err(`${id(m)}: selects no Service`);
    if (!(m.spec.endpoints || []).length) err(`${id(m)}: no endpoints`);
    for (const e of m.spec.endpoints || []) {
      if (!e.port || !svcs.every((s) => s.spec.ports.some((p) => p.name === e.port))) err(`${id(m)}: endpoint port ${e.port} is not a named port of the Service`);
      if (e.path !== '/metrics') err(`${id(m)}: scrapes ${e.path}, not /metrics`);
    }
  }
  const scraped = new Set();
  for (const m of byKind(objs, 'PodMonitor')) {
    const sel = pods.filter((p) => selects(m.spec.selector, p.labels));
    if (sel.length === 0) err(`${id(m)}: selects no pods`);
    if (!(m.spec.podMetricsEndpoints || []).length) err(`${id(m)}: no podMetricsEndpoints`);
    for (const e of m.spec.podMetricsEndpoints || []) {
      if (!e.port || !sel.every((p) => p.ports.includes(e.port))) err(`${id(m)}: port ${e.port} is not a named port of every selected pod`);
      if (e.path !== '/metrics') err(`${id(m)}: scrapes ${e.path}, not /metrics`);
    }
    sel.forEach((p) => scraped.add(p.labels['app.kubernetes.io/component']));
  }
  for (const m of byKind(objs, 'ServiceMonitor'))
    for (const s of byKind(objs, 'Service').filter((x) => selects(m.spec.selector, x.metadata.labels)))
      pods.filter((p) => selects({ matchLabels: s.spec.selector }, p.labels)).forEach((p) => scraped.add(p.labels['app.kubernetes.io/component']));
  for (const c of Object.keys(SERVICES)) if (!scraped.has(c)) err(`${c}: no monitor scrapes it`);
}

function checkRules(objs, err) {
  const rules = byKind(objs, 'PrometheusRule');
  if (rules.length === 0) err('PrometheusRule: missing');
  for (const r of rules) {
    if (!(r.spec.groups || []).length) err(`${id(r)}: no groups`);
    for (const g of r.spec.groups || []) {
      if (!g.name) err(`${id(r)}: a group has no name`);
      for (const rule of g.rules || []) {
        if (!rule.expr) err(`${id(r)}: rule without expr in ${g.name}`);
        if (!!rule.alert === !!rule.record) err(`${id(r)}: a rule in ${g.name} needs exactly one of alert and record`);
        if (rule.alert) for (const a of ['summary', 'description', 'runbook_url']) if (!rule.annotations?.[a]) err(`${id(r)}: alert ${rule.alert} has no ${a}`);
        if (rule.alert && !rule.labels?.severity) err(`${id(r)}: alert ${rule.alert} has no severity`);
      }
    }
  }
}

function topicPartitions(objs) {
  const out = {};
  for (const t of byKind(objs, 'KafkaTopic')) out[t.spec?.topicName || t.metadata.name] = t.spec?.partitions;
  return out;
}

function checkTopics(objs, err) {
  const config = find(objs, 'ConfigMap', 'zks-config')?.data || {};
  const topics = byKind(objs, 'KafkaTopic');
  for (const t of topics) {
    if (t.apiVersion !== 'kafka.strimzi.io/v1beta2') err(`${id(t)}: apiVersion ${t.apiVersion}`);
    if (!t.metadata.labels?.['strimzi.io/cluster']) err(`${id(t)}: no strimzi.io/cluster label, the topic operator ignores it`);
    if (!Number.isInteger(t.spec?.partitions) || t.spec.partitions < 1) err(`${id(t)}: partitions must be a positive integer`);
    if (!Number.isInteger(t.spec?.replicas) || t.spec.replicas < 1) err(`${id(t)}: replicas must be a positive integer`);
    const known = ['partitions', 'replicas', 'config', 'topicName'];
    for (const k of Object.keys(t.spec || {})) if (!known.includes(k)) err(`${id(t)}: unknown spec field ${k}`);
    const isr = Number(t.spec?.config?.['min.insync.replicas'] ?? 1);
    if (!(isr >= 2 && isr < t.spec?.replicas)) err(`${id(t)}: min.insync.replicas ${isr} does not make acks=all survive a broker loss`);
  }
  const parts = topicPartitions(objs);
  for (const v of TOPIC_VARS) if (config[v] && !(config[v] in parts)) err(`KafkaTopic for ${config[v]} (${v}): missing`);
}

function checkAutoscaling(objs, err) {
  const config = find(objs, 'ConfigMap', 'zks-config')?.data || {};
  const parts = topicPartitions(objs);
  const deployments = byKind(objs, 'Deployment');
  const scaled = new Set();
  for (const so of byKind(objs, 'ScaledObject')) {
    const target = find(objs, 'Deployment', so.spec.scaleTargetRef?.name);
    if (!target) { err(`${id(so)}: scaleTargetRef ${so.spec.scaleTargetRef?.name} is not a Deployment here`); continue; }
    scaled.add(target.metadata.name);
    const svc = SERVICES[podLabels(target)['app.kubernetes.io/component']];
    const { minReplicaCount: min = 0, maxReplicaCount: max = 100, cooldownPeriod } = so.spec;
    if (!(Number.isInteger(cooldownPeriod) && cooldownPeriod >= 60)) err(`${id(so)}: cooldownPeriod should be set (>= 60 s): scale-in costs a rebalance`);
    if (!(min >= 1 && min <= max)) err(`${id(so)}: replica bounds ${min}..${max}`);
    const kafka = (so.spec.triggers || []).filter((t) => t.type === 'kafka');
    if (kafka.length !== 1) { err(`${id(so)}: needs exactly one kafka trigger`); continue; }
    const md = kafka[0].metadata || {};
    for (const k of ['bootstrapServers', 'consumerGroup', 'topic', 'lagThreshold']) if (!md[k]) err(`${id(so)}: kafka trigger lacks ${k}`);
    if (md.bootstrapServers && md.bootstrapServers !== config.ZKS_KAFKA_BROKERS) err(`${id(so)}: bootstrapServers ${md.bootstrapServers} differs from ZKS_KAFKA_BROKERS ${config.ZKS_KAFKA_BROKERS}`);
    if (!(typeof md.lagThreshold === 'string' && /^[1-9]\d*$/.test(md.lagThreshold))) err(`${id(so)}: lagThreshold must be a positive integer string`);
    if (svc?.group && md.consumerGroup !== svc.group) err(`${id(so)}: consumerGroup ${md.consumerGroup}, the service uses ${svc.group}`);
    if (svc?.topicVar && md.topic !== config[svc.topicVar]) err(`${id(so)}: topic ${md.topic} is not ${svc.topicVar} (${config[svc.topicVar]})`);
    if (md.topic in parts && max > parts[md.topic]) err(`${id(so)}: maxReplicaCount ${max} exceeds the ${parts[md.topic]} partitions of ${md.topic}`);
    if (!(md.topic in parts)) err(`${id(so)}: topic ${md.topic} has no KafkaTopic`);
  }
  for (const h of byKind(objs, 'HorizontalPodAutoscaler')) {
    const target = find(objs, h.spec.scaleTargetRef?.kind, h.spec.scaleTargetRef?.name);
    if (!target) err(`${id(h)}: scaleTargetRef is not an object here`);
    else scaled.add(target.metadata.name);
    if (!(h.spec.metrics || []).some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) err(`${id(h)}: does not scale on CPU`);
    if (!((h.spec.minReplicas ?? 1) >= 2 && h.spec.minReplicas <= h.spec.maxReplicas)) err(`${id(h)}: replica bounds ${h.spec.minReplicas}..${h.spec.maxReplicas}`);
  }
  for (const d of deployments) if (!scaled.has(d.metadata.name)) err(`${id(d)}: no autoscaler`);
  for (const [c, svc] of Object.entries(SERVICES)) {
    const d = deployments.find((x) => podLabels(x)['app.kubernetes.io/component'] === c);
    if (svc.group && d && !byKind(objs, 'ScaledObject').some((so) => so.spec.scaleTargetRef?.name === d.metadata.name)) err(`${id(d)}: ${c} is not scaled by KEDA`);
  }
}

function checkDisruptionAndNetwork(objs, err) {
  const deployments = byKind(objs, 'Deployment');
  for (const d of deployments) {
    const pdbs = byKind(objs, 'PodDisruptionBudget').filter((p) => selects(p.spec.selector, podLabels(d)));
    if (pdbs.length !== 1) err(`${id(d)}: covered by ${pdbs.length} PodDisruptionBudgets`);
  }
  const pols = byKind(objs, 'NetworkPolicy');
  const deny = pols.find((p) => !p.spec.ingress && !p.spec.egress && (p.spec.policyTypes || []).includes('Ingress') && (p.spec.policyTypes || []).includes('Egress'));
  if (!deny) err('NetworkPolicy: no default deny for ingress and egress');
  for (const d of deployments) {
    const mine = pols.filter((p) => selects(p.spec.podSelector, podLabels(d)));
    if (deny && !mine.includes(deny)) err(`${id(d)}: not under the default-deny NetworkPolicy`);
    const egressPorts = mine.flatMap((p) => (p.spec.egress || []).flatMap((e) => (e.ports || []).map((x) => x.port)));
    for (const port of [53, 9092, 6379]) if (!egressPorts.includes(port)) err(`${id(d)}: egress to port ${port} is not allowed`);
    const ingressPorts = mine.flatMap((p) => (p.spec.ingress || []).flatMap((e) => (e.ports || []).map((x) => x.port)));
    if (!ingressPorts.includes(8080)) err(`${id(d)}: ingress to :8080 (metrics, probes' port) is not allowed`);
  }
}

export function fleetErrors(objs) {
  const errors = [];
  const err = (m) => errors.push(m);
  checkDeployments(objs, err);
  checkServiceAndMonitors(objs, err);
  checkRules(objs, err);
  checkTopics(objs, err);
  checkAutoscaling(objs, err);
  checkDisruptionAndNetwork(objs, err);
  return errors;
}
