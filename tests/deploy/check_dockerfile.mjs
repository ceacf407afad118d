// A focused Dockerfile lint for deploy/Dockerfile (hadolint is not packaged here),
// plus the link check: the runtime stage installs exactly the Debian packages that
// own the shared libraries the built binaries need.
//
//   node check_dockerfile.mjs BINARY...
// BINARY: built executables (the zks CLI and whatever services exist). Their direct
// dependencies (DT_NEEDED, readelf) are resolved with ldd and mapped to packages
// with dpkg -S; libc6 is the base image's own.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEPLOY = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy');
// Installed in the runtime stage without being linked: the TLS trust store.
const NOT_LINKED_OK = new Set(['ca-certificates']);
// In every Debian base image (Essential: yes), not installed by the Dockerfile.
const BASE_PACKAGES = new Set(['libc6']);
const SERVICES = ['zks', 'zks-ingest', 'zks-aggregator', 'zks-worker'];
const SECRETISH = /(\.zkey|\.ptau|\.pem|\.key|tokens?|secret|password|id_rsa|\.env)\b/i;

// Dockerfile -> [{instr, args, line}], continuation lines joined, comments dropped.
export function parseDockerfile(text) {
  const out = [];
  let buf = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!buf && /^\s*(#|$)/.test(line)) return;
    if (buf && /^\s*#/.test(line)) return;
    if (!buf) start = i + 1;
    if (/\\\s*$/.test(line)) { buf += line.replace(/\\\s*$/, ' '); return; }
    buf += line;
    const m = buf.trim().match(/^(\w+)\s+([\s\S]*)$/);
    if (m) out.push({ instr: m[1].toUpperCase(), args: m[2].trim(), line: start });
    buf = '';
  });
  return out;
}

function stages(instrs) {
  const args = {};
  const list = [];
  for (const i of instrs) {
    if (i.instr === 'ARG' && list.length === 0) {
      const [k, v] = i.args.split('=');
      args[k] = v;
    } else if (i.instr === 'FROM') {
      const m = i.args.match(/^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i);
      const image = m[1].replace(/\$\{?(\w+)\}?/g, (_, k) => args[k] ?? '');
      list.push({ image, name: m[2] || String(list.length), instrs: [], line: i.line });
    } else if (list.length) list[list.length - 1].instrs.push(i);
  }
  return list;
}

export function aptPackages(stage) {
  const pkgs = [];
  for (const i of stage.instrs.filter((x) => x.instr === 'RUN'))
    for (const m of i.args.matchAll(/apt-get install ([^&;|]*)/g))
      pkgs.push(...m[1].split(/\s+/).filter((w) => w && !w.startsWith('-')));
  return pkgs;
}

