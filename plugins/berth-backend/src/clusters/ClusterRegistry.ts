import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { BerthCluster, ClusterConnection } from '@berth/plugin-berth-common';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { isClusterTimeout } from '../kubernetes/ClusterTimeoutError';
import { kubeErrorMessage, kubeStatusCode } from '../kubernetes/kubeErrors';
import {
  ClusterRequestSettings,
  livenessIntervalMs,
} from '../kubernetes/requestSettings';
import { AnswerWatchdog, startAnswerWatchdog } from './answerWatchdog';
import { ClusterAccess, makeKubeConfig } from './clusterAccess';
import { probeCluster } from './probeCluster';
import {
  CatalogClusterEntity,
  readCatalogClusters,
} from './readCatalogClusters';
import { readConfiguredClusterAccess } from './readConfiguredClusterAccess';
import {
  readCatalogLocatorMethod,
  readConfiguredClusters,
} from './readConfiguredClusters';
import { readRequestTimeoutMs } from './readRequestTimeout';

/** Options of {@link ClusterRegistry.fromConfig}. */
export interface ClusterRegistryOptions {
  logger?: LoggerService;
  /**
   * Returns the catalog's entities to find clusters in, e.g. the `Resource`s
   * of `spec.type: kubernetes-cluster`; others are ignored. Without it, or
   * without a `catalog` entry in `kubernetes.clusterLocatorMethods`, Berth
   * uses the config-located clusters only.
   */
  catalogEntities?: () => Promise<CatalogClusterEntity[]>;
  /** How long a `/readyz` probe may take (default 2000 ms). */
  probeTimeoutMs?: number;
  /**
   * How long one Kubernetes API call may take; default
   * `berth.kubernetes.requestTimeoutSeconds` (30 s).
   */
  requestTimeoutMs?: number;
}

/** Called when a cluster's connection changes. */
export type ConnectionListener = (
  cluster: BerthCluster,
  reason?: string,
) => void;

interface Entry {
  cluster: BerthCluster;
  access: ClusterAccess;
}

/**
 * The clusters Berth may deploy to: those of `kubernetes.clusterLocatorMethods`
 * of type `config`, and, when a `catalog` locator method is configured, the
 * catalog's `kubernetes-cluster` Resources that Berth has credentials for (a
 * config cluster wins over a catalog one of the same name). Knows how to reach
 * each, and whether it was reachable lately.
 *
 * Every API client of the KubeConfigs it hands out bounds each request by
 * `berth.kubernetes.requestTimeoutSeconds`; a request that gets no answer in
 * time makes its cluster Disconnected at once (and Connected again with the
 * next answer, or the next probe).
 */
export class ClusterRegistry {
  private readonly configured: Map<string, Entry>;
  private catalog = new Map<string, Entry>();
  private readonly connections = new Map<
    string,
    { connection: ClusterConnection; reason?: string }
  >();
  private readonly listeners = new Set<ConnectionListener>();
  /** Clusters made Disconnected by a request that timed out. */
  private readonly timedOut = new Set<string>();
  private readonly requestTimeoutMs: number;

  static fromConfig(
    config: Config,
    options: ClusterRegistryOptions = {},
  ): ClusterRegistry {
    const access = readConfiguredClusterAccess(config);
    const configured = new Map<string, Entry>();
    for (const cluster of readConfiguredClusters(config)) {
      configured.set(cluster.name, {
        cluster,
        access: access.get(cluster.name)!,
      });
    }
    return new ClusterRegistry(config, configured, options);
  }

  private constructor(
    private readonly config: Config,
    configured: Map<string, Entry>,
    private readonly options: ClusterRegistryOptions,
  ) {
    this.configured = configured;
    this.requestTimeoutMs =
      options.requestTimeoutMs ?? readRequestTimeoutMs(config);
  }

