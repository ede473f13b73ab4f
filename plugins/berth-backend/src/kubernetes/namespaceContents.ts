import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { withKubeError } from './kubeErrors';
import { ObjectApi } from './ObjectApi';

/** The namespaced kinds looked at before a namespace is adopted. */
const KINDS: ReadonlyArray<[apiVersion: string, kind: string]> = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'Pod'],
  ['v1', 'ReplicationController'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['v1', 'ServiceAccount'],
  ['v1', 'PersistentVolumeClaim'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['policy/v1', 'PodDisruptionBudget'],
];

/** Objects Kubernetes puts into every namespace by itself. */
const BUILT_IN: ReadonlyArray<[kind: string, name: string]> = [
  ['ServiceAccount', 'default'],
  ['ConfigMap', 'kube-root-ca.crt'],
];

/** At most this many objects of a kind are read; enough to name them. */
const LIMIT = 100;

/** What a namespace holds that Berth did not make. */
export interface ForeignContents {
  /** Helm releases (from Helm's release Secrets and ConfigMaps, label owner=helm). */
  helmReleases: string[];
  /** Other objects without Berth's environment label, as `Kind/name`. */
  objects: string[];
}

function isHelmStorage(object: KubernetesObject): boolean {
  return (
    (object.kind === 'Secret' || object.kind === 'ConfigMap') &&
    object.metadata?.labels?.owner === 'helm'
  );
}

function isForeign(object: KubernetesObject): boolean {
  const metadata = object.metadata ?? {};
  if (metadata.labels?.[BERTH_LABELS.environment]) return false;
  // Made by a controller for another object (a Deployment's ReplicaSets
  // and Pods, ...): judged through that object.
  if (metadata.ownerReferences?.length) return false;
  if (BUILT_IN.some(([k, n]) => k === object.kind && n === metadata.name)) {
    return false;
  }
  // A ServiceAccount's legacy token Secret.
  const type = (object as { type?: string }).type;
  return type !== 'kubernetes.io/service-account-token';
}

/**
 * Lists what a namespace holds that Berth did not make: Helm releases and
 * objects of the common namespaced kinds without Berth's environment label.
 * An empty answer means the namespace holds nothing of anyone else's.
 */
export async function foreignContents(
  kc: KubeConfig,
  namespace: string,
): Promise<ForeignContents> {
  const api = ObjectApi.forConfig(kc);
  const lists = await Promise.all(
    KINDS.map(async ([apiVersion, kind]) => {
      if (!(await api.describeKind(apiVersion, kind))) return [];
      const list = await withKubeError(
        `Could not list ${kind} objects in namespace '${namespace}'`,
        () => api.listIn(apiVersion, kind, namespace, { limit: LIMIT }),
      );
      return list.items.map(item => ({ ...item, kind }));
    }),
  );
  const helmReleases = new Set<string>();
  const objects: string[] = [];
  for (const object of lists.flat()) {
    if (isHelmStorage(object)) {
      helmReleases.add(object.metadata?.labels?.name ?? object.metadata!.name!);
    } else if (isForeign(object)) {
      objects.push(`${object.kind}/${object.metadata?.name}`);
    }
  }
  return { helmReleases: [...helmReleases].sort(), objects: objects.sort() };
}

/** A sentence naming what a namespace holds that is not Berth's; undefined when nothing. */
export function describeForeignContents(
  contents: ForeignContents,
): string | undefined {
  const parts: string[] = [];
  const named = (items: string[]) =>
    items.slice(0, 10).join(', ') +
    (items.length > 10 ? ` and ${items.length - 10} more` : '');
  if (contents.helmReleases.length) {
    parts.push(`Helm releases ${named(contents.helmReleases)}`);
  }
  if (contents.objects.length) {
    parts.push(`objects Berth did not make: ${named(contents.objects)}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}
