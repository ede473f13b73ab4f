import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { stringifyError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  berthEnvironmentPermissions,
  berthProjectPermissions,
  berthWorkflowPermissions,
} from '@berth/plugin-berth-common';
import {
  berthChartSourcesExtensionPoint,
  berthJobTypesExtensionPoint,
  berthRoutingDriversExtensionPoint,
  berthSandboxTrafficSourcesExtensionPoint,
} from '@berth/plugin-berth-node';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { applyDatabaseMigrations } from './database/migrations';
import { seedDemoProject } from './demo/seedDemoProject';
import { seedDemoWorkflows } from './demo/seedDemoWorkflows';
import { EnvironmentAuthorizer } from './permissions/EnvironmentAuthorizer';
import { ProjectAuthorizer } from './permissions/ProjectAuthorizer';
import {
  berthProjectRules,
  projectResourceRef,
} from './permissions/projectRules';
import {
  berthEnvironmentRules,
  environmentResourceRef,
} from './permissions/environmentRules';
import { readBerthConfig } from './config/readBerthConfig';
import { createBerthServices } from './createBerthServices';
import { sealStoredValuesOnce } from './secretValues/sealStoredValuesOnce';
import { KubernetesSecretValueStore } from './secretValues/KubernetesSecretValueStore';
import { createRouter } from './router';
import { registerBerthActions } from './actions/registerBerthActions';
import { authorizationLayer } from './permissions/authorizationLayer';
import { BerthExtensions } from './extensions/BerthExtensions';
import { builtInRoutingDrivers } from './sandboxes/routing/builtInRoutingDrivers';
import { builtInTrafficSources } from './sandboxes/traffic/builtInTrafficSources';
import { environmentResourceLoader } from './permissions/environmentResourceLoader';
import { registerSandboxResourceType } from './sandboxes/api/registerSandboxResourceType';
import { createWorkDir, sweepStaleWorkDirs } from './workdir';
import { createWorkflows } from './workflows/wiring/createWorkflows';
import {
  berthWorkflowRules,
  workflowResourceLoader,
  workflowResourceRef,
} from './workflows/api';
import {
  registerWorkflowTriggers,
  readTriggersConfig,
} from './workflows/triggers';
import { scheduleJobLogRetention } from './workflows/logs';

/**
 * The Berth backend plugin: Kubernetes environments for catalog Systems.
 *
 * @public
 */
