// The dashboard and the alert rules may only use metrics the services export:
// every metric name in deploy/grafana/zks-dashboard.json and deploy/prometheus/alerts.yaml
// must be a family of common/service/metrics_catalog.c (histograms as _bucket/_sum/_count)
// or a recording rule of alerts.yaml, and every label they match or group by must be
// one of that family's labels or a target label Prometheus adds. promtool parses
// every expression (Grafana variables expanded) as an independent PromQL check.
//
//   node check_metrics.mjs                       the static check (ctest deploy_metrics)
//   node check_metrics.mjs --scrape URL|FILE...  also require every metric the dashboard
//                                                and alerts use to appear in these /metrics
//                                                scrapes of running services (for the lead's
//                                                fleet test: checkScrape() below)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { expandGrafanaVars, promqlNames } from './lib/promql_names.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Labels the scrape adds to every series (Prometheus operator targets) and histogram's le.
const TARGET_LABELS = new Set(['namespace', 'pod', 'container', 'job', 'instance', 'endpoint', 'service', 'le']);

// family name -> {type, labels}, from the catalog table.
export function readCatalog(root = ROOT) {
  const c = readFileSync(join(root, 'common/service/metrics_catalog.c'), 'utf8');
  const h = readFileSync(join(root, 'common/service/metrics_catalog.h'), 'utf8');
  const families = {};
  const re = /\[(ZKS_M_\w+)\]\s*=\s*\{\s*"(\w+)",\s*ZKS_METRIC_(COUNTER|GAUGE|HISTOGRAM),\s*"(?:[^"\\]|\\.)*",\s*(\d+),\s*\{([^}]*)\}/g;
  for (const m of c.matchAll(re)) {
    const labels = [...m[5].matchAll(/"(\w+)"/g)].map((x) => x[1]);
    if (labels.length !== Number(m[4])) throw new Error(`${m[2]}: label_count ${m[4]} but ${labels.length} labels`);
    families[m[2]] = { id: m[1], type: m[3].toLowerCase(), labels };
  }
  const ids = [...h.matchAll(/^\s*(ZKS_M_\w+),/gm)].map((x) => x[1]).filter((x) => x !== 'ZKS_M__COUNT');
  const missing = ids.filter((i) => !Object.values(families).some((f) => f.id === i));
  if (missing.length || ids.length !== Object.keys(families).length)
    throw new Error(`metrics_catalog.c does not define every id of metrics_catalog.h (parsed ${Object.keys(families).length} of ${ids.length}; missing ${missing.join(', ')})`);
  return families;
}

// Series names a family is exposed as.
function seriesNames(name, fam) {
  return fam.type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
}

export function usedExpressions(root = ROOT) {
  const out = [];
  const dash = JSON.parse(readFileSync(join(root, 'deploy/grafana/zks-dashboard.json'), 'utf8'));
  const walkPanels = (ps) => ps.forEach((p) => {
    (p.targets || []).forEach((t) => t.expr && out.push({ where: `dashboard "${p.title}" ${t.refId}`, expr: t.expr }));
    walkPanels(p.panels || []);
  });
  walkPanels(dash.panels || []);
  for (const v of dash.templating?.list || []) {
    const q = typeof v.query === 'object' ? v.query.query : v.type === 'query' ? v.query : null;
    const m = q && q.match(/^label_values\((.+),\s*\w+\)$/);
    if (m) out.push({ where: `dashboard variable ${v.name}`, expr: m[1] });
  }
  const rules = YAML.parse(readFileSync(join(root, 'deploy/prometheus/alerts.yaml'), 'utf8'));
  const recorded = new Set();
  for (const g of rules.groups) for (const r of g.rules) {
    out.push({ where: `rule ${r.alert || r.record}`, expr: r.expr });
    if (r.record) recorded.add(r.record);
  }
  return { exprs: out, recorded };
}

// Problems with the names used in exprs, given the catalog.
export function nameErrors(exprs, recorded, families) {
  const series = {};
  for (const [name, fam] of Object.entries(families)) for (const s of seriesNames(name, fam)) series[s] = fam;
  const errors = [];
  for (const { where, expr } of exprs) {
    const n = promqlNames(expandGrafanaVars(expr));
    if (n.metrics.length === 0) errors.push(`${where}: no metric in ${expr}`);
    const allowed = new Set(TARGET_LABELS);
    for (const m of n.metrics) {
      if (recorded.has(m)) { ['group', 'topic'].forEach((l) => allowed.add(l)); continue; }
      if (!series[m]) { errors.push(`${where}: ${m} is not in metrics_catalog`); continue; }
      series[m].labels.forEach((l) => allowed.add(l));
    }
    for (const sel of n.selectors) {
      const fam = sel.name && series[sel.name];
      if (fam) for (const l of sel.labels) if (!fam.labels.includes(l) && !TARGET_LABELS.has(l)) errors.push(`${where}: ${sel.name} has no label ${l}`);
    }
    for (const l of n.groupingLabels) if (!allowed.has(l)) errors.push(`${where}: groups by ${l}, a label none of its metrics has`);
  }
  return errors;
}

