import { KubernetesObject } from '@kubernetes/client-node';
import { ObjectKind, RoutingObjects } from './kube/RoutingObjects';

const WORKLOAD_KINDS: ObjectKind[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
];
const SERVICE: ObjectKind = { apiVersion: 'v1', kind: 'Service' };

type Workload = KubernetesObject & {
  spec?: { template?: { metadata?: { labels?: Record<string, string> } } };
};
type Service = KubernetesObject & {
  spec?: { selector?: Record<string, string> };
};

function selectsPods(
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/**
 * The Deployments and StatefulSets of a namespace whose pods no Service
 * selects (`<Kind>/<name>`): a sandbox cannot route to what has no Service.
 */
export async function workloadsWithoutService(
  objects: RoutingObjects,
  namespace: string,
): Promise<string[]> {
  const services = await objects.list<Service>(SERVICE, namespace);
  const missing: string[] = [];
  for (const kind of WORKLOAD_KINDS) {
    for (const workload of await objects.list<Workload>(kind, namespace)) {
      const labels = workload.spec?.template?.metadata?.labels ?? {};
      if (
        !services.some(service => selectsPods(service.spec?.selector, labels))
      ) {
        missing.push(`${kind.kind}/${workload.metadata?.name}`);
      }
    }
  }
  return missing.sort();
}
