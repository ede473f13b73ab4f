import { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { KubeObject } from '../kubernetes/injectLabels';
import { kubeError } from '../kubernetes/kubeErrors';
import { KindRef, PRUNED_KINDS } from '../kubernetes/ManifestApplier';
import { ObjectApi } from '../kubernetes/ObjectApi';

function kindId(kind: KindRef): string {
  const group = kind.apiVersion.includes('/')
    ? kind.apiVersion.split('/')[0]
    : '';
  return `${group}/${kind.kind}`;
}

/**
 * What a server-side apply of each object into `namespace` would make of it,
 * without changing anything (dry run, forced, as `fieldManager`): the live
 * object merged with the applied fields and the API server's defaults, or a
 * new object with defaults where none is live.
 */
export async function dryRunApply(
  kubeConfig: KubeConfig,
  namespace: string,
  objects: readonly KubeObject[],
  fieldManager: string,
): Promise<KubeObject[]> {
  const api = ObjectApi.forConfig(kubeConfig);
  const results: KubeObject[] = [];
  for (const object of objects) {
    const what = `${object.kind} '${object.metadata?.name}'`;
    const { status: _status, ...rest } = object;
    try {
      const result = await api.serverSideApply(
        {
          ...rest,
          metadata: { ...object.metadata, namespace },
        } as KubernetesObject,
        { fieldManager: fieldManager, dryRun: true },
      );
      results.push(result as KubeObject);
    } catch (error) {
      throw kubeError(
        `Could not dry-run ${what} in namespace '${namespace}'`,
        error,
      );
    }
  }
  return results;
}

/**
 * The objects of a namespace that match a label selector, of Berth's usual
 * kinds (ManifestApplier's PRUNED_KINDS) and the kinds given; objects owned
 * by another object (a Deployment's pods) are left out.
 */
export async function listLiveObjects(
  kubeConfig: KubeConfig,
  namespace: string,
  labelSelector: string,
  kinds: readonly KindRef[] = [],
): Promise<KubeObject[]> {
  const api = ObjectApi.forConfig(kubeConfig);
  const byId = new Map<string, KindRef>();
  for (const kind of [...PRUNED_KINDS, ...kinds]) {
    if (!byId.has(kindId(kind))) byId.set(kindId(kind), kind);
  }
  const lists = await Promise.all(
    [...byId.values()].map(async ({ apiVersion, kind }) => {
      const resource = await api.describeKind(apiVersion, kind);
      if (!resource?.namespaced || !resource.verbs.includes('list')) return [];
      try {
        const { items } = await api.listIn(apiVersion, kind, namespace, {
          labelSelector,
        });
        return items.map(item => ({ ...item, apiVersion, kind } as KubeObject));
      } catch (error) {
        throw kubeError(
          `Could not list ${kind} objects in namespace '${namespace}'`,
          error,
        );
      }
    }),
  );
  return lists
    .flat()
    .filter(
      item =>
        ((item.metadata?.ownerReferences as unknown[] | undefined) ?? [])
          .length === 0,
    );
}

/** The kinds of some objects, for {@link listLiveObjects}. */
export function kindsOf(objects: readonly KubeObject[]): KindRef[] {
  return objects
    .filter(o => typeof o.apiVersion === 'string' && typeof o.kind === 'string')
    .map(o => ({ apiVersion: o.apiVersion!, kind: o.kind! }));
}
