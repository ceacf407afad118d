// deploy/prometheus/alerts.yaml is the one place the fleet's rules are written;
// deploy/k8s/base/prometheus-rule.yaml wraps the same groups in a PrometheusRule
// for the Prometheus operator (kustomize cannot load files outside its folder).
//   node sync_prometheus_rule.mjs           exit 1 if the PrometheusRule is stale
//   node sync_prometheus_rule.mjs --write   regenerate it
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';

const deployDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy');
const rulesPath = join(deployDir, 'prometheus', 'alerts.yaml');
const rulePath = join(deployDir, 'k8s', 'base', 'prometheus-rule.yaml');

const HEADER = `# GENERATED from deploy/prometheus/alerts.yaml by
# tests/deploy/sync_prometheus_rule.mjs --write; edit alerts.yaml, not this file.
`;

export function prometheusRuleFor(rules) {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'zks-alerts', labels: { 'app.kubernetes.io/name': 'zksettlement' } },
    spec: { groups: rules.groups },
  };
}

function main() {
  const wanted = prometheusRuleFor(YAML.parse(readFileSync(rulesPath, 'utf8')));
  if (process.argv.includes('--write')) {
    writeFileSync(rulePath, HEADER + YAML.stringify(wanted, { lineWidth: 120 }));
    console.log(`wrote ${rulePath}`);
    return 0;
  }
  let have;
  try {
    have = YAML.parse(readFileSync(rulePath, 'utf8'));
  } catch (e) {
    console.error(`sync_prometheus_rule: cannot read ${rulePath}: ${e.message}`);
    return 1;
  }
  if (!isDeepStrictEqual(have, wanted)) {
    console.error('sync_prometheus_rule: prometheus-rule.yaml differs from alerts.yaml; run with --write');
    return 1;
  }
  console.log('prometheus-rule.yaml matches alerts.yaml');
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