  /** The clusters, config-located first, with their last known connection. */
  list(): BerthCluster[] {
    return this.entries().map(entry => this.withConnection(entry.cluster));
  }

  /** One cluster; InputError naming the known clusters when there is none. */
  get(name: string): BerthCluster {
    return this.withConnection(this.entry(name).cluster);
  }

  /**
   * A KubeConfig that reaches the cluster with Berth's credentials, its
   * requests bounded by the request timeout (a timeout names the cluster and
   * makes it Disconnected). InputError when the cluster is unknown or Berth
   * has no credentials for it.
   */
  kubeConfig(name: string): KubeConfig {
    return makeKubeConfig(
      name,
      this.entry(name).access,
      this.requestSettings(name, this.requestTimeoutMs),
    );
  }

  /**
   * Like {@link kubeConfig}, but presenting `token` (e.g. a deployer
   * ServiceAccount's) instead of Berth's credentials: same API server, same
   * certificate authority, same request timeout.
   */
  kubeConfigWithToken(name: string, token: string): KubeConfig {
    return makeKubeConfig(
      name,
      { ...this.entry(name).access, credentials: { type: 'token', token } },
      this.requestSettings(name, this.requestTimeoutMs),
    );
  }

  /**
   * Whether the cluster's API server answers (any HTTP status) a `GET
   * /version` within `timeoutMs` (default: the request timeout). No answer in
   * time makes the cluster Disconnected. InputError for an unknown cluster.
   */
  async clusterAnswers(name: string, timeoutMs?: number): Promise<boolean> {
    return (await this.answerProblem(name, timeoutMs)) === undefined;
  }

  /**
   * Checks, every `intervalMs` (default: half the request timeout), that the
   * cluster answers (see {@link clusterAnswers}); the watchdog's signal is
   * aborted with an error naming the cluster once it does not. Meant for work
   * Berth cannot bound request by request, such as a helm run: abort it with
   * the signal, and stop the watchdog when the work ends.
   */
  answerWatchdog(
    name: string,
    options: { intervalMs?: number; timeoutMs?: number } = {},
  ): AnswerWatchdog {
    this.entry(name);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return startAnswerWatchdog(
      () => this.answerProblem(name, timeoutMs),
      options.intervalMs ?? livenessIntervalMs(timeoutMs),
    );
  }

  /**
   * Reads the clusters from the catalog anew (a no-op without a `catalog`
   * locator method or `catalogEntities`). On failure the previous catalog
   * clusters stay and the error is rethrown. Resolves with the catalog
   * clusters now known.
   */
  async refreshCatalogClusters(): Promise<BerthCluster[]> {
    const fetchEntities = this.options.catalogEntities;
    if (!fetchEntities || !readCatalogLocatorMethod(this.config)) {
      return [];
    }
    const { clusters, skipped } = readCatalogClusters(
      await fetchEntities(),
      this.config,
    );
    const next = new Map<string, Entry>();
    for (const found of clusters) {
      if (this.configured.has(found.cluster.name)) {
        this.options.logger?.warn(
          `Berth ignores the catalog cluster '${found.cluster.name}': a cluster of that name is configured in kubernetes.clusterLocatorMethods`,
        );
        continue;
      }
      next.set(found.cluster.name, found);
    }
    for (const { name, reason } of skipped) {
      this.options.logger?.debug(
        `Berth does not use the catalog cluster '${name}': ${reason}`,
      );
    }
    for (const name of this.catalog.keys()) {
      if (!next.has(name)) {
        this.connections.delete(name);
        this.timedOut.delete(name);
      }
    }
    this.catalog = next;
    return [...next.values()].map(entry => this.withConnection(entry.cluster));
  }

