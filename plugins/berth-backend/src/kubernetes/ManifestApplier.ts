import { InputError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { withoutServerMetadata } from './withoutServerMetadata';
import { injectLabels, KubeObject } from './injectLabels';
import { kubeError, kubeStatusCode } from './kubeErrors';
import { ObjectApi } from './ObjectApi';

/** Identifies an object Berth applied or deleted. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
}

/** A kind Berth looks for when pruning. */
export interface KindRef {
  apiVersion: string;
  kind: string;
}

/** The kinds that pruning and `deleteAll` cover, besides the kinds applied. */
export const PRUNED_KINDS: readonly KindRef[] = Object.freeze([
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
]);

/** Apply order, as Helm installs: what others use first, custom kinds last. */
const APPLY_ORDER = [
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Role',
  'RoleBinding',
  'Service',
  'NetworkPolicy',
  'Pod',
  'DaemonSet',
  'Deployment',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Job',
  'CronJob',
  'Ingress',
];

const FIELD_MANAGER = 'berth';

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function key(apiVersion: string, kind: string, name: string): string {
  return `${group(apiVersion)}/${kind}/${name}`;
}

function order(kind: string): number {
  const at = APPLY_ORDER.indexOf(kind);
  return at === -1 ? APPLY_ORDER.length : at;
}

function describe(object: KubeObject, index: number): string {
  return object?.kind && object.metadata?.name
    ? `${object.kind} '${object.metadata.name}'`
    : `Object ${index + 1}`;
}

/** The label selector of what Berth deployed for a service in an environment. */
export function serviceSelector(service: string, environment: string): string {
  return [
    `${BERTH_LABELS.managedBy}=berth`,
    `${BERTH_LABELS.service}=${service}`,
    `${BERTH_LABELS.environment}=${environment}`,
  ].join(',');
}

/**
 * Applies the objects of a manifests service into an environment's namespace
 * with server-side apply (field manager `berth`, forced), labelled like Helm
 * services are (see `injectLabels`), then prunes what an earlier apply of
 * the same service left that is no longer in the set.
 */
export class ManifestApplier {
  private readonly api: ObjectApi;

  constructor(kc: KubeConfig) {
    this.api = ObjectApi.forConfig(kc);
  }

  /**
   * Applies `objects` into `namespace` and deletes the objects of the
   * namespace that carry the same service and environment labels but are not
   * among them (objects owned by another object, like a Deployment's pods,
   * are left to their owner). `labels` must hold `berth.dev/service` and
   * `berth.dev/environment`. Nothing is applied when an object is invalid, of
   * a kind the cluster does not serve, cluster-scoped, or names another
   * namespace (InputError).
   */
  async apply(options: {
    namespace: string;
    objects: KubeObject[];
    labels: Record<string, string>;
    /** Further kinds to prune, e.g. custom resources an earlier apply created. */
    pruneKinds?: KindRef[];
  }): Promise<{
    applied: ObjectRef[];
    pruned: ObjectRef[];
    /** The objects as applied: labelled, in the namespace, in apply order. */
    objects: KubeObject[];
  }> {
    const { namespace } = options;
    const { service, environment } = this.serviceOf(options.labels);
    const labels = { ...options.labels, [BERTH_LABELS.managedBy]: 'berth' };
    const prepared = await this.prepare(options.objects, namespace, labels);

    const applied: ObjectRef[] = [];
    for (const object of prepared) {
      const ref = {
        apiVersion: object.apiVersion!,
        kind: object.kind!,
        name: object.metadata!.name!,
      };
      try {
        await this.api.serverSideApply(object as KubernetesObject, {
          fieldManager: FIELD_MANAGER,
        });
      } catch (error) {
        throw kubeError(
          `Could not apply ${ref.kind} '${ref.name}' in namespace '${namespace}'`,
          error,
        );
      }
      applied.push(ref);
    }

    const keep = new Set(
      applied.map(ref => key(ref.apiVersion, ref.kind, ref.name)),
    );
    const pruned = await this.deleteLabelled(
      namespace,
      serviceSelector(service, environment),
      [...applied, ...(options.pruneKinds ?? [])],
      keep,
    );
    return { applied, pruned, objects: prepared };
  }

  /**
   * Deletes everything Berth applied for a service in an environment's
   * namespace (the kinds of {@link PRUNED_KINDS} and `kinds`).
   */
  async deleteAll(options: {
    namespace: string;
    service: string;
    environment: string;
    kinds?: KindRef[];
  }): Promise<{ deleted: ObjectRef[] }> {
    const deleted = await this.deleteLabelled(
      options.namespace,
      serviceSelector(options.service, options.environment),
      options.kinds ?? [],
      new Set(),
    );
    return { deleted };
  }

  private serviceOf(labels: Record<string, string>) {
    const service = labels[BERTH_LABELS.service];
    const environment = labels[BERTH_LABELS.environment];
    if (!service || !environment) {
      throw new InputError(
        `Manifests are applied with the labels ${BERTH_LABELS.service} and ${BERTH_LABELS.environment}, so that Berth can prune them later`,
      );
    }
    return { service, environment };
  }

  private async prepare(
    objects: KubeObject[],
    namespace: string,
    labels: Record<string, string>,
  ): Promise<KubeObject[]> {
    const seen = new Set<string>();
    const prepared: KubeObject[] = [];
    for (const [index, object] of objects.entries()) {
      const what = describe(object, index);
      if (
        typeof object?.apiVersion !== 'string' ||
        typeof object.kind !== 'string' ||
        typeof object.metadata?.name !== 'string'
      ) {
        throw new InputError(
          `${what} needs apiVersion, kind and metadata.name`,
        );
      }
      if (object.kind.endsWith('List')) {
        throw new InputError(
          `${what} is a list; give its items as objects of their own`,
        );
      }
      const id = key(object.apiVersion, object.kind, object.metadata.name);
      if (seen.has(id)) {
        throw new InputError(`${what} is given more than once`);
      }
      seen.add(id);
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw new InputError(
          `${what} names namespace '${object.metadata.namespace}', but it is applied into '${namespace}'`,
        );
      }
      const resource = await this.api.requireKind(
        object.apiVersion,
        object.kind,
      );
      if (!resource.namespaced) {
        throw new InputError(
          `${what} is cluster-scoped; Berth applies namespaced objects only`,
        );
      }
      prepared.push(
        injectLabels(withoutServerMetadata(object, namespace), labels),
      );
    }
    return prepared
      .map((object, index) => ({ object, index }))
      .sort(
        (a, b) =>
          order(a.object.kind!) - order(b.object.kind!) || a.index - b.index,
      )
      .map(({ object }) => object);
  }

  private async deleteLabelled(
    namespace: string,
    labelSelector: string,
    kinds: KindRef[],
    keep: Set<string>,
  ): Promise<ObjectRef[]> {
    const byKind = new Map<string, KindRef>();
    for (const kind of [...PRUNED_KINDS, ...kinds]) {
      const id = `${group(kind.apiVersion)}/${kind.kind}`;
      if (!byKind.has(id)) byKind.set(id, kind);
    }
    const deleted: ObjectRef[] = [];
    for (const { apiVersion, kind } of byKind.values()) {
      const resource = await this.api.describeKind(apiVersion, kind);
      if (!resource?.namespaced || !resource.verbs.includes('delete')) {
        continue;
      }
      let items: KubernetesObject[];
      try {
        ({ items } = await this.api.listIn(apiVersion, kind, namespace, {
          labelSelector,
        }));
      } catch (error) {
        throw kubeError(
          `Could not list ${kind} objects in namespace '${namespace}'`,
          error,
        );
      }
      for (const item of items) {
        const name = item.metadata?.name ?? '';
        if (
          keep.has(key(apiVersion, kind, name)) ||
          (item.metadata?.ownerReferences ?? []).length > 0 ||
          item.metadata?.deletionTimestamp
        ) {
          continue;
        }
        try {
          await this.api.deleteInBackground({
            apiVersion,
            kind,
            metadata: { name, namespace },
          });
        } catch (error) {
          if (kubeStatusCode(error) === 404) continue;
          throw kubeError(
            `Could not delete ${kind} '${name}' in namespace '${namespace}'`,
            error,
          );
        }
        deleted.push({ apiVersion, kind, name });
      }
    }
    return deleted;
  }
}
