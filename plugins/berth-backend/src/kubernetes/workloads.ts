import { InputError } from '@backstage/errors';
import {
  AppsV1Api,
  KubernetesObject,
  PatchStrategy,
} from '@kubernetes/client-node';
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

async function patchEach(
  target: WorkloadTarget,
  kinds: readonly WorkloadKindSpec[],
  patch: (kind: WorkloadKind) => object,
  strategy: PatchStrategy,
): Promise<string[]> {
  const { kubeConfig, namespace, selector } = target;
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const objects = ObjectApi.forConfig(kubeConfig);
  const patched: string[] = [];
  for (const spec of kinds) {
    const { items } = await listWorkloads(spec, apps, namespace, selector);
    for (const item of items as KubernetesObject[]) {
      const name = item.metadata!.name!;
      await withKubeError(
        `Could not change ${spec.kind} '${name}' in namespace '${namespace}'`,
        () =>
          objects.mergePatch(
            {
              apiVersion: 'apps/v1',
              kind: spec.kind,
              metadata: { name, namespace },
              ...patch(spec.kind),
            },
            { fieldManager: 'berth', strategy },
          ),
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
  return patchEach(
    target,
    WORKLOAD_KINDS,
    () => restartPatch(now),
    PatchStrategy.MergePatch,
  );
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
    () => ({ spec: { replicas } }),
    PatchStrategy.MergePatch,
  );
}
