import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BERTH_LABELS,
  ClusterConnection,
  EnvironmentStatus,
  ServiceStatus,
} from '@berth/plugin-berth-common';
import {
  AppsV1Api,
  CoreV1Api,
  Informer,
  KubeConfig,
  KubernetesListObject,
  KubernetesObject,
  ListWatch,
  ObjectCache,
  V1Pod,
} from '@kubernetes/client-node';
import { BoundedWatch } from './BoundedWatch';
import { kubeErrorMessage } from './kubeErrors';
import { livenessIntervalMs, requestSettingsOf } from './requestSettings';
import { rollUpEnvironment } from './rollUpStatus';
import { ServiceStatusOptions, summarizeServices } from './summarizeServices';
import { Workload, WorkloadKind, workloadReadiness } from './workloadReadiness';

/**
 * What the watches select: everything Berth deploys carries both labels.
 * (Not `app.kubernetes.io/managed-by=berth`: Helm sets that label to `Helm`
 * on the objects it creates, so Helm services' workloads would be missed.)
 */
export const WATCH_SELECTOR = `${BERTH_LABELS.environment},${BERTH_LABELS.service}`;

/** Options of a {@link StatusWatcher}. */
export interface StatusWatcherOptions {
  /** The cluster's name, passed to listeners. */
  cluster: string;
  kubeConfig: KubeConfig;
  logger?: LoggerService;
  /** How long changes are collected before listeners hear of them (default 200 ms). */
  debounceMs?: number;
  /** First delay before a failed watch is started anew; doubles up to 30 s (default 1 s). */
  retryMs?: number;
  /** Called when the connection changes, e.g. to tell the ClusterRegistry. */
  onConnectionChange?: (connection: ClusterConnection, reason?: string) => void;
}

type Resource = 'deployments' | 'statefulsets' | 'daemonsets' | 'pods';

type ObjectInformer = Informer<KubernetesObject> &
  ObjectCache<KubernetesObject>;

interface Watched {
  resource: Resource;
  kind: WorkloadKind | 'Pod';
  /** The informer of the current attempt. */
  informer?: ObjectInformer;
  /** The informer that listed last: what is read, also while disconnected. */
  cache?: ObjectInformer;
  healthy: boolean;
  /** Whether it listed or failed at least once since start. */
  settled: boolean;
  failures: number;
  retry?: NodeJS.Timeout;
}

const MAX_RETRY_MS = 30_000;

/**
 * Live status of the services Berth deployed on one cluster, from informers
 * (list + watch, cluster-wide, of the objects labelled by Berth): one each
 * for Deployments, StatefulSets, DaemonSets and Pods. Reads come from their
 * caches, never from the API. A failing watch makes the cluster
 * Disconnected; it is started anew (with a fresh list) with backoff, and the
 * cluster is Connected again once every watch has listed.
 */
export class StatusWatcher {
  private readonly watched: Watched[] = (
    [
      ['deployments', 'Deployment'],
      ['statefulsets', 'StatefulSet'],
      ['daemonsets', 'DaemonSet'],
      ['pods', 'Pod'],
    ] as const
  ).map(([resource, kind]) => ({
    resource,
    kind,
    healthy: false,
    settled: false,
    failures: 0,
  }));
  private readonly listeners = new Set<
    (cluster: string, namespace: string) => void
  >();
  private readonly pending = new Set<string>();
  private flushTimer?: NodeJS.Timeout;
  /** Generation at which each workload (by uid) was last seen rolled out. */
  private readonly readyGenerations = new Map<
    string,
    { kind: WorkloadKind; generation: number }
  >();
  /** Undefined until the watches first listed or failed. */
  private state?: { connection: ClusterConnection; reason?: string };
  private running = false;

  constructor(private readonly options: StatusWatcherOptions) {}

  /** Whether the cluster answered the watches lately. */
  get connection(): ClusterConnection {
    return this.state?.connection ?? 'Disconnected';
  }

  /** Why the cluster counts as disconnected, when it does. */
  get connectionProblem(): string | undefined {
    if (!this.state) return 'the watches have not started';
    return this.state.connection === 'Disconnected'
      ? this.state.reason
      : undefined;
  }

