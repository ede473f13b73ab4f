import { ConflictError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { deleteNamespace, ensureNamespace } from '../kubernetes/namespaces';
import { assertUsableNamespace } from '../names';

/**
 * The namespaces of environments, by cluster name: checked before anything
 * is written, created with Berth's labels, taken over only when asked to,
 * deleted only when Berth created them.
 */
export class NamespaceManager {
  constructor(private readonly clusters: ClusterRegistry) {}

  /** Refuses a namespace that exists and is not Berth's (unless adopted), or is another environment's. */
  async checkUsable(
    cluster: string,
    name: string,
    options: { adopt: boolean },
  ): Promise<void> {
    assertUsableNamespace(name);
    const core = this.clusters.kubeConfig(cluster).makeApiClient(CoreV1Api);
    const existing = await core.readNamespace({ name }).catch(error => {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    });
    if (!existing) return;
    if (existing.metadata?.labels?.[BERTH_LABELS.managedBy] === 'berth') {
      throw new ConflictError(
        `Namespace '${name}' on cluster '${cluster}' belongs to another Berth environment`,
      );
    }
    if (!options.adopt) {
      throw new ConflictError(
        `Namespace '${name}' exists on cluster '${cluster}' and is not managed by Berth; set adoptNamespace to take it over`,
      );
    }
  }

  ensure(
    cluster: string,
    name: string,
    options: { labels: Record<string, string>; adopt: boolean },
  ): Promise<{ created: boolean }> {
    return ensureNamespace(this.clusters.kubeConfig(cluster), name, options);
  }

  async delete(cluster: string, name: string): Promise<void> {
    await deleteNamespace(this.clusters.kubeConfig(cluster), name, {});
  }
}
