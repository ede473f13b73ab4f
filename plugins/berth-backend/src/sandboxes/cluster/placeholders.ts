import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { V1Service } from '@kubernetes/client-node';
import { RoutingObjects } from '../routing/kube/RoutingObjects';
import { PLACEHOLDER_LABEL } from '../sandboxNames';

/** The kind of Services. */
export const SERVICE_KIND = { apiVersion: 'v1', kind: 'Service' };

/** At most this many placeholder writes at once. */
const CONCURRENCY = 16;

/** The base's Services, read once (a 300-Service base is one list call). */
export function listServices(
  objects: RoutingObjects,
  namespace: string,
): Promise<V1Service[]> {
  return objects.list<V1Service>(SERVICE_KIND, namespace);
}

/** The Berth service (project service name) a base Service belongs to, if any. */
export function berthServiceOf(service: V1Service): string | undefined {
  return service.metadata?.labels?.[BERTH_LABELS.service];
}

/**
 * The placeholder of a base Service: same name and ports, no selector,
 * `ExternalName` pointing at the base Service, so short names resolve in
 * the sandbox namespace and reach the base (with or without a mesh).
 */
export function placeholderFor(
  base: V1Service,
  sandbox: { namespace: string; labels: Record<string, string> },
): V1Service {
  const name = base.metadata!.name!;
  const ports = (base.spec?.ports ?? []).map(port => ({
    ...(port.name && { name: port.name }),
    port: port.port,
    protocol: port.protocol ?? 'TCP',
    ...(port.targetPort !== undefined && { targetPort: port.targetPort }),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: sandbox.namespace,
      labels: { ...sandbox.labels, [PLACEHOLDER_LABEL]: 'true' },
    },
    spec: {
      type: 'ExternalName',
      externalName: `${name}.${base.metadata!.namespace}.svc.cluster.local`,
      ...(ports.length > 0 && { ports }),
    },
  };
}

/** Runs `task` over `items`, at most `limit` at a time; the first failure rejects. */
export async function inBatches<T>(
  items: T[],
  task: (item: T) => Promise<unknown>,
  limit = CONCURRENCY,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

/**
 * Writes a placeholder for every base Service that belongs to none of the
 * `forked` services; returns the names written.
 */
export async function ensurePlaceholders(
  objects: RoutingObjects,
  input: {
    baseServices: V1Service[];
    forked: ReadonlySet<string>;
    namespace: string;
    labels: Record<string, string>;
  },
): Promise<string[]> {
  const placeholders = input.baseServices
    .filter(service => {
      const owner = berthServiceOf(service);
      return !owner || !input.forked.has(owner);
    })
    .map(service => placeholderFor(service, input));
  await inBatches(placeholders, placeholder => objects.apply(placeholder));
  return placeholders.map(p => p.metadata!.name!);
}

/**
 * Deletes the placeholders among `names` (Services of the namespace that
 * carry the placeholder label; anything else is left alone); returns the
 * names deleted.
 */
export async function deletePlaceholders(
  objects: RoutingObjects,
  namespace: string,
  names: ReadonlySet<string>,
): Promise<string[]> {
  if (names.size === 0) return [];
  const existing = await objects.list<V1Service>(
    SERVICE_KIND,
    namespace,
    `${PLACEHOLDER_LABEL}=true`,
  );
  const doomed = existing
    .map(service => service.metadata!.name!)
    .filter(name => names.has(name));
  await inBatches(doomed, name =>
    objects.delete(SERVICE_KIND, namespace, name),
  );
  return doomed;
}
