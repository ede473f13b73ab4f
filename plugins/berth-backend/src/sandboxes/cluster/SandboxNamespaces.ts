import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { kubeError, kubeStatusCode } from '../../kubernetes/kubeErrors';
import { deleteNamespace, ensureNamespace } from '../../kubernetes/namespaces';

/** Where a namespace is in its life. */
export type NamespaceState = 'active' | 'terminating' | 'absent';

/** A namespace as the orphan sweep reads it. */
export interface LabelledNamespace {
  name: string;
  labels: Record<string, string>;
  terminating: boolean;
}

/**
 * The namespaces of sandboxes on the clusters: created with Berth's labels
 * (refusing one that is not Berth's or another's), deleted in the
 * background, looked up and listed by label.
 */
export class SandboxNamespaces {
  constructor(private readonly kubeConfig: (cluster: string) => KubeConfig) {}

  async ensure(
    cluster: string,
    name: string,
    labels: Record<string, string>,
  ): Promise<{ created: boolean }> {
    return ensureNamespace(this.kubeConfig(cluster), name, { labels });
  }

  /** Asks for the deletion (the namespace's objects go in the background). */
  async delete(cluster: string, name: string): Promise<void> {
    await deleteNamespace(this.kubeConfig(cluster), name);
  }

  async state(cluster: string, name: string): Promise<NamespaceState> {
    const core = this.kubeConfig(cluster).makeApiClient(CoreV1Api);
    try {
      const namespace = await core.readNamespace({ name });
      return namespace.metadata?.deletionTimestamp ? 'terminating' : 'active';
    } catch (error) {
      if (kubeStatusCode(error) === 404) return 'absent';
      throw kubeError(`Could not read namespace '${name}'`, error);
    }
  }

  async list(
    cluster: string,
    labelSelector: string,
  ): Promise<LabelledNamespace[]> {
    const core = this.kubeConfig(cluster).makeApiClient(CoreV1Api);
    try {
      const list = await core.listNamespace({ labelSelector });
      return list.items.map(namespace => ({
        name: namespace.metadata?.name ?? '',
        labels: namespace.metadata?.labels ?? {},
        terminating: Boolean(namespace.metadata?.deletionTimestamp),
      }));
    } catch (error) {
      throw kubeError(
        `Could not list the sandbox namespaces of cluster '${cluster}'`,
        error,
      );
    }
  }
}
