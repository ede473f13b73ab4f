import { KubeObject } from '../kubernetes/injectLabels';

/** Metadata the API server keeps for itself. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
  'ownerReferences',
];

/**
 * Labels and annotations that are bookkeeping, not configuration: Helm's
 * (it sets `managed-by: Helm` over Berth's label, and names the release),
 * kubectl's and the Deployment controller's.
 */
const BOOKKEEPING_LABELS = ['app.kubernetes.io/managed-by'];
const BOOKKEEPING_ANNOTATIONS = [
  'meta.helm.sh/release-name',
  'meta.helm.sh/release-namespace',
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function without(
  map: unknown,
  keys: readonly string[],
): Record<string, unknown> | undefined {
  if (!isObject(map)) return undefined;
  const rest = Object.fromEntries(
    Object.entries(map).filter(([key]) => !keys.includes(key)),
  );
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** A copy with the keys of every map sorted, so equal objects print equally. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map(key => [key, sortKeys(value[key])]),
  );
}

/**
 * An object as Berth compares it: without `status`, the metadata the API
 * server keeps (managedFields, resourceVersion, uid, generation,
 * creationTimestamp, ...), Helm's, kubectl's and the Deployment
 * controller's bookkeeping labels and annotations; keys sorted.
 */
export function normalizeObject(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const metadata: Record<string, unknown> = { ...(object.metadata ?? {}) };
  for (const field of SERVER_METADATA) delete metadata[field];
  const labels = without(metadata.labels, BOOKKEEPING_LABELS);
  const annotations = without(metadata.annotations, BOOKKEEPING_ANNOTATIONS);
  if (labels) metadata.labels = labels;
  else delete metadata.labels;
  if (annotations) metadata.annotations = annotations;
  else delete metadata.annotations;
  return sortKeys({ ...rest, metadata }) as KubeObject;
}
