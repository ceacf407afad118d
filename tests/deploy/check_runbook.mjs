// Every alert's runbook_url must point at deploy/README.md and at a heading that
// exists there (GitHub's anchor for "### ZksDlqSpike" is "#zksdlqspike").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const deploy = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy');
const slug = (h) => h.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
const anchors = new Set(readFileSync(join(deploy, 'README.md'), 'utf8').split('\n')
  .filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));
const errors = [];
let alerts = 0;
for (const g of YAML.parse(readFileSync(join(deploy, 'prometheus', 'alerts.yaml'), 'utf8')).groups)
  for (const r of g.rules.filter((x) => x.alert)) {
    alerts++;
    const url = r.annotations?.runbook_url || '';
    const m = url.match(/\/deploy\/README\.md#([\w-]+)$/);
    if (!m) errors.push(`${r.alert}: runbook_url ${url} is not deploy/README.md#anchor`);
    else if (!anchors.has(m[1])) errors.push(`${r.alert}: README has no heading for #${m[1]}`);
  }
errors.forEach((e) => console.log(`FAIL ${e}`));
console.log(`${alerts - errors.length} passed, ${errors.length} failed (alert runbook anchors)`);
process.exitCode = errors.length || alerts === 0 ? 1 : 0;