  /**
   * Starts the watches; resolves when each has listed once or failed (then
   * the cluster is Disconnected and the watch is retried in the background).
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await Promise.all(this.watched.map(w => this.startWatch(w)));
  }

  /** Stops the watches and pending notifications. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending.clear();
    await Promise.all(
      this.watched.map(async w => {
        clearTimeout(w.retry);
        await w.informer?.stop();
        w.informer = undefined;
        w.cache = undefined;
        w.healthy = false;
        w.settled = false;
      }),
    );
    this.state = undefined;
  }

  /**
   * Calls `listener(cluster, namespace)` after something changed in a
   * namespace (debounced), and for every known namespace when the connection
   * changes. Returns an unsubscribe function.
   */
  onChange(listener: (cluster: string, namespace: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The status of each service of an environment in a namespace, grouped by `berth.dev/service`. */
  serviceStatuses(
    namespace: string,
    environmentId: string,
    options?: ServiceStatusOptions,
  ): ServiceStatus[] {
    return summarizeServices({
      environmentId,
      connection: this.connection,
      workloads: this.workloads(namespace),
      pods: [...this.cached('pods', namespace)] as V1Pod[],
      wasReady: workload => this.wasReady(workload),
      now: Date.now(),
      options,
    });
  }

  /** The status of an environment: its services and their roll-up. */
  environmentStatus(
    namespace: string,
    environmentId: string,
    options?: ServiceStatusOptions,
  ): EnvironmentStatus {
    const services = this.serviceStatuses(namespace, environmentId, options);
    return {
      environmentId,
      status:
        this.connection === 'Disconnected'
          ? 'Disconnected'
          : rollUpEnvironment(services.map(s => s.status)),
      services,
      updatedAt: new Date().toISOString(),
    };
  }

  private cached(
    resource: Resource,
    namespace?: string,
  ): readonly KubernetesObject[] {
    const cache = this.watched.find(w => w.resource === resource)?.cache;
    return cache ? cache.list(namespace) : [];
  }

  private workloads(namespace?: string): Workload[] {
    return this.watched
      .filter(w => w.kind !== 'Pod')
      .flatMap(w =>
        this.cached(w.resource, namespace).map(
          object => ({ kind: w.kind, object } as Workload),
        ),
      );
  }

  private wasReady(workload: Workload): boolean {
    const uid = workload.object.metadata?.uid;
    return (
      uid !== undefined &&
      this.readyGenerations.get(uid)?.generation ===
        (workload.object.metadata?.generation ?? 0)
    );
  }

  private remember(kind: WorkloadKind, object: KubernetesObject) {
    const uid = object.metadata?.uid;
    if (!uid) return;
    const workload = { kind, object } as Workload;
    if (workloadReadiness(workload).done) {
      this.readyGenerations.set(uid, {
        kind,
        generation: object.metadata?.generation ?? 0,
      });
    }
  }

  /** Forgets the workloads of a kind that a fresh list no longer has. */
  private forgetMissing(kind: WorkloadKind, items: KubernetesObject[]) {
    const present = new Set(items.map(o => o.metadata?.uid));
    for (const [uid, remembered] of this.readyGenerations) {
      if (remembered.kind === kind && !present.has(uid)) {
        this.readyGenerations.delete(uid);
      }
    }
  }

  private listFor(
    resource: Resource,
  ): () => Promise<KubernetesListObject<KubernetesObject>> {
    const { kubeConfig } = this.options;
    const labelSelector = WATCH_SELECTOR;
    switch (resource) {
      case 'deployments': {
        const apps = kubeConfig.makeApiClient(AppsV1Api);
        return () => apps.listDeploymentForAllNamespaces({ labelSelector });
      }
      case 'statefulsets': {
        const apps = kubeConfig.makeApiClient(AppsV1Api);
        return () => apps.listStatefulSetForAllNamespaces({ labelSelector });
      }
      case 'daemonsets': {
        const apps = kubeConfig.makeApiClient(AppsV1Api);
        return () => apps.listDaemonSetForAllNamespaces({ labelSelector });
      }
      default: {
        const core = kubeConfig.makeApiClient(CoreV1Api);
        return () => core.listPodForAllNamespaces({ labelSelector });
      }
    }
  }

  private async startWatch(watched: Watched): Promise<void> {
    if (!this.running) return;
    const previous = watched.informer;
    const list = this.listFor(watched.resource);
    const path =
      watched.resource === 'pods'
        ? '/api/v1/pods'
        : `/apis/apps/v1/${watched.resource}`;
    // client-node's makeInformer, with a watch that cannot hang on a cluster
    // that stops answering: a silent watch is started anew (from its
    // resource version, no list), and a start that gets no answer in time
    // fails the informer, so the cluster turns Disconnected.
    const { kubeConfig } = this.options;
    const watch = new BoundedWatch(kubeConfig, {
      idleTimeoutMs: livenessIntervalMs(
        requestSettingsOf(kubeConfig).requestTimeoutMs,
      ),
    });
    const informer: ObjectInformer = new ListWatch<KubernetesObject>(
      path,
      watch,
      async () => {
        const result = await list();
        if (watched.informer === informer) {
          if (watched.kind !== 'Pod') {
            this.forgetMissing(watched.kind, result.items);
          }
          // namespaces only the previous cache knew changed too
          watched.cache
            ?.list()
            .forEach(o => this.changed(o.metadata?.namespace));
          watched.cache = informer;
          watched.healthy = true;
          watched.settled = true;
          watched.failures = 0;
          this.updateConnection();
        }
        return result;
      },
      false,
      WATCH_SELECTOR,
    );
    watched.informer = informer;
    const changed = (object: KubernetesObject) => {
      if (watched.informer !== informer) return;
      if (watched.kind !== 'Pod') this.remember(watched.kind, object);
      this.changed(object.metadata?.namespace);
    };
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', object => {
      if (watched.informer !== informer) return;
      const uid = object.metadata?.uid;
      if (uid) this.readyGenerations.delete(uid);
      this.changed(object.metadata?.namespace);
    });
    informer.on('error', error => {
      if (watched.informer !== informer) return;
      this.failed(watched, error);
    });
    await previous?.stop();
    await informer.start().catch(error => this.failed(watched, error));
  }

