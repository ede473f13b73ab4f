import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { KubernetesObject } from '@kubernetes/client-node';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { kubeError } from '../../kubernetes/kubeErrors';
import { ObjectApi } from '../../kubernetes/ObjectApi';
import { RegistryEntry } from '../../registries/RegistryConfig';
import { REGISTRY_LABEL } from '../../registries/RegistryService';

/** The Secret holding a registry's push credentials in the build namespace. */
export function pushSecretName(registry: string): string {
  return `berth-push-${registry}`;
}

/** A docker config (`~/.docker/config.json`) with the registry's basic credentials. */
export function dockerConfigJson(registry: RegistryEntry): string {
  const { host, username, password } = registry;
  if (!username || !password) {
    throw new Error(`Registry '${registry.name}' has no credentials`);
  }
  return JSON.stringify({
    auths: {
      [host]: {
        auth: Buffer.from(`${username}:${password}`).toString('base64'),
      },
    },
  });
}

/** Ensures push Secrets (server-side apply, field manager `berth`). */
export type EnsurePushSecret = (
  cluster: string,
  namespace: string,
  registry: RegistryEntry,
) => Promise<string>;

/** Applies `berth-push-<registry>` (kubernetes.io/dockerconfigjson) in the namespace; returns its name. */
export function createEnsurePushSecret(
  clusters: Pick<ClusterRegistry, 'kubeConfig'>,
): EnsurePushSecret {
  return async (cluster, namespace, registry) => {
    const name = pushSecretName(registry.name);
    try {
      await ObjectApi.forConfig(clusters.kubeConfig(cluster)).serverSideApply(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name,
            namespace,
            labels: {
              [BERTH_LABELS.managedBy]: 'berth',
              [REGISTRY_LABEL]: registry.name,
            },
          },
          type: 'kubernetes.io/dockerconfigjson',
          data: {
            '.dockerconfigjson': Buffer.from(
              dockerConfigJson(registry),
            ).toString('base64'),
          },
        } as KubernetesObject,
        { fieldManager: 'berth' },
      );
    } catch (error) {
      throw kubeError(
        `Could not apply the push secret '${name}' for registry '${registry.name}' in namespace '${namespace}' of cluster '${cluster}'`,
        error,
      );
    }
    return name;
  };
}
