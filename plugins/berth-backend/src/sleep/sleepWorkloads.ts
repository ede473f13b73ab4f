import { BERTH_LABELS, SleptWorkload } from '@berth/plugin-berth-common';
import { AppsV1Api, BatchV1Api, KubeConfig } from '@kubernetes/client-node';
import { withKubeError } from '../kubernetes/kubeErrors';
import { ObjectApi } from '../kubernetes/ObjectApi';
import { mergePatchWorkload } from '../kubernetes/workloads';

/** The namespace and selector of one environment's objects. */
export interface SleepTarget {
  kubeConfig: KubeConfig;
  namespace: string;
  /** e.g. `berth.dev/environment=<id>` */
  selector: string;
}

/**
 * The environment's Deployments and StatefulSets with their replica counts,
 * and its CronJobs with whether they are suspended: what sleep records.
 */
export async function listSleepableWorkloads(
  target: SleepTarget,
): Promise<SleptWorkload[]> {
  const { kubeConfig, namespace, selector: labelSelector } = target;
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const [deployments, statefulSets, cronJobs] = await withKubeError(
    `Could not list the workloads of namespace '${namespace}'`,
    () =>
      Promise.all([
        apps.listNamespacedDeployment({ namespace, labelSelector }),
        apps.listNamespacedStatefulSet({ namespace, labelSelector }),
        batch.listNamespacedCronJob({ namespace, labelSelector }),
      ]),
  );
  const service = (labels?: Record<string, string>) =>
    labels?.[BERTH_LABELS.service];
  return [
    ...deployments.items.map(d => ({
      kind: 'Deployment' as const,
      name: d.metadata!.name!,
      service: service(d.metadata?.labels),
      replicas: d.spec?.replicas ?? 1,
    })),
    ...statefulSets.items.map(s => ({
      kind: 'StatefulSet' as const,
      name: s.metadata!.name!,
      service: service(s.metadata?.labels),
      replicas: s.spec?.replicas ?? 1,
    })),
    ...cronJobs.items.map(c => ({
      kind: 'CronJob' as const,
      name: c.metadata!.name!,
      service: service(c.metadata?.labels),
      suspended: c.spec?.suspend ?? false,
    })),
  ];
}

/** Sets a Deployment's or StatefulSet's replicas, or a CronJob's suspend. */
export async function patchWorkload(
  kubeConfig: KubeConfig,
  namespace: string,
  workload: Pick<SleptWorkload, 'kind' | 'name'>,
  change: { replicas: number } | { suspend: boolean },
): Promise<void> {
  const spec =
    'replicas' in change
      ? { replicas: change.replicas }
      : { suspend: change.suspend };
  await mergePatchWorkload(
    ObjectApi.forConfig(kubeConfig),
    { kind: workload.kind, name: workload.name, namespace },
    { spec },
  );
}
