import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { withKubeError } from './kubeErrors';
import { WorkloadKind } from './workloadReadiness';

/** Where workloads are looked for: a namespace and a label selector. */
export interface WorkloadTarget {
  kubeConfig: KubeConfig;
  namespace: string;
  /** A label selector, e.g. `berth.dev/service=cart,berth.dev/environment=e1`. */
  selector: string;
}

/** How to list one kind of workload. */
export interface WorkloadKindSpec {
  kind: WorkloadKind;
  plural: string;
  list(
    apps: AppsV1Api,
    namespace: string,
    labelSelector: string,
  ): Promise<{ items: object[]; metadata?: { resourceVersion?: string } }>;
}

/** Deployments, StatefulSets and DaemonSets. */
export const WORKLOAD_KINDS: readonly WorkloadKindSpec[] = Object.freeze([
  {
    kind: 'Deployment',
    plural: 'deployments',
    list: (apps, namespace, labelSelector) =>
      apps.listNamespacedDeployment({ namespace, labelSelector }),
  },
  {
    kind: 'StatefulSet',
    plural: 'statefulsets',
    list: (apps, namespace, labelSelector) =>
      apps.listNamespacedStatefulSet({ namespace, labelSelector }),
  },
  {
    kind: 'DaemonSet',
    plural: 'daemonsets',
    list: (apps, namespace, labelSelector) =>
      apps.listNamespacedDaemonSet({ namespace, labelSelector }),
  },
] satisfies WorkloadKindSpec[]);

/** Lists the workloads of one kind; errors name the namespace. */
export async function listWorkloads(
  spec: WorkloadKindSpec,
  apps: AppsV1Api,
  namespace: string,
  selector: string,
) {
  return withKubeError(
    `Could not list the ${spec.plural} of namespace '${namespace}'`,
    () => spec.list(apps, namespace, selector),
  );
}
