import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BerthRoutingDriver,
  BerthSandboxTrafficSource,
} from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { SandboxesConfig } from '../config/readSandboxesConfig';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ChartSources } from '../deployments/chartSources';
import { Deployer } from '../deployments/Deployer';
import { HelmRunner } from '../kubernetes/HelmRunner';
import { ObjectApi } from '../kubernetes/ObjectApi';
import { StoredEnvironment } from '../model/environment';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { OperationEngine } from '../operations/OperationEngine';
import { OperationStore } from '../operations/OperationStore';
import { ProjectService } from '../projects/ProjectService';
import { SecretValues } from '../secretValues';
import { ServiceStore } from '../services/ServiceStore';
import { SandboxNamespaces } from './cluster/SandboxNamespaces';
import { SandboxRuntime } from './cluster/SandboxRuntime';
import { ForkDeployer } from './forks/ForkDeployer';
import {
  sandboxCreateHandler,
  sandboxDeleteHandler,
  sandboxUpdateHandler,
} from './operations/sandboxHandlers';
import { KubeRoutingObjects } from './routing/kube/KubeRoutingObjects';
import { expireSandboxes } from './sandboxExpiry';
import { previewUrl } from './previewUrl';
import { reconcileSandboxes } from './sandboxReconcile';
import { SandboxService } from './SandboxService';
import { SandboxStore } from './SandboxStore';
import { SandboxTrafficRecorder } from './traffic/SandboxTrafficRecorder';
import { SandboxTrafficStore } from './traffic/SandboxTrafficStore';

/**
 * Sandboxes wired to Berth's stores, deploy machinery, operations engine and
 * routing drivers: the service, its operation handlers (registered on the
 * engine here) and the expiry and reconcile runs the scheduler calls.
 */
export function createSandboxes(deps: {
  knex: Knex;
  store: SandboxStore;
  clusters: ClusterRegistry;
  environments: EnvironmentStore;
  projects: ProjectService;
  services: ServiceStore;
  engine: OperationEngine;
  operationStore: OperationStore;
  environmentOperations: EnvironmentOperations;
  deployer: Deployer;
  helm: HelmRunner;
  charts: ChartSources;
  secrets?: SecretValues;
  readyTimeoutMs: number;
  prepareNamespace?: (environment: StoredEnvironment) => Promise<unknown>;
  routingDrivers: () => ReadonlyMap<string, BerthRoutingDriver>;
  trafficSources: () => ReadonlyMap<string, BerthSandboxTrafficSource>;
  config: SandboxesConfig;
  logger: LoggerService;
}) {
  const { clusters, store, logger } = deps;
  const namespaces = new SandboxNamespaces(cluster =>
    clusters.kubeConfig(cluster),
  );
  const runtime = new SandboxRuntime({
    namespaces,
    objects: cluster =>
      new KubeRoutingObjects(ObjectApi.forConfig(clusters.kubeConfig(cluster))),
    drivers: deps.routingDrivers,
    logger,
  });
  const forks = new ForkDeployer({
    services: deps.services,
    deployer: deps.deployer,
    helm: deps.helm,
    charts: deps.charts,
    secrets: deps.secrets,
    readyTimeoutMs: deps.readyTimeoutMs,
    prepareNamespace: deps.prepareNamespace,
  });
  const handlerDeps = {
    sandboxes: store,
    environments: deps.environments,
    projects: deps.projects,
    runtime,
    forks,
  };
  for (const handler of [
    sandboxCreateHandler(handlerDeps),
    sandboxUpdateHandler(handlerDeps),
    sandboxDeleteHandler(handlerDeps),
  ]) {
    deps.engine.addHandler(handler);
  }
  const traffic = new SandboxTrafficRecorder({
    store: new SandboxTrafficStore(deps.knex),
    sandboxes: store,
    sources: deps.trafficSources,
    settingFor: deps.config.trafficSourceFor,
    logger,
  });
  const service = new SandboxService({
    store,
    environments: deps.environments,
    projects: deps.projects,
    engine: deps.engine,
    environmentOperations: deps.environmentOperations,
    knex: deps.knex,
    runtime,
    traffic,
    config: deps.config,
    logger,
    previewUrl: (cluster, host) => {
      try {
        return previewUrl(clusters.get(cluster).environmentUrl, host);
      } catch {
        return undefined;
      }
    },
  });
  return {
    service,
    runtime,
    config: deps.config,
    /** Queues the delete of expired sandboxes (a global scheduler task). */
    expire: () => expireSandboxes({ store, service, logger }),
    /** Rewrites the sandboxes' routes and removes orphans (a global scheduler task). */
    reconcile: () =>
      reconcileSandboxes({
        store,
        operations: deps.operationStore,
        runtime,
        namespaces,
        clusters: () => clusters.list().map(c => c.name),
        environmentNamespaces: async cluster =>
          new Set(
            (await deps.environments.list({ cluster })).map(e => e.namespace),
          ),
        routingDriverFor: deps.config.routingDriverFor,
        logger,
      }),
  };
}

/** What {@link createSandboxes} returns. */
export type Sandboxes = ReturnType<typeof createSandboxes>;
