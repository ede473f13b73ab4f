import { KubeObject } from '../kubernetes/injectLabels';

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}

/**
 * Managers whose fields are Berth's own or the cluster's: Berth's server-side
 * apply, Helm's, and the control plane's controllers.
 */
const EXPECTED_MANAGERS = [
  /^berth(-.*)?$/,
  /^helm$/,
  /^kube-controller-manager$/,
  /^kube-scheduler$/,
  /^kubelet$/,
  /^kwok/,
];

function segment(key: string): string {
  if (key.startsWith('f:')) return `.${key.slice(2)}`;
  if (key.startsWith('k:')) {
    try {
      const fields = JSON.parse(key.slice(2)) as Record<string, unknown>;
      return `[${Object.entries(fields)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}]`;
    } catch {
      return `[${key.slice(2)}]`;
    }
  }
  if (key.startsWith('v:') || key.startsWith('i:')) return `[${key.slice(2)}]`;
  return `.${key}`;
}

/** The leaf paths of a `fieldsV1` set, e.g. `spec.template.spec.containers[name=app].env[name=DEBUG]`. */
export function fieldPaths(
  fields: Record<string, unknown>,
  prefix = '',
): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === '.') continue;
    const path = `${prefix}${segment(key)}`;
    const children =
      value && typeof value === 'object'
        ? Object.keys(value).filter(k => k !== '.')
        : [];
    if (children.length === 0) paths.push(path.replace(/^\./, ''));
    else paths.push(...fieldPaths(value as Record<string, unknown>, path));
  }
  return paths;
}

/**
 * Fields of an object that a manager other than Berth, Helm or the control
 * plane set (e.g. `kubectl edit`, `kubectl set env`), as `manager: path`;
 * status is left out. Give it the object after a server-side apply of what
 * Berth deployed, so that fields Berth sets again are Berth's.
 */
export function outOfBandFields(object: KubeObject): string[] {
  const entries = (object.metadata?.managedFields ??
    []) as ManagedFieldsEntry[];
  const found: string[] = [];
  for (const entry of entries) {
    const manager = entry.manager ?? 'unknown';
    if (entry.subresource === 'status') continue;
    if (EXPECTED_MANAGERS.some(pattern => pattern.test(manager))) continue;
    for (const path of fieldPaths(entry.fieldsV1 ?? {})) {
      if (path.startsWith('status')) continue;
      found.push(`${manager}: ${path}`);
    }
  }
  return found;
}
