import { NotAllowedError } from '@backstage/errors';
import { CLUSTER_SCOPED_KINDS } from '../manifests/clusterScopedKinds';
import { KubeObject } from './injectLabels';

/** Where a deploy may put objects. */
export interface DeployScope {
  cluster: string;
  /** The environment's namespace. */
  namespace: string;
  /** Cluster-scoped kinds that are allowed anyway. */
  allowedClusterKinds: readonly string[];
  /** Other namespaces that objects may name. */
  allowedNamespaces: readonly string[];
}

/**
 * Whether the cluster serves a kind as namespaced (true), cluster-scoped
 * (false), or does not serve it (undefined).
 */
export type IsNamespaced = (
  apiVersion: string,
  kind: string,
) => Promise<boolean | undefined>;

/** The objects of a rendered stream, with the items of `List` objects in their place (the API server's clients flatten them). */
function flatten(objects: readonly KubeObject[]): KubeObject[] {
  const flat: KubeObject[] = [];
  for (const object of objects) {
    if (!object || typeof object !== 'object') continue;
    const items = (object as { items?: unknown }).items;
    if (
      typeof object.kind === 'string' &&
      object.kind.endsWith('List') &&
      Array.isArray(items)
    ) {
      flat.push(...flatten(items as KubeObject[]));
    } else {
      flat.push(object);
    }
  }
  return flat;
}

/**
 * The objects of `objects` that a deploy into `scope.namespace` may not
 * create: cluster-scoped kinds not allowed for the cluster, and objects in
 * another namespace that is not allowed. Each is named `kind/name` (with
 * `/namespace` for namespaced ones) and why. A kind the cluster does not
 * serve counts as cluster-scoped when Berth knows it as such.
 */
export async function findOutOfScope(
  objects: readonly KubeObject[],
  scope: DeployScope,
  isNamespaced: IsNamespaced,
): Promise<string[]> {
  const refused: string[] = [];
  for (const object of flatten(objects)) {
    const kind = String(object.kind ?? '');
    const name = String(object.metadata?.name ?? '');
    const namespace = object.metadata?.namespace;
    const served =
      typeof object.apiVersion === 'string' && kind
        ? await isNamespaced(object.apiVersion, kind)
        : undefined;
    const namespaced = served ?? !CLUSTER_SCOPED_KINDS.has(kind);
    if (!namespaced) {
      if (!scope.allowedClusterKinds.includes(kind)) {
        refused.push(`${kind}/${name} (cluster-scoped)`);
      }
      continue;
    }
    if (
      typeof namespace === 'string' &&
      namespace !== '' &&
      namespace !== scope.namespace &&
      !scope.allowedNamespaces.includes(namespace)
    ) {
      refused.push(`${kind}/${name}/${namespace} (in another namespace)`);
    }
  }
  return refused;
}

/**
 * Refuses (NotAllowedError, naming each object) a deploy whose objects reach
 * outside the environment's namespace beyond what the cluster allows.
 */
export async function assertInScope(
  objects: readonly KubeObject[],
  scope: DeployScope,
  isNamespaced: IsNamespaced,
): Promise<void> {
  const refused = await findOutOfScope(objects, scope, isNamespaced);
  if (refused.length === 0) return;
  throw new NotAllowedError(
    `Deploy refused before anything was applied: ${
      refused.length === 1
        ? 'an object reaches'
        : `${refused.length} objects reach`
    } outside namespace '${scope.namespace}': ${refused.join(
      ', ',
    )}. Only objects in the environment's namespace may be deployed, unless berth.clusters.${
      scope.cluster
    }.deployer allows the kind (allowedClusterKinds) or the namespace (allowedNamespaces).`,
  );
}
