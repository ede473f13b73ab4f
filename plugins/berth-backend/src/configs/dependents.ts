import { EnvironmentConfigKind } from '@berth/plugin-berth-common';
import {
  AppsV1Api,
  KubeConfig,
  KubernetesObject,
  V1PodSpec,
} from '@kubernetes/client-node';
import { ObjectApi } from '../kubernetes/ObjectApi';
import { listWorkloads, WORKLOAD_KINDS } from '../kubernetes/workloadKinds';
import { mergePatchWorkload, restartPatch } from '../kubernetes/workloads';

/**
 * Whether a pod spec uses a config: a ConfigMap or Secret through env
 * `valueFrom`, `envFrom`, volumes or projected volumes (of every container,
 * init and ephemeral ones included); a PVC through a volume. Nothing uses an
 * Ingress.
 */
export function podSpecUses(
  spec: V1PodSpec | undefined,
  kind: EnvironmentConfigKind,
  name: string,
): boolean {
  if (!spec || kind === 'Ingress') return false;
  const volumes = spec.volumes ?? [];
  if (kind === 'PersistentVolumeClaim') {
    return volumes.some(v => v.persistentVolumeClaim?.claimName === name);
  }
  const isConfigMap = kind === 'ConfigMap';
  const containers = [
    ...(spec.initContainers ?? []),
    ...spec.containers,
    ...(spec.ephemeralContainers ?? []),
  ];
  for (const container of containers) {
    for (const env of container.env ?? []) {
      const ref = isConfigMap
        ? env.valueFrom?.configMapKeyRef
        : env.valueFrom?.secretKeyRef;
      if (ref?.name === name) return true;
    }
    for (const from of container.envFrom ?? []) {
      const ref = isConfigMap ? from.configMapRef : from.secretRef;
      if (ref?.name === name) return true;
    }
  }
  for (const volume of volumes) {
    if (
      isConfigMap
        ? volume.configMap?.name === name
        : volume.secret?.secretName === name
    ) {
      return true;
    }
    for (const source of volume.projected?.sources ?? []) {
      if ((isConfigMap ? source.configMap : source.secret)?.name === name) {
        return true;
      }
    }
  }
  return false;
}

/**
 * The Deployments, StatefulSets and DaemonSets of a namespace whose pod
 * template uses a config, as `deployment/cart`.
 */
export async function findDependents(
  kubeConfig: KubeConfig,
  namespace: string,
  kind: EnvironmentConfigKind,
  name: string,
): Promise<string[]> {
  if (kind === 'Ingress') return [];
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const found: string[] = [];
  for (const spec of WORKLOAD_KINDS) {
    const { items } = await listWorkloads(spec, apps, namespace, '');
    for (const item of items as Array<
      KubernetesObject & { spec?: { template?: { spec?: V1PodSpec } } }
    >) {
      if (podSpecUses(item.spec?.template?.spec, kind, name)) {
        found.push(`${spec.kind.toLowerCase()}/${item.metadata!.name}`);
      }
    }
  }
  return found.sort();
}

/**
 * Restarts workloads named like `deployment/cart` as `kubectl rollout
 * restart` does, by stamping their pod templates with
 * `kubectl.kubernetes.io/restartedAt`.
 */
export async function restartNamed(
  kubeConfig: KubeConfig,
  namespace: string,
  workloads: string[],
): Promise<void> {
  const objects = ObjectApi.forConfig(kubeConfig);
  const now = new Date().toISOString();
  for (const workload of workloads) {
    const [plural, name] = workload.split('/');
    const spec = WORKLOAD_KINDS.find(k => k.kind.toLowerCase() === plural)!;
    await mergePatchWorkload(
      objects,
      { kind: spec.kind, name, namespace },
      restartPatch(now),
      'restart',
    );
  }
}
