import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { SandboxTraffic } from '@berth/plugin-berth-common';
import {
  BerthObservedRequest,
  BerthSandboxTrafficSource,
} from '@berth/plugin-berth-node';
import { SandboxStore, StoredSandbox } from '../SandboxStore';
import { sandboxKeysOfRequest } from './sandboxKeysOfRequest';
import { ReachedService, SandboxTrafficStore } from './SandboxTrafficStore';

/** A cluster's `berth.clusters.<name>.sandboxTraffic`: the source's key and its settings. */
export interface TrafficSourceSetting {
  source: string;
  settings: Record<string, unknown>;
}

/** `fork` for the sandbox's namespace, `base` for its base's, else undefined. */
function servedByOf(
  namespace: string,
  sandbox: StoredSandbox,
): 'fork' | 'base' | undefined {
  if (namespace === sandbox.namespace) return 'fork';
  if (namespace === sandbox.baseNamespace) return 'base';
  return undefined;
}

/**
 * The requests that carried a sandbox's key, as each sandbox of the cluster
 * sees them: served in its namespace (`fork`) or its base's (`base`).
 */
export function reachedServices(
  requests: BerthObservedRequest[],
  sandboxes: StoredSandbox[],
): ReachedService[] {
  const byName = new Map<string, StoredSandbox[]>();
  for (const sandbox of sandboxes) {
    byName.set(sandbox.name, [...(byName.get(sandbox.name) ?? []), sandbox]);
  }
  const reached: ReachedService[] = [];
  for (const request of requests) {
    for (const key of sandboxKeysOfRequest(request.headers)) {
      for (const sandbox of byName.get(key.sandbox) ?? []) {
        const servedBy = servedByOf(request.namespace, sandbox);
        if (!servedBy) continue;
        reached.push({
          sandboxId: sandbox.id,
          namespace: request.namespace,
          service: request.service,
          servedBy,
          keyHeader: key.header,
          lastReachedAt: new Date(request.at),
          lastPath: request.path,
          lastStatus: request.status,
        });
      }
    }
  }
  return reached;
}

/**
 * Reads each cluster's traffic source (`berth.clusters.<name>.sandboxTraffic`)
 * and keeps, per sandbox, the Services its key last reached. Reads of one
 * cluster run one at a time.
 */
export class SandboxTrafficRecorder {
  private readonly reads = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: {
      store: SandboxTrafficStore;
      sandboxes: SandboxStore;
      sources: () => ReadonlyMap<string, BerthSandboxTrafficSource>;
      settingFor: (cluster: string) => TrafficSourceSetting | undefined;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** The cluster's source, or why there is none. */
  private sourceOf(
    cluster: string,
  ):
    | { source: BerthSandboxTrafficSource; setting: TrafficSourceSetting }
    | { missing: string } {
    const setting = this.deps.settingFor(cluster);
    if (!setting) {
      return {
        missing: `No traffic source is configured for cluster '${cluster}' (berth.clusters.${cluster}.sandboxTraffic), so Berth cannot tell which services the key reached`,
      };
    }
    const source = this.deps.sources().get(setting.source);
    if (!source) {
      return {
        missing: `Cluster '${cluster}' names the traffic source '${
          setting.source
        }', which no module registered (known: ${
          [...this.deps.sources().keys()].join(', ') || 'none'
        })`,
      };
    }
    return { source, setting };
  }

  /** Reads the cluster's source once (after a read already running) and records what its sandboxes' keys reached. */
  refresh(cluster: string): Promise<void> {
    const previous = this.reads.get(cluster) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => this.readOnce(cluster));
    this.reads.set(cluster, next);
    return next;
  }

  private async readOnce(cluster: string): Promise<void> {
    const found = this.sourceOf(cluster);
    if ('missing' in found) return;
    const sandboxes = (await this.deps.sandboxes.list({ cluster })).filter(
      s => s.status !== 'deleting',
    );
    if (sandboxes.length === 0) return;
    const namespaces = new Set(
      sandboxes.flatMap(s => [s.namespace, s.baseNamespace]),
    );
    const requests = await found.source.readRequests({
      cluster,
      settings: found.setting.settings,
      namespaces,
      logger: this.deps.logger,
    });
    await this.deps.store.record(reachedServices(requests, sandboxes));
  }

  /**
   * Reads the base cluster's source now, then what the sandbox's key
   * reached; `forkServices` maps each forked service to its Kubernetes
   * Services (a fork no keyed request reached is listed apart).
   */
  async traffic(
    sandbox: StoredSandbox,
    forkServices: ReadonlyMap<string, string[]>,
  ): Promise<SandboxTraffic> {
    const found = this.sourceOf(sandbox.cluster);
    if ('missing' in found) {
      return {
        observed: false,
        message: found.missing,
        services: [],
        forksNotReached: [],
      };
    }
    let message: string | undefined;
    try {
      await this.refresh(sandbox.cluster);
    } catch (error) {
      message = `Could not read the ${found.source.name} of cluster '${
        sandbox.cluster
      }': ${stringifyError(error)}`;
      this.deps.logger.warn(message);
    }
    const services = await this.deps.store.list(sandbox.id);
    const forksNotReached = sandbox.forks
      .map(f => f.service)
      .filter(fork => {
        const names = forkServices.get(fork) ?? [fork];
        return !services.some(
          s => s.servedBy === 'fork' && names.includes(s.service),
        );
      });
    return {
      observed: true,
      source: found.source.name,
      ...(message && { message }),
      services,
      forksNotReached,
      readAt: (this.deps.now?.() ?? new Date()).toISOString(),
    };
  }
}