export function lintErrors(text, dockerignore) {
  const errors = [];
  const st = stages(parseDockerfile(text));
  if (st.length < 2) errors.push('not multi-stage: the runtime image would carry the compiler');
  for (const s of st) {
    const pinned = /@sha256:[0-9a-f]{64}$/.test(s.image) || /:[\w.-]*(\d{8}|\d+\.\d+)[\w.-]*$/.test(s.image);
    if (!pinned) errors.push(`line ${s.line}: base image ${s.image} is not pinned to a dated tag or digest`);
  }
  const runtime = st[st.length - 1];
  if (!runtime) return errors;
  const users = runtime.instrs.filter((i) => i.instr === 'USER');
  const user = users.length ? users[users.length - 1].args.split(':')[0] : 'root';
  if (user === 'root' || user === '0') errors.push(`runtime stage runs as ${user}`);
  if (!runtime.instrs.some((i) => i.instr === 'COPY' && /--from=/.test(i.args))) errors.push('runtime stage copies nothing from the build stage');
  for (const s of st)
    for (const i of s.instrs) {
      if (i.instr === 'ADD') errors.push(`line ${i.line}: ADD (use COPY; ADD fetches URLs and unpacks archives)`);
      if (i.instr === 'COPY') {
        const srcs = i.args.split(/\s+/).filter((w) => !w.startsWith('--')).slice(0, -1);
        for (const src of srcs) if (SECRETISH.test(src)) errors.push(`line ${i.line}: COPY ${src} looks like key or secret material`);
        if (srcs.includes('.') && !dockerignore) errors.push(`line ${i.line}: COPY . without a .dockerignore`);
      }
      if (i.instr === 'ENV' && /(TOKEN|SECRET|PASSWORD|PRIVATE)\w*=/i.test(i.args)) errors.push(`line ${i.line}: secret-like ENV baked into the image`);
      if (i.instr === 'RUN' && /apt-get install/.test(i.args)) {
        if (!/--no-install-recommends/.test(i.args)) errors.push(`line ${i.line}: apt-get install without --no-install-recommends`);
        if (!/rm -rf \/var\/lib\/apt\/lists/.test(i.args)) errors.push(`line ${i.line}: apt lists left in the layer`);
        if (!/apt-get update/.test(i.args)) errors.push(`line ${i.line}: apt-get install without update in the same layer`);
      }
    }
  if (!runtime.instrs.some((i) => i.instr === 'VOLUME' && i.args.includes('/keys'))) errors.push('runtime stage declares no /keys volume for the proving key');
  if (dockerignore !== null) {
    for (const pat of ['*.zkey', '*.ptau', 'keys', '.git', 'node_modules'])
      if (!dockerignore.split('\n').some((l) => l.trim().endsWith(pat))) errors.push(`Dockerfile.dockerignore does not exclude ${pat}`);
  }
  return errors;
}

// Debian packages owning the libraries a binary needs directly.
export function linkedPackages(binary) {
  const needed = execFileSync('readelf', ['-d', binary], { encoding: 'utf8' })
    .split('\n').map((l) => l.match(/\(NEEDED\)\s+Shared library: \[(.+)\]/)).filter(Boolean).map((m) => m[1]);
  const paths = {};
  for (const l of execFileSync('ldd', [binary], { encoding: 'utf8' }).split('\n')) {
    const m = l.match(/^\s*(\S+) => (\/\S+)/);
    if (m) paths[m[1]] = m[2];
  }
  const pkgs = new Map();
  for (const so of needed) {
    if (!paths[so]) throw new Error(`${binary}: ldd does not resolve ${so}`);
    pkgs.set(so, ownerOf(paths[so]));
  }
  return pkgs;
}