// promtool parses each expression inside a throwaway rule file.
export function promtoolErrors(exprs) {
  const dir = mkdtempSync(join(tmpdir(), 'zks-promql-'));
  try {
    const rules = exprs.map((e, i) => ({ record: `zks_check:expr_${i}`, expr: expandGrafanaVars(e.expr) }));
    writeFileSync(join(dir, 'rules.yaml'), YAML.stringify({ groups: [{ name: 'parse', rules }] }));
    execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yaml')], { encoding: 'utf8', stdio: 'pipe' });
    return [];
  } catch (e) {
    return [`promtool: ${(e.stderr || e.stdout || e.message).toString().trim().split('\n').join(' | ')}`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Metric names used by the dashboard and alerts that none of the given /metrics
// texts (Prometheus exposition format) contains. A recording rule counts as present
// when the metrics it is computed from are.
export function checkScrape(texts, exprs = usedExpressions().exprs, recorded = usedExpressions().recorded) {
  const seen = new Set();
  for (const t of texts)
    for (const line of t.split('\n')) {
      const m = line.match(/^([a-zA-Z_:][\w:]*)(\{|\s)/);
      if (m && !line.startsWith('#')) seen.add(m[1]);
      const ty = line.match(/^# TYPE (\S+) /);
      if (ty) seen.add(ty[1]);
    }
  const missing = new Set();
  for (const { expr } of exprs)
    for (const m of promqlNames(expandGrafanaVars(expr)).metrics) if (!recorded.has(m) && !seen.has(m)) missing.add(m);
  return [...missing].sort();
}

async function readScrape(src) {
  if (/^https?:\/\//.test(src)) {
    const r = await fetch(src);
    if (!r.ok) throw new Error(`${src}: HTTP ${r.status}`);
    return r.text();
  }
  return readFileSync(src, 'utf8');
}

async function main() {
  let passed = 0;
  let failed = 0;
  const report = (name, errors) => {
    if (errors.length === 0) { passed++; console.log(`ok   ${name}`); return; }
    failed++;
    console.log(`FAIL ${name}`);
    errors.forEach((e) => console.log(`       ${e}`));
  };
  const families = readCatalog();
  const { exprs, recorded } = usedExpressions();
  console.log(`catalog: ${Object.keys(families).length} families; ${exprs.length} expressions in the dashboard and rules`);
  report('every metric and label used exists in metrics_catalog', nameErrors(exprs, recorded, families));
  report('promtool parses every expression', promtoolErrors(exprs));
  const required = ['zks_ingest_traces_total', 'zks_dlq_records_total', 'zks_worker_batch_age_seconds_bucket',
    'zks_worker_proof_duration_seconds_bucket', 'zks_settlements_published_total', 'zks_kafka_consumer_lag'];
  const usedInDash = new Set(exprs.filter((e) => e.where.startsWith('dashboard')).flatMap((e) => promqlNames(expandGrafanaVars(e.expr)).metrics));
  report('dashboard shows traces in, DLQ, batch age, proof time, settlements, lag', required.filter((m) => !usedInDash.has(m)).map((m) => `${m} not on the dashboard`));

  // Self-test: breaks the checks must catch.
  const broken = [
    [{ where: 'x', expr: 'rate(zks_settlement_published_total[5m])' }, /zks_settlement_published_total is not in metrics_catalog/],
    [{ where: 'x', expr: 'sum by (reason) (rate(zks_worker_proofs_total[5m]))' }, /groups by reason/],
    [{ where: 'x', expr: 'rate(zks_worker_proofs_total{outcome="failed"}[5m])' }, /has no label outcome/],
    [{ where: 'x', expr: 'zks_worker_proof_duration_seconds > 1' }, /zks_worker_proof_duration_seconds is not in metrics_catalog/],
  ];
  for (const [e, want] of broken) {
    const errs = nameErrors([e], recorded, families);
    report(`self-test: ${e.expr} is rejected`, errs.some((x) => want.test(x)) ? [] : [`expected ${want}, got ${errs.join(' | ') || 'nothing'}`]);
  }
  const badParse = promtoolErrors([{ where: 'x', expr: 'sum(rate(zks_dlq_records_total[5m])' }]);
  report('self-test: promtool rejects an unbalanced expression', badParse.length ? [] : ['promtool accepted it']);
  // A scrape holding every catalog family satisfies checkScrape; one without settlements does not.
  const full = Object.entries(families).flatMap(([n, f]) => [`# TYPE ${n} ${f.type}`, ...seriesNames(n, f).map((s) => `${s} 0`)]).join('\n');
  report('self-test: a scrape with every family has nothing missing', checkScrape([full], exprs, recorded).map((m) => `missing ${m}`));
  const partial = full.split('\n').filter((l) => !l.includes('zks_settlements_published_total')).join('\n');
  const miss = checkScrape([partial], exprs, recorded);
  report('self-test: a scrape without settlements is reported', miss.includes('zks_settlements_published_total') ? [] : [`got ${miss}`]);

  const i = process.argv.indexOf('--scrape');
  if (i >= 0) {
    const texts = await Promise.all(process.argv.slice(i + 1).map(readScrape));
    report(`scrape of ${process.argv.length - i - 1} target(s) exports every metric used`, checkScrape(texts, exprs, recorded).map((m) => `not exported: ${m}`));
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
