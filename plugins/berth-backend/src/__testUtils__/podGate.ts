import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { waitFor } from './testClusters';

const GATE = 'berth-test-pod-gate';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/**
 * Holds back every new Pod of a namespace, so a deploy's start-order group
 * stays running (its workloads cannot become ready) for as long as a test
 * needs: `close()` puts a ResourceQuota of zero Pods in the namespace,
 * `open()` removes it and has the ReplicaSets try again at once (their
 * controller otherwise backs off after the refused creations), until each
 * has its Pods. Opening a gate that is not closed does nothing.
 */
export function podGate(kubeConfig: KubeConfig, namespace: string) {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  let closed = false;
  return {
    async close(): Promise<void> {
      await core.createNamespacedResourceQuota({
        namespace,
        body: { metadata: { name: GATE }, spec: { hard: { pods: '0' } } },
      });
      closed = true;
    },

    async open(timeoutMs = 60_000): Promise<void> {
      if (!closed) return;
      await core.deleteNamespacedResourceQuota({ name: GATE, namespace });
      closed = false;
      let nudge = 0;
      await waitFor(
        async () => {
          const { items } = await apps.listNamespacedReplicaSet({ namespace });
          const waiting = items.filter(
            rs => (rs.status?.replicas ?? 0) < (rs.spec?.replicas ?? 0),
          );
          nudge++;
          await Promise.all(
            waiting.map(rs =>
              apps.patchNamespacedReplicaSet(
                {
                  name: rs.metadata!.name!,
                  namespace,
                  body: {
                    metadata: { annotations: { [GATE]: String(nudge) } },
                  },
                },
                mergePatch,
              ),
            ),
          );
          return waiting.length === 0;
        },
        timeoutMs,
        `the Pods of namespace ${namespace} after the gate opened`,
      );
    },
  };
}
