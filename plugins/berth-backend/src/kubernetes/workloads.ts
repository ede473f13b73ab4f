import { InputError } from '@backstage/errors';
import { AppsV1Api, KubernetesObject } from '@kubernetes/client-node';
import { withKubeError } from './kubeErrors';
import { ObjectApi } from './ObjectApi';
import {
  listWorkloads,
  WORKLOAD_KINDS,
  WorkloadKindSpec,
  WorkloadTarget,
} from './workloadKinds';
import { WorkloadKind } from './workloadReadiness';

export type { WorkloadTarget } from './workloadKinds';
export {
  waitForWorkloadsReady,
  WorkloadsNotReadyError,
} from './waitForWorkloadsReady';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/**
 * The patch `kubectl rollout restart` makes: the pod template stamped with
 * `kubectl.kubernetes.io/restartedAt`, so that its pods are replaced.
 */
export function restartPatch(at: string) {
  return {
    spec: { template: { metadata: { annotations: { [RESTARTED_AT]: at } } } },
  };
}

/** One workload: a Deployment, StatefulSet or DaemonSet, or a CronJob. */
export interface WorkloadRef {
  kind: WorkloadKind | 'CronJob';
  name: string;
  namespace: string;
}

/**
 * Merge-patches one workload (apps/v1, or batch/v1 for a CronJob) as Berth;
 * a failure reads "Could not <verb> <kind> '<name>' in namespace '<namespace>'".
 */
export async function mergePatchWorkload(
  objects: ObjectApi,
  workload: WorkloadRef,
  patch: object,
  verb: string = 'change',
): Promise<void> {
  const { kind, name, namespace } = workload;
  await withKubeError(
    `Could not ${verb} ${kind} '${name}' in namespace '${namespace}'`,
    () =>
      objects.mergePatch(
        {
          apiVersion: kind === 'CronJob' ? 'batch/v1' : 'apps/v1',
          kind,
          metadata: { name, namespace },
          ...patch,
        },
        { fieldManager: 'berth' },
      ),
  );
}

async function patchEach(
  target: WorkloadTarget,
  kinds: readonly WorkloadKindSpec[],
  patch: object,
): Promise<string[]> {
  const { kubeConfig, namespace, selector } = target;
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const objects = ObjectApi.forConfig(kubeConfig);
  const patched: string[] = [];
  for (const spec of kinds) {
    const { items } = await listWorkloads(spec, apps, namespace, selector);
    for (const item of items as KubernetesObject[]) {
      const name = item.metadata!.name!;
      await mergePatchWorkload(
        objects,
        { kind: spec.kind, name, namespace },
        patch,
      );
      patched.push(`${spec.kind.toLowerCase()}/${name}`);
    }
  }
  return patched;
}

/**
 * Restarts the Deployments, StatefulSets and DaemonSets that match the
 * selector, as `kubectl rollout restart` does: by stamping their pod
 * templates with `kubectl.kubernetes.io/restartedAt`. Resolves with what it
 * restarted, e.g. `['deployment/cart']`.
 */
export function restartWorkloads(target: WorkloadTarget): Promise<string[]> {
  const now = new Date().toISOString();
  return patchEach(target, WORKLOAD_KINDS, restartPatch(now));
}

/**
 * Scales the Deployments and StatefulSets that match the selector to
 * `replicas`. Resolves with what it scaled, e.g. `['deployment/cart']`.
 */
export async function scaleWorkloads(
  target: WorkloadTarget & { replicas: number },
): Promise<string[]> {
  const { replicas } = target;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new InputError(
      `Replicas must be a whole number of zero or more, not ${replicas}`,
    );
  }
  return patchEach(
    target,
    WORKLOAD_KINDS.filter(k => k.kind !== 'DaemonSet'),
    { spec: { replicas } },
  );
}