  /**
   * Probes every cluster's `/readyz` (in parallel, each with a short timeout)
   * and records it as Connected or Disconnected. Never throws.
   */
  async checkConnections(): Promise<BerthCluster[]> {
    const timeoutMs = this.options.probeTimeoutMs ?? 2000;
    await Promise.all(
      this.entries().map(async ({ cluster, access }) => {
        let kc: KubeConfig;
        try {
          kc = makeKubeConfig(cluster.name, access);
        } catch (error) {
          this.recordConnection(
            cluster.name,
            'Disconnected',
            (error as Error).message,
          );
          return;
        }
        const { connection, reason } = await probeCluster(kc, timeoutMs);
        this.recordConnection(cluster.name, connection, reason);
      }),
    );
    return this.list();
  }

  /**
   * Records what Berth saw of a cluster's connection, e.g. from a watch, and
   * tells the listeners when it changed. Unknown clusters are ignored.
   */
  recordConnection(
    name: string,
    connection: ClusterConnection,
    reason?: string,
  ): void {
    this.timedOut.delete(name);
    this.setConnection(name, connection, reason);
  }

  private setConnection(
    name: string,
    connection: ClusterConnection,
    reason?: string,
  ): void {
    const entry = this.configured.get(name) ?? this.catalog.get(name);
    if (!entry) {
      return;
    }
    const previous = this.connections.get(name);
    this.connections.set(name, { connection, reason });
    if (previous?.connection === connection) {
      return;
    }
    if (connection === 'Disconnected') {
      this.options.logger?.warn(
        `Cluster '${name}' is not reachable: ${reason ?? 'unknown reason'}`,
      );
    } else if (previous) {
      this.options.logger?.info(`Cluster '${name}' is reachable again`);
    }
    const cluster = this.withConnection(entry.cluster);
    for (const listener of this.listeners) {
      try {
        listener(cluster, reason);
      } catch (error) {
        this.options.logger?.error(
          `A cluster connection listener failed for '${name}'`,
          error as Error,
        );
      }
    }
  }

  /** Why a cluster counts as disconnected, when it does. */
  connectionProblem(name: string): string | undefined {
    const state = this.connections.get(name);
    return state?.connection === 'Disconnected' ? state.reason : undefined;
  }

  /** Calls `listener` whenever a cluster's connection changes; returns an unsubscribe function. */
  onConnectionChange(listener: ConnectionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private requestSettings(
    name: string,
    requestTimeoutMs: number,
  ): ClusterRequestSettings {
    return {
      cluster: name,
      requestTimeoutMs,
      onUnanswered: error => {
        this.timedOut.add(name);
        this.setConnection(name, 'Disconnected', error.message);
      },
      onAnswered: () => {
        if (this.timedOut.delete(name)) {
          this.setConnection(name, 'Connected');
        }
      },
    };
  }

  /** Why the cluster does not answer a `GET /version`, or undefined when it does. */
  private async answerProblem(
    name: string,
    timeoutMs = this.requestTimeoutMs,
  ): Promise<Error | undefined> {
    const kc = makeKubeConfig(
      name,
      this.entry(name).access,
      this.requestSettings(name, timeoutMs),
    );
    try {
      await kc.makeApiClient(VersionApi).getCode();
      return undefined;
    } catch (error) {
      if (kubeStatusCode(error) !== undefined) return undefined;
      if (isClusterTimeout(error)) return error;
      return new ServiceUnavailableError(
        `Cluster '${name}' cannot be reached: ${kubeErrorMessage(error)}`,
      );
    }
  }

  private entries(): Entry[] {
    return [...this.configured.values(), ...this.catalog.values()];
  }

  private entry(name: string): Entry {
    const entry = this.configured.get(name) ?? this.catalog.get(name);
    if (!entry) {
      const known = this.entries().map(e => e.cluster.name);
      throw new InputError(
        `Unknown cluster '${name}'; known: ${known.join(', ') || 'none'}`,
      );
    }
    return entry;
  }

  private withConnection(cluster: BerthCluster): BerthCluster {
    const state = this.connections.get(cluster.name);
    return state
      ? { ...cluster, connection: state.connection }
      : { ...cluster };
  }
}
