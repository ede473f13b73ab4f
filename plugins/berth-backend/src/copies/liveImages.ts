import {
  AppsV1Api,
  KubeConfig,
  V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { kubeError } from '../kubernetes/kubeErrors';

/**
 * The container images (not init containers) that a service's Deployments,
 * StatefulSets and DaemonSets run, distinct and sorted.
 */
export async function liveImages(
  kubeConfig: KubeConfig,
  namespace: string,
  selector: string,
): Promise<string[]> {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const labelSelector = selector;
  try {
    const lists = await Promise.all([
      apps.listNamespacedDeployment({ namespace, labelSelector }),
      apps.listNamespacedStatefulSet({ namespace, labelSelector }),
      apps.listNamespacedDaemonSet({ namespace, labelSelector }),
    ]);
    const templates: Array<V1PodTemplateSpec | undefined> = lists.flatMap(
      list => list.items.map(item => item.spec?.template),
    );
    const images = new Set(
      templates.flatMap(t => (t?.spec?.containers ?? []).map(c => c.image)),
    );
    images.delete(undefined);
    return [...images].sort() as string[];
  } catch (error) {
    throw kubeError(
      `Could not read the images running in namespace '${namespace}'`,
      error,
    );
  }
}
