import { InputError } from '@backstage/errors';
import { isPlainObject } from '../values/plainValues';
import { CLUSTER_SCOPED_KINDS } from './clusterScopedKinds';
import { KubernetesObject } from './types';

/**
 * Checks one rendered document of a manifests service: a mapping with
 * apiVersion, kind and metadata.name; not a Namespace, a List or another
 * cluster-scoped kind; no metadata.namespace (Berth sets the namespace).
 *
 * @param where - names the document in errors, e.g. "manifests: document 2 (line 14)"
 */
export function checkManifestObject(
  data: unknown,
  where: string,
): KubernetesObject {
  if (!isPlainObject(data)) {
    throw new InputError(
      `${where}: a document must be a mapping (a Kubernetes object), not ${
        Array.isArray(data) ? 'a list' : `a ${typeof data}`
      }`,
    );
  }
  const { apiVersion, kind, metadata } = data;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw new InputError(`${where}: the object has no apiVersion`);
  }
  if (typeof kind !== 'string' || kind === '') {
    throw new InputError(`${where}: the object has no kind`);
  }
  const name = isPlainObject(metadata) ? metadata.name : undefined;
  if (typeof name !== 'string' || name === '') {
    throw new InputError(`${where}: the ${kind} has no metadata.name`);
  }
  const object = `${kind} '${name}'`;
  if (kind === 'Namespace') {
    throw new InputError(
      `${where}: ${object}: a service cannot create namespaces; Berth creates the environment's namespace itself`,
    );
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(data.items))) {
    throw new InputError(
      `${where}: ${object}: lists are not supported; put each object in a document of its own`,
    );
  }
  if (CLUSTER_SCOPED_KINDS.has(kind)) {
    throw new InputError(
      `${where}: ${object} is cluster-scoped; a service may only create objects in its environment's namespace`,
    );
  }
  const namespace = (metadata as Record<string, unknown>).namespace;
  if (namespace !== undefined && namespace !== null) {
    throw new InputError(
      `${where}: ${object} sets metadata.namespace to ${JSON.stringify(
        namespace,
      )}; leave it out, Berth deploys into the environment's namespace`,
    );
  }
  return data as KubernetesObject;
}
