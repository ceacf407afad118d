// Schema checks of Kubernetes objects with the kubernetes-models packages pinned in
// tests/deploy/package-lock.json: the Kubernetes OpenAPI schemas (kubernetes-models),
// KEDA's CRDs (@kubernetes-models/keda) and the Prometheus operator's CRDs
// (@kubernetes-models/prometheus-operator).
//
// Their validate() checks types, required fields, enums and patterns, but the
// schemas allow unknown properties, so a misspelt field (`livenesProbe`) would pass
// and be dropped by the API server. unknownFields() closes that gap: it walks the
// object along the packages' own type declarations (.d.ts), which list every
// property of every type.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules');

// apiVersion group -> [package, folder inside it]; the core group has no folder name.
const GROUPS = {
  '': ['kubernetes-models', ''],
  apps: ['kubernetes-models', 'apps'],
  batch: ['kubernetes-models', 'batch'],
  autoscaling: ['kubernetes-models', 'autoscaling'],
  policy: ['kubernetes-models', 'policy'],
  'networking.k8s.io': ['kubernetes-models', 'networking.k8s.io'],
  'keda.sh': ['@kubernetes-models/keda', 'keda.sh'],
  'monitoring.coreos.com': ['@kubernetes-models/prometheus-operator', 'monitoring.coreos.com'],
};

function modelPath(obj) {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const g = GROUPS[group];
  if (!g) return null;
  const file = join(NODE_MODULES, g[0], g[1], version, `${obj.kind}.js`);
  return existsSync(file) ? file : null;
}

export function hasModel(obj) {
  return modelPath(obj) !== null;
}

// Schema errors of obj as "path: message" strings (empty when valid).
export async function schemaErrors(obj) {
  const file = modelPath(obj);
  if (!file) return [`no schema for ${obj.apiVersion} ${obj.kind}`];
  const mod = await import(file);
  const Model = mod[obj.kind];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return String(e.message).split('\n').filter(Boolean);
  }
}

// --- unknown fields, from the .d.ts declarations ---------------------------------

// A .d.ts file -> { props: {name: typeText}, imports: {TypeName: absolute .d.ts path} },
// or null when it declares no class (type aliases such as IntOrString, Quantity).
const declCache = new Map();
function declarations(dtsFile) {
  if (declCache.has(dtsFile)) return declCache.get(dtsFile);
  let decl = null;
  if (existsSync(dtsFile)) {
    const text = readFileSync(dtsFile, 'utf8');
    const imports = {};
    for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports[m[1]] = resolveImport(dtsFile, m[2]);
    // The class lists every property, inherited ones included (interfaces may `extends`).
    const start = text.search(/^export declare class \w+ extends Model</m);
    if (start >= 0) {
      const props = {};
      const lines = text.slice(start).split('\n').slice(1);
      let depth = 0;
      for (const line of lines) {
        if (depth === 0) {
          if (/^\}/.test(line)) break;
          const m = line.match(/^ {4}"([^"]+)"\??: (.*)$/);
          if (m) props[m[1]] = m[2].replace(/;$/, '');
        }
        depth += (line.match(/\{/g) || []).length - (line.match(/\}/g) || []).length;
      }
      decl = { props, imports };
    }
  }
  declCache.set(dtsFile, decl);
  return decl;
}

function resolveImport(fromFile, spec) {
  if (spec.startsWith('.')) return join(dirname(fromFile), spec.replace(/\.js$/, '.d.ts'));
  return join(NODE_MODULES, `${spec}.d.ts`);
}

// The .d.ts of a property's declared type, for object types we can descend into.
function elementFile(decl, typeText) {
  const t = typeText.trim();
  const arr = t.match(/^Array<(\w+)>$/);
  const name = arr ? arr[1] : t;
  return decl.imports[name] || null;
}

// Paths of fields in obj that its type does not declare.
export function unknownFields(obj) {
  const file = modelPath(obj);
  if (!file) return [];
  const errors = [];
  walk(obj, file.replace(/\.js$/, '.d.ts'), '', errors);
  return errors;
}

function walk(value, dtsFile, path, errors) {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, dtsFile, `${path}[${i}]`, errors));
    return;
  }
  const decl = declarations(dtsFile);
  if (!decl) return;
  for (const [key, v] of Object.entries(value)) {
    if (!(key in decl.props)) {
      errors.push(`${path}.${key}: unknown field`);
      continue;
    }
    const child = elementFile(decl, decl.props[key]);
    if (child) walk(v, child, `${path}.${key}`, errors);
  }
}
