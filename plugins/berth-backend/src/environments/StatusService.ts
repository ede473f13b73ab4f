import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import { EnvironmentStatus } from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { DeployOrchestrator } from '../deployments/DeployOrchestrator';
import { StatusWatcher } from '../kubernetes/StatusWatcher';
import { ServiceStore } from '../services/ServiceStore';
import { sleepingStatus } from '../sleep/sleepingStatus';
import {
  EnvironmentStore,
  StoredEnvironment,
} from '../database/EnvironmentStore';
import { publishStatusSignal } from './statusSignal';

/**
 * Live status of environments: informers per cluster (StatusWatcher) for what
 * runs, Berth's own records for what is being deployed or failed; browsers
 * are told of changes by signals that carry only the environment's id.
 */
export class StatusService {
  private readonly watchers = new Map<string, StatusWatcher>();

  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      environments: EnvironmentStore;
      services: ServiceStore;
      deployments: DeploymentStore;
      orchestrator: DeployOrchestrator;
      /** Services deploying on any replica (from the running operations' steps). */
      runningServices?: (environmentId: string) => Promise<Iterable<string>>;
      signals?: SignalsService;
      logger: LoggerService;
    },
  ) {}

  /** Starts a watcher for every cluster; an unreachable one retries in the background. */
  async start(): Promise<void> {
    await Promise.all(
      this.deps.clusters.list().map(async cluster => {
        const watcher = new StatusWatcher({
          cluster: cluster.name,
          kubeConfig: this.deps.clusters.kubeConfig(cluster.name),
          logger: this.deps.logger,
        });
        watcher.onChange((name, namespace) => {
          this.onNamespaceChange(name, namespace).catch(error =>
            this.deps.logger.warn(
              `Status push failed: ${stringifyError(error)}`,
            ),
          );
        });
        this.watchers.set(cluster.name, watcher);
        await watcher.start();
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watchers.values()].map(w => w.stop()));
    this.watchers.clear();
  }

  async environmentStatus(
    environment: StoredEnvironment,
  ): Promise<EnvironmentStatus> {
    const services = (
      await this.deps.services.list(environment.projectRef)
    ).map(s => s.name);
    const latest = await this.deps.deployments.latestPerService(environment.id);
    const failures: Record<string, string> = {};
    for (const [service, record] of latest) {
      if (record.result === 'failed')
        failures[service] = record.message ?? 'deploy failed';
    }
    const watcher = this.watchers.get(environment.cluster);
    if (!watcher) {
      return {
        environmentId: environment.id,
        status: 'Disconnected',
        services: services.map(service => ({
          service,
          status: 'Disconnected',
          images: [],
          readyReplicas: 0,
          replicas: 0,
          message: `Cluster '${environment.cluster}' is not watched`,
        })),
        updatedAt: new Date().toISOString(),
      };
    }
    const status = watcher.environmentStatus(
      environment.namespace,
      environment.id,
      {
        services,
        deploying: new Set([
          ...this.deps.orchestrator.deploying(environment.id),
          ...((await this.deps.runningServices?.(environment.id)) ?? []),
        ]),
        failures,
      },
    );
    return sleepingStatus(environment, {
      ...status,
      services: status.services.map(s => ({
        ...s,
        revision: s.revision ?? latest.get(s.service)?.revision,
      })),
    });
  }

  /** Tells browsers now that an environment's status changed (e.g. after a deploy ends): its id only. */
  async notify(environment: StoredEnvironment): Promise<void> {
    if (!this.deps.signals) return;
    await publishStatusSignal(this.deps.signals, environment.id);
  }

  private async onNamespaceChange(cluster: string, namespace: string) {
    const onCluster = await this.deps.environments.list({ cluster });
    const environment = onCluster.find(e => e.namespace === namespace);
    if (environment) await this.notify(environment);
  }
}
