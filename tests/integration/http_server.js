// Our HTTP server (common/service/http_server) from the outside: probes, routing
// errors, the body limit (413), JSON errors, /metrics accepted by promtool (the
// Prometheus project's own linter), and a graceful drain on SIGTERM.
'use strict';
const { spawn, spawnSync } = require('child_process');
const http = require('http');
const readline = require('readline');

const ITEST = process.argv[2];
let failures = 0;
function check(ok, what) {
  if (!ok) {
    console.log('FAIL: ' + what);
    failures++;
  }
}

function request(port, method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function main() {
  const proc = spawn(ITEST, [], { stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  proc.stderr.on('data', (d) => (logs += d));
  const port = Number(await new Promise((r) => readline.createInterface({ input: proc.stdout }).once('line', r)));
  check(port > 0, 'port printed');

  let r = await request(port, 'GET', '/healthz');
  check(r.status === 200, 'healthz 200');
  r = await request(port, 'GET', '/readyz');
  check(r.status === 503 && JSON.parse(r.body).error === 'not_ready', 'readyz 503 before ready: ' + r.body);
  await request(port, 'POST', '/ready', '');
  r = await request(port, 'GET', '/readyz');
  check(r.status === 200, 'readyz 200 after ready');

  r = await request(port, 'POST', '/v1/echo', 'x'.repeat(100), { Authorization: 'Bearer t' });
  check(r.status === 200 && r.type === 'application/json', 'echo 200 json');
  const echo = JSON.parse(r.body);
  check(echo.bytes === 100 && echo.auth === true, 'echo body and header: ' + r.body);
  r = await request(port, 'POST', '/v1/echo', 'x'.repeat(1024));
  check(r.status === 200 && JSON.parse(r.body).bytes === 1024, 'exactly the limit is accepted');
  r = await request(port, 'POST', '/v1/echo', 'x'.repeat(5000));
  check(r.status === 413 && JSON.parse(r.body).error === 'too_large', '413 over the limit: ' + r.status + ' ' + r.body);
  r = await request(port, 'GET', '/nope');
  check(r.status === 404 && JSON.parse(r.body).error === 'not_found', '404');
  r = await request(port, 'GET', '/v1/echo');
  check(r.status === 405 && JSON.parse(r.body).error === 'method_not_allowed', '405');

  r = await request(port, 'GET', '/metrics');
  check(r.status === 200 && r.type.startsWith('text/plain; version=0.0.4'), 'metrics content type ' + r.type);
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: r.body, encoding: 'utf8' });
  check(lint.status === 0, 'promtool check metrics: ' + lint.stdout + lint.stderr);
  check(/^zks_ingest_http_requests_total\{code="413"\} 1$/m.test(r.body), '413 counted');
  check(/^zks_ingest_http_requests_total\{code="404"\} 1$/m.test(r.body), '404 counted');
  check(/^zks_build_info\{version="itest"\} 1$/m.test(r.body), 'build info');
  const count = r.body.match(/^zks_ingest_http_request_duration_seconds_count (\d+)$/m);
  check(count && Number(count[1]) === 9, 'duration histogram counted 9 requests before /metrics: ' + (count && count[1]));

  // graceful drain: an in-flight request completes after SIGTERM; then the process exits 0
  const slow = request(port, 'GET', '/slow');
  await new Promise((res) => setTimeout(res, 300));
  proc.kill('SIGTERM');
  const slowRes = await slow.catch((e) => ({ status: 0, body: String(e) }));
  check(slowRes.status === 200 && slowRes.body === '{"slow":true}', 'in-flight request finished: ' + slowRes.body);
  const code = await new Promise((res) => (proc.exitCode !== null ? res(proc.exitCode) : proc.once('exit', res)));
  check(code === 0, 'exit 0 after SIGTERM, got ' + code);
  const lines = logs.trim().split('\n');
  check(lines.every((l) => { try { const j = JSON.parse(l); return j.ts && j.level && j.service === 'itest_http' && j.msg; } catch (e) { return false; } }),
    'every log line is one JSON object with ts, level, service, msg');
  check(lines.some((l) => JSON.parse(l).msg === 'draining' && JSON.parse(l).signal === 15), 'drain logged with SIGTERM');
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.log('FAIL: ' + e.stack);
  process.exit(1);
});
