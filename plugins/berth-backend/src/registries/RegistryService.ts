import { parseEntityRef } from '@backstage/catalog-model';
import { BERTH_LABELS, EnvironmentRegistry } from '@berth/plugin-berth-common';
import {
  CoreV1Api,
  KubeConfig,
  KubernetesObject,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { StoredEnvironment } from '../model/environment';
import { kubeError, kubeStatusCode } from '../kubernetes/kubeErrors';
import { ObjectApi } from '../kubernetes/ObjectApi';
import { EnvironmentRegistryStore } from './EnvironmentRegistryStore';
import {
  pullSecretName,
  RegistryConfig,
  RegistryEntry,
} from './RegistryConfig';

/** Labels Berth's pull secrets with the registry they are for. */
export const REGISTRY_LABEL = 'berth.dev/registry';

/**
 * The image registry of each environment (its own override, else its
 * cluster's default) and the pull secret for it in the environment's
 * namespace, ensured before every deploy.
 */
export class RegistryService {
  constructor(
    private readonly deps: {
      registries: RegistryConfig;
      store: EnvironmentRegistryStore;
      clusters: ClusterRegistry;
    },
  ) {}

  list() {
    return this.deps.registries.list();
  }

  async environmentRegistry(
    environment: StoredEnvironment,
  ): Promise<EnvironmentRegistry> {
    const override = await this.deps.store.get(environment.id);
    const effective = await this.effective(environment);
    return {
      ...(override && { override }),
      ...(effective && {
        effective: this.deps.registries.describe(effective.registry),
      }),
      source: effective?.source ?? 'none',
    };
  }

  /** Sets or (with null) clears the environment's override; the next deploy ensures its pull secret. */
  async setOverride(
    environment: StoredEnvironment,
    registry: string | null,
  ): Promise<EnvironmentRegistry> {
    if (registry !== null) {
      this.deps.registries.assertAllowed(
        this.deps.registries.get(registry),
        environment,
      );
    }
    await this.deps.store.set(environment.id, registry ?? undefined);
    return this.environmentRegistry(environment);
  }

  /**
   * Ensures the pull secret of the environment's registry (when it has
   * credentials) in its namespace, and lists it in the default
   * ServiceAccount's imagePullSecrets. Resolves with the secret's name.
   */
  async ensurePullSecret(
    environment: StoredEnvironment,
  ): Promise<string | undefined> {
    const registry = (await this.effective(environment))?.registry;
    if (!registry?.username || !registry.password) return undefined;
    // An override set before the registry's scope changed: refused.
    this.deps.registries.assertAllowed(registry, environment);
    const kc = this.deps.clusters.kubeConfig(environment.cluster);
    const name = pullSecretName(registry.name);
    await this.applySecret(kc, environment, registry, name);
    await this.addToDefaultServiceAccount(kc, environment.namespace, name);
    return name;
  }

  private async effective(environment: StoredEnvironment) {
    const override = await this.deps.store.get(environment.id);
    if (override) {
      return {
        registry: this.deps.registries.get(override),
        source: 'environment' as const,
      };
    }
    // A cluster's default serves only the projects it is for.
    const registry = this.deps.registries.clusterDefault(environment.cluster);
    return registry && this.deps.registries.allows(registry, environment)
      ? { registry, source: 'cluster' as const }
      : undefined;
  }

  private async applySecret(
    kc: KubeConfig,
    environment: StoredEnvironment,
    registry: RegistryEntry,
    name: string,
  ) {
    const { host, username, password } = registry;
    const dockerConfig = {
      auths: {
        [host]: {
          username,
          password,
          auth: Buffer.from(`${username}:${password}`).toString('base64'),
        },
      },
    };
    try {
      await ObjectApi.forConfig(kc).serverSideApply(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name,
            namespace: environment.namespace,
            labels: {
              [BERTH_LABELS.managedBy]: 'berth',
              [BERTH_LABELS.project]: parseEntityRef(environment.projectRef)
                .name,
              [BERTH_LABELS.environment]: environment.id,
              [REGISTRY_LABEL]: registry.name,
            },
          },
          type: 'kubernetes.io/dockerconfigjson',
          data: {
            '.dockerconfigjson': Buffer.from(
              JSON.stringify(dockerConfig),
            ).toString('base64'),
          },
        } as KubernetesObject,
        { fieldManager: 'berth' },
      );
    } catch (error) {
      throw kubeError(
        `Could not apply the pull secret '${name}' for registry '${registry.name}' in namespace '${environment.namespace}'`,
        error,
      );
    }
  }

  private async addToDefaultServiceAccount(
    kc: KubeConfig,
    namespace: string,
    secret: string,
  ) {
    const core = kc.makeApiClient(CoreV1Api);
    const what = `the default ServiceAccount of namespace '${namespace}'`;
    for (let attempt = 0; attempt < 3; attempt++) {
      let account: V1ServiceAccount | undefined;
      try {
        account = await core.readNamespacedServiceAccount({
          name: 'default',
          namespace,
        });
      } catch (error) {
        if (kubeStatusCode(error) !== 404) {
          throw kubeError(`Could not read ${what}`, error);
        }
      }
      if (account?.imagePullSecrets?.some(s => s.name === secret)) return;
      try {
        if (!account) {
          // The controller has not made it yet: make it, with the secret.
          await core.createNamespacedServiceAccount({
            namespace,
            body: {
              metadata: { name: 'default' },
              imagePullSecrets: [{ name: secret }],
            },
          });
        } else {
          await core.replaceNamespacedServiceAccount({
            name: 'default',
            namespace,
            body: {
              ...account,
              imagePullSecrets: [
                ...(account.imagePullSecrets ?? []),
                { name: secret },
              ],
            },
          });
        }
        return;
      } catch (error) {
        // Someone else changed or created it meanwhile: read it again.
        if (kubeStatusCode(error) !== 409) {
          throw kubeError(`Could not change ${what}`, error);
        }
      }
    }
    throw kubeError(`Could not change ${what}`, { code: 409 });
  }
}
