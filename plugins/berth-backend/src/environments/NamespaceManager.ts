import { ConflictError } from '@backstage/errors';
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  V1Namespace,
} from '@kubernetes/client-node';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { assertUsableNamespace } from '../names';

/**
 * The namespaces of environments: created with Berth's labels, taken over
 * only when asked to, deleted only when Berth created them.
 */
export class NamespaceManager {
  constructor(private readonly clusters: ClusterRegistry) {}

  /** Refuses a namespace that exists and is not Berth's, unless it is to be adopted. */
  async checkUsable(
    cluster: string,
    name: string,
    options: { adopt: boolean },
  ): Promise<void> {
    assertUsableNamespace(name);
    const existing = await this.read(cluster, name);
    if (existing && !isBerths(existing) && !options.adopt) {
      throw new ConflictError(
        `Namespace '${name}' exists on cluster '${cluster}' and is not managed by Berth; set adoptNamespace to take it over`,
      );
    }
    if (existing && isBerths(existing)) {
      throw new ConflictError(
        `Namespace '${name}' on cluster '${cluster}' belongs to another Berth environment`,
      );
    }
  }

  /** Creates the namespace, or labels an adopted one; says whether it created it. */
  async ensure(
    cluster: string,
    name: string,
    options: { labels: Record<string, string>; adopt: boolean },
  ): Promise<{ created: boolean }> {
    await this.checkUsable(cluster, name, options);
    const core = this.core(cluster);
    const existing = await this.read(cluster, name);
    if (existing) {
      await core.patchNamespace(
        { name, body: { metadata: { labels: options.labels } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      return { created: false };
    }
    await core.createNamespace({
      body: { metadata: { name, labels: options.labels } },
    });
    return { created: true };
  }

  /** Deletes the namespace; Kubernetes finalizes it in the background. */
  async delete(cluster: string, name: string): Promise<void> {
    await this.core(cluster)
      .deleteNamespace({ name })
      .catch(error => {
        if (error?.code !== 404) throw error;
      });
  }

  private async read(cluster: string, name: string) {
    try {
      return await this.core(cluster).readNamespace({ name });
    } catch (error) {
      if ((error as { code?: number })?.code === 404) return undefined;
      throw error;
    }
  }

  private core(cluster: string) {
    return this.clusters.kubeConfig(cluster).makeApiClient(CoreV1Api);
  }
}

function isBerths(namespace: V1Namespace): boolean {
  return namespace.metadata?.labels?.[BERTH_LABELS.managedBy] === 'berth';
}
