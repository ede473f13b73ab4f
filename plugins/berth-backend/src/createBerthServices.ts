import {
  AuditorService,
  AuthService,
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  BerthChartSource,
  BerthRoutingDriver,
  BerthSandboxTrafficSource,
} from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { DeploymentStore } from './deployments/DeploymentStore';
import { KubernetesSecretValueStore } from './secretValues/KubernetesSecretValueStore';
import { DeployOrchestrator } from './deployments/DeployOrchestrator';
import { findHelmBinary } from './deployments/findHelmBinary';
import { ChartSources } from './deployments/chartSources';
import { chartPathResolver } from './helm/chartPath';
import { RepositoryCharts } from './helm/repositoryCharts';
import { KubernetesDeployer } from './deployments/KubernetesDeployer';
import { DeployerIdentities } from './deployments/DeployerIdentities';
import { EnvironmentInspector } from './environments/EnvironmentInspector';
import { EnvironmentService } from './environments/EnvironmentService';
import { EnvironmentStore } from './database/EnvironmentStore';
import { NamespaceManager } from './environments/NamespaceManager';
import { AdoptableNamespaces } from './environments/AdoptableNamespaces';
import { StatusService } from './environments/StatusService';
import { HealthService } from './health/HealthService';
import { HelmRunner } from './kubernetes/HelmRunner';
import { ChartArchiveStore } from './helm/ChartArchiveStore';
import { BerthConfig, readBerthConfig } from './config/readBerthConfig';
import { readHelmImportConfig } from './helm/helmConfig';
import { HelmImportService } from './helm/HelmImportService';
import { DriftService } from './drift/DriftService';
import { RenderingService } from './rendering/RenderingService';
import { ServiceRenderer } from './rendering/ServiceRenderer';
import { ProjectService } from './projects/ProjectService';
import { ProjectStore } from './projects/ProjectStore';
import { ServiceStore } from './services/ServiceStore';
import { CopyService } from './copies/CopyService';
import { CopyStore } from './copies/CopyStore';
import { SleepScheduler } from './sleep/SleepScheduler';
import { SleepScheduleStore } from './sleep/SleepScheduleStore';
import { SleepService } from './sleep/SleepService';
import { SleepStore } from './sleep/SleepStore';
import { ConfigHistoryStore } from './configs/ConfigHistoryStore';
import { ConfigService } from './configs/ConfigService';
import { EnvironmentRegistryStore } from './registries/EnvironmentRegistryStore';
import { ImageChecker } from './registries/ImageChecker';
import { RegistryConfig } from './registries/RegistryConfig';
import { RegistryService } from './registries/RegistryService';
import { RollbackService } from './rollback/RollbackService';
import { EnvironmentOperations } from './operations/EnvironmentOperations';
import { OperationEngine } from './operations/OperationEngine';
import { OperationSignals } from './operations/OperationSignals';
import { OperationStore } from './operations/OperationStore';
import { createHandlers } from './operationHandlers/createHandler';
import { deleteHandler } from './operationHandlers/deleteHandler';
import { deployHandlers } from './operationHandlers/deployHandler';
import { rollbackHandler } from './operationHandlers/rollbackHandler';
import {
  queueValuesSyncs,
  valuesSyncHandler,
} from './operationHandlers/valuesSyncHandler';
import { sleepHandler, wakeHandler } from './operationHandlers/sleepHandlers';
import { assertNoSandboxes } from './sandboxes/assertNoSandboxes';
import { createSandboxes } from './sandboxes/createSandboxes';
import { builtInRoutingDrivers } from './sandboxes/routing/builtInRoutingDrivers';
import { builtInTrafficSources } from './sandboxes/traffic/builtInTrafficSources';
import { SandboxStore } from './sandboxes/SandboxStore';
import { OperationNotificationLedger } from './operationNotifications/OperationNotificationLedger';
import { OperationNotifier } from './operationNotifications/OperationNotifier';

/**
 * Berth's stores and services over one database and the clusters, as the
 * plugin runs them (and the integration tests, with their own database).
 */
