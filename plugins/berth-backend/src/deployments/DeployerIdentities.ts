import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  DeployerSettings,
  readDeployerSettings,
} from '../clusters/readDeployerSettings';
import { ensureDeployerIdentity } from '../kubernetes/deployerIdentity';
import {
  DeployerToken,
  requestDeployerToken,
} from '../kubernetes/deployerToken';
import { assertInScope, DeployScope } from '../kubernetes/deployScope';
import { KubeObject } from '../kubernetes/injectLabels';
import { ObjectApi } from '../kubernetes/ObjectApi';

/** Options of {@link DeployerIdentities}. */
export interface DeployerIdentitiesOptions {
  /** How long the tokens Berth asks for are valid (default 3600, at least 600). */
  tokenSeconds?: number;
  /** A cached token is replaced once it has less than this left (default 15 min). */
  renewBeforeMs?: number;
}

/**
 * The identities Berth deploys as: per environment namespace, the
 * ServiceAccount `berth-deployer`, bound to the cluster's deployer role
 * (`berth.clusters.<name>.deployer`). Hands out KubeConfigs that present a
 * short-lived token of it (TokenRequest API), cached per cluster and
 * namespace until shortly before it expires; the identity is ensured
 * (with Berth's own credentials) whenever a token is asked for.
 */
export class DeployerIdentities {
  private readonly tokens = new Map<string, Promise<DeployerToken>>();
  private readonly tokenSeconds: number;
  private readonly renewBeforeMs: number;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly config: Config,
    options: DeployerIdentitiesOptions = {},
  ) {
    this.tokenSeconds = Math.max(600, options.tokenSeconds ?? 3600);
    this.renewBeforeMs = options.renewBeforeMs ?? 15 * 60_000;
  }

  /** The cluster's deployer settings (role and allowlists). */
  settings(cluster: string): DeployerSettings {
    return readDeployerSettings(this.config, cluster);
  }

  /**
   * Makes sure the namespace's deployer identity exists as configured, and
   * forgets its cached token (the namespace may have been made anew).
   */
  async ensure(cluster: string, namespace: string): Promise<void> {
    this.forget(cluster, namespace);
    await ensureDeployerIdentity(
      this.clusters.kubeConfig(cluster),
      namespace,
      this.settings(cluster),
    );
  }

  /** Forgets the cached token of a namespace (e.g. when it is deleted). */
  forget(cluster: string, namespace: string): void {
    this.tokens.delete(`${cluster}/${namespace}`);
  }

  /**
   * A KubeConfig for the cluster that acts as the namespace's deployer,
   * ensuring the identity first when no valid token is cached.
   */
  async kubeConfig(cluster: string, namespace: string): Promise<KubeConfig> {
    const { token } = await this.token(cluster, namespace);
    return this.clusters.kubeConfigWithToken(cluster, token);
  }

  /** Where deploys into the namespace may put objects. */
  scope(cluster: string, namespace: string): DeployScope {
    const { allowedClusterKinds, allowedNamespaces } = this.settings(cluster);
    return { cluster, namespace, allowedClusterKinds, allowedNamespaces };
  }

  /**
   * A check of rendered objects for a deploy into the namespace (see
   * `assertInScope`); whether a kind is namespaced comes from the cluster's
   * discovery, read with Berth's credentials.
   */
  check(
    cluster: string,
    namespace: string,
  ): (objects: KubeObject[]) => Promise<void> {
    const scope = this.scope(cluster, namespace);
    return async objects => {
      const api = ObjectApi.forConfig(this.clusters.kubeConfig(cluster));
      await assertInScope(objects, scope, async (apiVersion, kind) => {
        const resource = await api.describeKind(apiVersion, kind);
        return resource?.namespaced;
      });
    };
  }

  private async token(
    cluster: string,
    namespace: string,
  ): Promise<DeployerToken> {
    const key = `${cluster}/${namespace}`;
    const cached = this.tokens.get(key);
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt - Date.now() > this.renewBeforeMs) {
        return token;
      }
      if (this.tokens.get(key) === cached) this.tokens.delete(key);
    }
    const pending = (async () => {
      await ensureDeployerIdentity(
        this.clusters.kubeConfig(cluster),
        namespace,
        this.settings(cluster),
      );
      return requestDeployerToken(
        this.clusters.kubeConfig(cluster),
        namespace,
        this.tokenSeconds,
      );
    })();
    this.tokens.set(key, pending);
    pending.catch(() => {
      if (this.tokens.get(key) === pending) this.tokens.delete(key);
    });
    return pending;
  }
}