function ownerOf(path) {
  // dpkg records the path a package shipped (/lib/... or /usr/lib/... on merged-/usr systems).
  const real = realpathSync(path);
  const candidates = new Set([path, real, real.replace(/^\/usr\/lib\//, '/lib/'), path.replace(/^\/lib\//, '/usr/lib/')]);
  for (const p of candidates) {
    try {
      const out = execFileSync('dpkg', ['-S', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return out.split(':')[0].trim();
    } catch { /* try the next spelling */ }
  }
  throw new Error(`dpkg -S: no package owns ${path}`);
}

// The build stage must install the -dev package of every runtime library (the -dev
// package depends on its runtime library: dpkg's own metadata is the oracle).
function devPackageErrors(buildPkgs, runtimePkgs) {
  const errors = [];
  const depends = {};
  for (const p of buildPkgs.filter((x) => x.endsWith('-dev'))) {
    try {
      depends[p] = execFileSync('dpkg-query', ['-W', '-f=${Depends}', p], { encoding: 'utf8' });
    } catch {
      errors.push(`build stage package ${p} is not installed here to check`);
    }
  }
  for (const r of runtimePkgs.filter((x) => !NOT_LINKED_OK.has(x)))
    if (!Object.values(depends).some((d) => new RegExp(`(^|[ ,|])${r.replace(/[.+]/g, '\\$&')}( |,|$)`).test(d))) errors.push(`no -dev package in the build stage provides ${r}`);
  return errors;
}

function main() {
  let passed = 0;
  let failed = 0;
  const report = (name, errors) => {
    if (errors.length === 0) { passed++; console.log(`ok   ${name}`); return; }
    failed++;
    console.log(`FAIL ${name}`);
    errors.forEach((e) => console.log(`       ${e}`));
  };
  const text = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');
  const ignorePath = join(DEPLOY, 'Dockerfile.dockerignore');
  const ignore = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : null;
  report('Dockerfile lint', lintErrors(text, ignore));

  const st = stages(parseDockerfile(text));
  const runtimePkgs = aptPackages(st[st.length - 1]);
  const buildPkgs = aptPackages(st[0]);
  report('build stage installs the -dev package of every runtime library', devPackageErrors(buildPkgs, runtimePkgs));

  const binaries = process.argv.slice(2).filter((b) => existsSync(b));
  const linked = new Map();
  for (const b of binaries) for (const [so, pkg] of linkedPackages(b)) linked.set(pkg, [...(linked.get(pkg) || []), `${basename(b)}:${so}`]);
  console.log(`binaries: ${binaries.map((b) => basename(b)).join(', ') || 'none'}`);
  console.log(`linked packages: ${[...linked.keys()].sort().join(' ')}`);
  console.log(`runtime stage installs: ${runtimePkgs.join(' ')}`);
  report('binaries given exist', binaries.length ? [] : ['no built binary to inspect']);
  report('runtime stage installs every package the binaries link', [...linked.keys()]
    .filter((p) => !BASE_PACKAGES.has(p) && !runtimePkgs.includes(p)).map((p) => `${p} (${linked.get(p).join(', ')}) missing`));
  const built = new Set(binaries.map((b) => basename(b)));
  const extra = runtimePkgs.filter((p) => !NOT_LINKED_OK.has(p) && !linked.has(p));
  if (SERVICES.every((s) => built.has(s))) report('runtime stage installs nothing the binaries do not link', extra.map((p) => `${p} is not linked by any binary`));
  else console.log(`note: ${SERVICES.filter((s) => !built.has(s)).join(', ')} not built yet; packages not linked by the binaries built so far: ${extra.join(' ') || 'none'}`);

  // Self-test of the link mapping on a binary Debian built: every package it maps
  // kcat's libraries to must be one kcat's package declares as a dependency.
  const kcat = execFileSync('sh', ['-c', 'command -v kcat'], { encoding: 'utf8' }).trim();
  const kcatDeps = execFileSync('dpkg-query', ['-W', '-f=${Depends}', 'kcat'], { encoding: 'utf8' });
  const kcatPkgs = [...linkedPackages(kcat).values()];
  report(`self-test: ldd + dpkg -S on kcat gives its declared dependencies (${kcatPkgs.join(' ')})`,
    kcatPkgs.includes('librdkafka1') ? kcatPkgs.filter((p) => !new RegExp(`(^|[ ,|])${p.replace(/[.+]/g, '\\$&')}( |,|$)`).test(kcatDeps)).map((p) => `${p} not in Depends: ${kcatDeps}`) : [`librdkafka1 not found: ${kcatPkgs}`]);

  // Self-test of the lint on broken Dockerfiles.
  const breaks = [
    ['single stage', text.replace(/FROM \$\{DEBIAN_IMAGE\} AS runtime[\s\S]*/, ''), /not multi-stage|copies nothing/],
    ['root user', text.replace(/^USER .*$/m, 'USER root'), /runs as root/],
    ['floating base tag', text.replace(/^ARG DEBIAN_IMAGE=.*$/m, 'ARG DEBIAN_IMAGE=debian:bookworm-slim'), /is not pinned/],
    ['key copied in', text.replace(/^COPY --from=build/m, 'COPY keys/settle_64.zkey /keys/\nCOPY --from=build'), /looks like key or secret/],
    ['token in ENV', text.replace(/^EXPOSE 8080$/m, 'ENV ZKS_PROVIDER_TOKEN=abc\nEXPOSE 8080'), /secret-like ENV/],
  ];
  for (const [name, broken, want] of breaks) {
    const errs = lintErrors(broken, ignore);
    report(`self-test: ${name} is reported`, errs.some((e) => want.test(e)) ? [] : [`expected ${want}, got ${errs.join(' | ') || 'nothing'}`]);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