export const berthPlugin = createBackendPlugin({
  pluginId: 'berth',
  register(env) {
    // What modules add through the extension points, by key.
    const extensions = new BerthExtensions();
    env.registerExtensionPoint(
      berthChartSourcesExtensionPoint,
      extensions.chartSourcesPoint,
    );
    env.registerExtensionPoint(
      berthJobTypesExtensionPoint,
      extensions.jobTypesPoint,
    );
    env.registerExtensionPoint(
      berthRoutingDriversExtensionPoint,
      extensions.routingDriversPoint,
    );
    env.registerExtensionPoint(
      berthSandboxTrafficSourcesExtensionPoint,
      extensions.trafficSourcesPoint,
    );
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
        events: eventsServiceRef,
        notifications: notificationService,
        userInfo: coreServices.userInfo,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, scheduler } = deps;
        // Modules initialise before the plugin: their additions are in.
        extensions.lock();
        // Clusters from config, and from catalog Resources of type
        // kubernetes-cluster when a `catalog` locator method is configured.
        const clusters = ClusterRegistry.fromConfig(config, {
          logger,
          catalogEntities: async () =>
            (
              await deps.catalog.getEntities(
                {
                  filter: {
                    kind: 'Resource',
                    'spec.type': 'kubernetes-cluster',
                  },
                },
                { credentials: await deps.auth.getOwnServiceCredentials() },
              )
            ).items,
        });
        // Credentials written for helm go under a private directory of this
        // process; what crashed processes left behind goes first.
        const berthConfig = readBerthConfig(config);
        const workBase = berthConfig.workDir;
        await sweepStaleWorkDirs(workBase, { logger });
        const workDir = await createWorkDir({ base: workBase, logger });
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        // Secret values stored in the database (in plain text, or sealed
        // with the key) move to Kubernetes Secrets: once per database (and
        // again after a new key pattern). Clusters out of reach: next start.
        const secretValues = berthConfig.secretValues.withStore(
          new KubernetesSecretValueStore(clusters, berthConfig.projectSecrets),
        );
        try {
          const moved = await sealStoredValuesOnce(knex, secretValues);
          if (moved !== 'skipped' && Object.keys(moved).length) {
            logger.info(
              `Moved secret values stored in the database into Kubernetes Secrets: ${Object.entries(
                moved,
              )
                .map(([table, rows]) => `${rows} row(s) of ${table}`)
                .join(', ')}`,
            );
          }
        } catch (error) {
          logger.warn(
            `Could not move the secret values stored in the database into Kubernetes Secrets; trying again at the next start: ${error}`,
          );
        }

        // The built-in sandbox routing drivers reach clusters through the registry.
        for (const [key, driver] of Object.entries(
          builtInRoutingDrivers(clusters),
        )) {
          extensions.routingDrivers.addBuiltIn(key, driver);
        }
        for (const [key, source] of Object.entries(builtInTrafficSources())) {
          extensions.trafficSources.addBuiltIn(key, source);
        }

        const berth = createBerthServices({
          config,
          knex,
          clusters,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          signals: deps.signals,
          notifications: deps.notifications,
          urlReader: deps.urlReader,
          auditor: deps.auditor,
          workDir: workDir.path,
          berthConfig,
          chartSources: extensions.chartSources.entries(),
          routingDrivers: () => extensions.routingDrivers.entries(),
          trafficSources: () => extensions.trafficSources.entries(),
        });
        const { environments, projects, projectStore, status } = berth;

        deps.permissionsRegistry.addResourceType({
          resourceRef: environmentResourceRef,
          permissions: berthEnvironmentPermissions,
          rules: Object.values(berthEnvironmentRules),
          getResources: environmentResourceLoader({
            environments,
            projects: projectStore,
          }),
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: projectResourceRef,
          permissions: berthProjectPermissions,
          rules: Object.values(berthProjectRules),
          getResources: refs =>
            Promise.all(
              refs.map(ref => projectStore.get(ref).catch(() => undefined)),
            ),
        });
        // Sandboxes (#15): the resource type loads them through the service;
        // createRouter serves their API (it gets `sandboxes` with `...berth`).
        registerSandboxResourceType(deps.permissionsRegistry, {
          bases: environments,
          sandboxes: berth.sandboxes,
        });

        const workflows = createWorkflows({
          config,
          knex,
          clusters,
          berth,
          logger,
          auditor: deps.auditor,
          signals: deps.signals,
          notifications: deps.notifications,
          moduleJobTypes: extensions.jobTypes.entries(),
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: workflowResourceRef,
          permissions: berthWorkflowPermissions,
          rules: Object.values(berthWorkflowRules),
          getResources: workflowResourceLoader({
            service: workflows.service,
            projects: projectStore,
          }),
        });

        const authorizer = new EnvironmentAuthorizer(
          deps.permissions,
          deps.auditor,
        );
        const projectAuthorizer = new ProjectAuthorizer(
          deps.permissions,
          ref => projectStore.get(ref),
          deps.auditor,
        );
        // Actions (MCP tools) through the same authorization layer as the routes.
        registerBerthActions(deps.actionsRegistry, {
          ...berth,
          ...authorizationLayer({ ...berth, authorizer, projectAuthorizer }),
          auditor: deps.auditor,
        });
        httpRouter.use(
          await createRouter({
            ...berth,
            config,
            logger,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            permissions: deps.permissions,
            authorizer,
            projectAuthorizer,
            clusters,
            extensions,
            workflows: {
              workflowService: workflows.service,
              jobLogs: workflows.jobLogs,
              jobLogNotifier: workflows.jobLogs.notifier,
              deliveries: workflows.deliveries,
              userInfo: deps.userInfo,
              projectOwners: projectStore,
              requireApprovalForTiers: workflows.requireApprovalForTiers,
            },
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        if (berthConfig.demo) {
          await seedDemoProject({
            file: berthConfig.demo.projectFile,
            rootDir: berthConfig.demo.rootDir,
            projects,
            projectStore,
            logger,
          });
          await seedDemoWorkflows({
            file: berthConfig.demo.projectFile,
            rootDir: berthConfig.demo.rootDir,
            workflows: workflows.service,
            logger,
          }).catch(error =>
            logger.warn(
              `Could not seed the demo workflows: ${stringifyError(error)}`,
            ),
          );
        }

        await scheduler.scheduleTask({
          id: 'berth-project-sync',
          frequency: { seconds: 10 },
          timeout: { minutes: 1 },
          scope: 'local',
          fn: async () => {
            await projects.syncFromCatalog();
          },
        });
        await scheduler.scheduleTask({
          id: 'berth-cluster-connections',
          frequency: { seconds: 30 },
          timeout: { seconds: 20 },
          scope: 'local',
          fn: async () => {
            // A catalog that does not answer yet must not stop the probes.
            await clusters
              .refreshCatalogClusters()
              .catch(error =>
                logger.warn(
                  `Could not read catalog clusters: ${stringifyError(error)}`,
                ),
              );
            await clusters.checkConnections();
          },
        });

        // Sleep and wake schedules: every minute, on one replica at a time
        // (each due time is also claimed in the database before it fires).
        await scheduler.scheduleTask({
          id: 'berth-sleep-schedules',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            await berth.sleepScheduler.runDue();
          },
        });

        // Values files tracked from Git: re-read, a new revision when changed.
        await scheduler.scheduleTask({
          id: 'berth-helm-values-sync',
          frequency: { minutes: berth.helmImportConfig.valuesSyncMinutes },
          timeout: { minutes: 10 },
          scope: 'global',
          // One values-sync operation per project with tracked values.
          fn: async () => {
            await berth.queueValuesSyncs();
          },
        });
        // Chart archives no revision names (uploads never imported) go
        // after a day.
        await scheduler.scheduleTask({
          id: 'berth-helm-archive-cleanup',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          scope: 'global',
          fn: async () => {
            const deleted = await berth.chartArchives.deleteUnreferenced(
              new Date(Date.now() - 24 * 60 * 60 * 1000),
            );
            if (deleted > 0) {
              logger.info(`Deleted ${deleted} unused chart archive(s)`);
            }
          },
        });

        // Sandboxes: expired ones are queued for deletion; the routes of
        // the others are written again (a base redeploy may have replaced
        // them) and orphans removed. One replica at a time.
        await scheduler.scheduleTask({
          id: 'berth-sandbox-expiry',
          frequency: { seconds: berthConfig.sandboxes.expiryIntervalSeconds },
          timeout: { minutes: 5 },
          scope: 'global',
          fn: async () => {
            await berth.expireSandboxes();
          },
        });
        await scheduler.scheduleTask({
          id: 'berth-sandbox-reconcile',
          frequency: {
            seconds: berthConfig.sandboxes.reconcileIntervalSeconds,
          },
          timeout: { minutes: 10 },
          scope: 'global',
          fn: async () => {
            await berth.reconcileSandboxes();
          },
        });

        // Workflows: git triggers from the events service, cron triggers and
        // log retention on the scheduler; runs claimed once the backend is
        // up, leases released on shutdown (Kubernetes Jobs keep running).
        await registerWorkflowTriggers({
          knex,
          events: deps.events,
          scheduler,
          logger,
          target: workflows.triggerTarget,
          config: readTriggersConfig(config),
        });
        await scheduleJobLogRetention({
          scheduler,
          store: workflows.jobLogs.store,
          retentionDays: workflows.jobLogRetentionDays,
          logger,
        });
        deps.lifecycle.addStartupHook(() => workflows.engine.start());
        deps.lifecycle.addShutdownHook(() => workflows.engine.stop());

        deps.lifecycle.addStartupHook(() => {
          status
            .start()
            .catch(error =>
              logger.error(
                `Could not start the status watchers: ${stringifyError(error)}`,
              ),
            );
        });
        // Operations: claimed once the backend is up; on shutdown handed
        // back to the queue for another replica (or the next start).
        deps.lifecycle.addStartupHook(() => berth.operations.start());
        deps.lifecycle.addShutdownHook(async () => {
          await berth.operations.stop();
          await status.stop();
          await workDir.remove();
        });

        logger.info(
          `Berth knows ${clusters.list().length} cluster(s): ${
            clusters
              .list()
              .map(c => c.name)
              .join(', ') || 'none configured'
          }`,
        );
      },
    });
  },
});