export function createBerthServices(deps: {
  config: RootConfigService;
  knex: Knex;
  clusters: ClusterRegistry;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  signals?: SignalsService;
  /**
   * Backstage's notification service: ended operations are notified through
   * it (see OperationNotifier); none without it.
   */
  notifications?: NotificationService;
  /** Reads Git trees and files for Helm import (core urlReader service). */
  urlReader?: UrlReaderService;
  /** Records the outcome of every operation. */
  auditor?: AuditorService;
  /**
   * This process's private work directory (see src/workdir): Helm's
   * kubeconfig files and registry logins go under it. Default: the OS's
   * temporary directory.
   */
  workDir?: string;
  /** Berth's settings, read once by the plugin; read from `config` when absent. */
  berthConfig?: BerthConfig;
  /** Chart sources added by modules (berthChartSourcesExtensionPoint), by key. */
  chartSources?: ReadonlyMap<string, BerthChartSource>;
  /**
   * The sandbox routing drivers by key (Berth's and modules'); default the
   * built-in ones over `clusters`.
   */
  routingDrivers?: () => ReadonlyMap<string, BerthRoutingDriver>;
  /** Sandbox traffic sources by key; default: Berth's built-in ones. */
  trafficSources?: () => ReadonlyMap<string, BerthSandboxTrafficSource>;
}) {
  const { config, knex, clusters, logger } = deps;
  const berthConfig = deps.berthConfig ?? readBerthConfig(config);
  const projectStore = new ProjectStore(knex);
  const services = new ServiceStore(knex);
  const environments = new EnvironmentStore(knex);
  const deployments = new DeploymentStore(knex);
  const secrets = berthConfig.secretValues.withStore(
    new KubernetesSecretValueStore(clusters, berthConfig.projectSecrets),
  );

  const helmBinary = findHelmBinary(berthConfig.helmBinary);
  const helm = new HelmRunner(helmBinary, { tempDir: deps.workDir });
  const deployerIdentities = new DeployerIdentities(clusters, config);
  const deployer = new KubernetesDeployer(clusters, helm, deployerIdentities);
  const registryConfig = RegistryConfig.fromConfig(config);
  const registries = new RegistryService({
    registries: registryConfig,
    store: new EnvironmentRegistryStore(knex),
    clusters,
  });
  const helmImportConfig = {
    ...readHelmImportConfig(config),
    ...(deps.workDir && { tempDir: deps.workDir }),
  };
  const chartArchives = new ChartArchiveStore(knex, helmImportConfig.cacheDir);
  const repositoryCharts = new RepositoryCharts({
    config: helmImportConfig,
    helm: helmBinary,
  });
  const charts: ChartSources = {
    path: chartPathResolver(config),
    archives: chartArchives,
    repository: chart => repositoryCharts.materialize(chart),
  };
  const orchestrator = new DeployOrchestrator({
    services,
    deployments,
    deployer,
    logger,
    groupTimeoutMs: berthConfig.deployGroupTimeoutMs,
    charts,
    secrets,
    // The pull secret is ensured on every deploy, not only at creation.
    prepareNamespace: environment => registries.ensurePullSecret(environment),
  });
  const projects = new ProjectService({
    projects: projectStore,
    services,
    catalog: deps.catalog,
    auth: deps.auth,
    logger,
    chartArchives,
    chartSources: {
      path: charts.path,
      assertRepositoryAllowed: chart => repositoryCharts.assertAllowed(chart),
    },
    secrets,
  });
  const environmentService = new EnvironmentService({
    environments,
    services,
    projects,
    clusters,
    namespaces: new NamespaceManager(clusters),
    orchestrator,
    deployer,
    workloads: deployer,
    logger,
    charts,
    secrets,
    deployerIdentities,
  });
  const operationStore = new OperationStore(knex);
  const status = new StatusService({
    clusters,
    environments,
    services,
    deployments,
    orchestrator,
    signals: deps.signals,
    logger,
    runningServices: environmentId =>
      operationStore.runningServiceSteps(environmentId),
  });
  const sleep = new SleepService({
    clusters,
    sleeps: new SleepStore(knex),
    schedules: new SleepScheduleStore(knex),
    orchestrator,
    deployer,
    groupTimeoutMs: berthConfig.deployGroupTimeoutMs,
    logger,
    onChange: environment => {
      status.notify(environment).catch(() => undefined);
    },
  });
  const rollbacks = new RollbackService({
    environments,
    services,
    deployments,
    orchestrator,
    images: new ImageChecker(registryConfig),
  });
  const notifier =
    deps.notifications &&
    new OperationNotifier({
      notifications: deps.notifications,
      environments,
      projects,
      steps: operationStore,
      ledger: new OperationNotificationLedger(knex),
      logger,
    });
  const operations = new OperationEngine({
    store: operationStore,
    config: berthConfig.operations,
    logger,
    auditor: deps.auditor,
    signals: deps.signals
      ? new OperationSignals(deps.signals, logger)
      : undefined,
    onFinished: operation => {
      // Never throws: a notification that fails is logged.
      notifier?.operationFinished(operation);
      if (operation.status !== 'succeeded') {
        // A record its deploy could not finish (cancelled between, given up).
        deployments
          .failRunning(
            operation.id,
            `Operation ${operation.status}: ${operation.message ?? ''}`,
          )
          .catch(() => undefined);
      }
      if (!operation.environmentId) return;
      environments
        .getById(operation.environmentId)
        .then(environment => status.notify(environment))
        .catch(() => undefined);
    },
  });
  const helmImport = new HelmImportService({
    config: helmImportConfig,
    helm: helmBinary,
    archives: chartArchives,
    projects,
    services,
    urlReader: deps.urlReader,
    logger,
    kubeConfig: cluster => clusters.kubeConfig(cluster),
    chartSources: deps.chartSources,
  });
  const target = { environments, projects };
  for (const handler of [
    ...deployHandlers({ ...target, orchestrator }),
    ...createHandlers({ ...target, orchestrator, environmentService }),
    rollbackHandler({ ...target, rollbacks }),
    sleepHandler({ ...target, sleep }),
    wakeHandler({ ...target, sleep }),
    deleteHandler({ ...target, environmentService }),
    valuesSyncHandler({ projects, services, helmImport }),
  ]) {
    operations.addHandler(handler);
  }
  const sandboxStore = new SandboxStore(knex);
  const environmentOperations = new EnvironmentOperations({
    engine: operations,
    store: operationStore,
    knex,
    // A base environment goes only after its sandboxes.
    assertDeletable: environmentId =>
      assertNoSandboxes(sandboxStore, environmentId),
  });
  const builtInDrivers = new Map(
    Object.entries(builtInRoutingDrivers(clusters)),
  );
  const builtInSources = new Map(Object.entries(builtInTrafficSources()));
  const sandboxes = createSandboxes({
    knex,
    store: sandboxStore,
    clusters,
    environments,
    projects,
    services,
    engine: operations,
    operationStore,
    environmentOperations,
    deployer,
    helm,
    charts,
    secrets,
    readyTimeoutMs: berthConfig.deployGroupTimeoutMs,
    prepareNamespace: environment => registries.ensurePullSecret(environment),
    routingDrivers: deps.routingDrivers ?? (() => builtInDrivers),
    trafficSources: deps.trafficSources ?? (() => builtInSources),
    config: berthConfig.sandboxes,
    logger,
  });
  return {
    operations,
    operationStore,
    environmentOperations,
    /** Sandboxes of base environments (the API's SandboxServiceContract). */
    sandboxes: sandboxes.service,
    sandboxStore,
    /** Queues the delete of expired sandboxes (a global scheduler task). */
    expireSandboxes: sandboxes.expire,
    /** Rewrites sandbox routes and removes orphans (a global scheduler task). */
    reconcileSandboxes: sandboxes.reconcile,
    sleep,
    sleepScheduler: new SleepScheduler({
      schedules: new SleepScheduleStore(knex),
      environments,
      projects,
      operations: environmentOperations,
      logger,
    }),
    copies: new CopyService({
      environmentService,
      services,
      deployments,
      copies: new CopyStore(knex),
      clusters,
    }),
    projectStore,
    services,
    environments,
    deployments,
    projects,
    environmentService,
    status,
    chartArchives,
    helmImportConfig,
    helmImport,
    /** Queues a values sync for each project with tracked values (scheduler). */
    queueValuesSyncs: () =>
      queueValuesSyncs({ projects, services, engine: operations }),
    inspector: new EnvironmentInspector(clusters),
    rendering: new RenderingService({
      renderer: new ServiceRenderer({
        services,
        helm,
        charts,
      }),
      projects,
      environmentService,
      deployments,
      clusters,
    }),
    drift: new DriftService({ projects, deployments, clusters, orchestrator }),
    registries,
    configs: new ConfigService({
      clusters,
      history: new ConfigHistoryStore(knex),
    }),
    rollbacks,
    adoptableNamespaces: AdoptableNamespaces.fromConfig(config),
    health: new HealthService({
      knex,
      environments,
      clusters: () => clusters.list(),
    }),
  };
}
