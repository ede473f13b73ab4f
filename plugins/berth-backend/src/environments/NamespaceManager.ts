import { ConflictError } from '@backstage/errors';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  describeForeignContents,
  foreignContents,
} from '../kubernetes/namespaceContents';
import { deleteNamespace, ensureNamespace } from '../kubernetes/namespaces';
import { assertUsableNamespace } from '../names';

/**
 * The namespaces of environments, by cluster name: checked before anything
 * is written, created with Berth's labels, taken over only when asked to and
 * only when they hold nothing of anyone else's (no Helm release, no object
 * without Berth's labels), deleted only when Berth created them.
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
    await this.assertAdoptable(cluster, name);
  }

  /**
   * Creates the namespace, or takes over an existing one (`adopt`) after
   * checking again that it holds nothing of anyone else's.
   */
  async ensure(
    cluster: string,
    name: string,
    options: { labels: Record<string, string>; adopt: boolean },
  ): Promise<{ created: boolean }> {
    const kc = this.clusters.kubeConfig(cluster);
    if (options.adopt) {
      assertUsableNamespace(name);
      const existing = await kc
        .makeApiClient(CoreV1Api)
        .readNamespace({ name })
        .catch(error => {
          if ((error as { code?: number }).code === 404) return undefined;
          throw error;
        });
      if (
        existing &&
        existing.metadata?.labels?.[BERTH_LABELS.managedBy] !== 'berth'
      ) {
        await this.assertAdoptable(cluster, name);
      }
    }
    return ensureNamespace(kc, name, options);
  }

  /** ConflictError naming what the namespace holds that Berth did not make. */
  private async assertAdoptable(cluster: string, name: string) {
    const foreign = describeForeignContents(
      await foreignContents(this.clusters.kubeConfig(cluster), name),
    );
    if (foreign) {
      throw new ConflictError(
        `Namespace '${name}' on cluster '${cluster}' cannot be adopted: it holds ${foreign}`,
      );
    }
  }

  async delete(cluster: string, name: string): Promise<void> {
    await deleteNamespace(this.clusters.kubeConfig(cluster), name, {});
  }
}