  private failed(watched: Watched, error: unknown) {
    if (!this.running) return;
    watched.healthy = false;
    watched.settled = true;
    watched.failures += 1;
    const reason = `watch of ${watched.resource} failed: ${kubeErrorMessage(
      error,
    )}`;
    this.updateConnection(reason);
    const delay = Math.min(
      (this.options.retryMs ?? 1000) * 2 ** (watched.failures - 1),
      MAX_RETRY_MS,
    );
    clearTimeout(watched.retry);
    watched.retry = setTimeout(() => {
      this.startWatch(watched);
    }, delay);
  }

  private updateConnection(reason?: string) {
    // the first verdict waits for every watch's first list (or failure)
    if (!this.state && !this.watched.every(w => w.settled)) return;
    const connection: ClusterConnection = this.watched.every(w => w.healthy)
      ? 'Connected'
      : 'Disconnected';
    const previous = this.state?.connection;
    this.state = {
      connection,
      reason:
        connection === 'Disconnected'
          ? reason ?? this.state?.reason
          : undefined,
    };
    if (previous === connection) return;
    if (connection === 'Disconnected') {
      this.options.logger?.warn(
        `Berth lost the watches of cluster '${this.options.cluster}': ${reason}`,
      );
    } else {
      this.options.logger?.info(
        `Berth watches cluster '${this.options.cluster}'`,
      );
    }
    this.options.onConnectionChange?.(connection, this.state.reason);
    for (const w of this.watched) {
      w.cache?.list().forEach(o => this.changed(o.metadata?.namespace));
    }
  }

  private changed(namespace: string | undefined) {
    if (!namespace || !this.running) return;
    this.pending.add(namespace);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const namespaces = [...this.pending];
      this.pending.clear();
      for (const ns of namespaces) {
        for (const listener of this.listeners) {
          try {
            listener(this.options.cluster, ns);
          } catch (error) {
            this.options.logger?.error(
              `A status listener failed for namespace '${ns}' of cluster '${this.options.cluster}'`,
              error as Error,
            );
          }
        }
      }
    }, this.options.debounceMs ?? 200);
  }
}
