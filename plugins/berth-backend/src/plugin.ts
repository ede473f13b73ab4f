import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  berthEnvironmentPermissions,
  berthProjectUpdatePermission,
} from '@berth/plugin-berth-common';
import { resolve } from 'node:path';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { applyDatabaseMigrations } from './database/migrations';
import { seedDemoProject } from './demo/seedDemoProject';
import { DeploymentStore } from './deployments/DeploymentStore';
import { DeployOrchestrator } from './deployments/DeployOrchestrator';
import { findHelmBinary } from './deployments/findHelmBinary';
import { KubernetesDeployer } from './deployments/KubernetesDeployer';
import { EnvironmentInspector } from './environments/EnvironmentInspector';
import { EnvironmentService } from './environments/EnvironmentService';
import { EnvironmentStore } from './environments/EnvironmentStore';
import { NamespaceManager } from './environments/NamespaceManager';
import { StatusService } from './environments/StatusService';
import { HealthService } from './health/HealthService';
import { HelmRunner } from './kubernetes/HelmRunner';
import { EnvironmentAuthorizer } from './permissions/EnvironmentAuthorizer';
import {
  berthEnvironmentRules,
  environmentResourceRef,
} from './permissions/environmentRules';
import { ProjectService } from './projects/ProjectService';
import { ProjectStore } from './projects/ProjectStore';
import { createRouter } from './router';
import { ServiceStore } from './services/ServiceStore';

/**
 * The Berth backend plugin: Kubernetes environments for catalog Systems.
 *
 * @public
 */
export const berthPlugin = createBackendPlugin({
  pluginId: 'berth',
  register(env) {
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
        catalog: catalogServiceRef,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, scheduler } = deps;
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
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }

        const projectStore = new ProjectStore(knex);
        const services = new ServiceStore(knex);
        const environments = new EnvironmentStore(knex);
        const deployments = new DeploymentStore(knex);

        deps.permissionsRegistry.addResourceType({
          resourceRef: environmentResourceRef,
          permissions: berthEnvironmentPermissions,
          rules: Object.values(berthEnvironmentRules),
          getResources: ids =>
            Promise.all(
              ids.map(id => environments.getById(id).catch(() => undefined)),
            ),
        });
        deps.permissionsRegistry.addPermissions([berthProjectUpdatePermission]);

        const deployer = new KubernetesDeployer(
          clusters,
          new HelmRunner(
            findHelmBinary(config.getOptionalString('berth.helm.binary')),
          ),
        );
        const resolveChartPath = (path: string) =>
          resolve(config.getOptionalString('berth.demo.rootDir') ?? '.', path);
        const orchestrator = new DeployOrchestrator({
          services,
          deployments,
          deployer,
          logger,
          groupTimeoutMs:
            (config.getOptionalNumber('berth.deploy.groupTimeoutSeconds') ??
              300) * 1000,
          resolveChartPath,
        });
        const projects = new ProjectService({
          projects: projectStore,
          services,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
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
          resolveChartPath,
        });
        const status = new StatusService({
          clusters,
          environments,
          services,
          deployments,
          orchestrator,
          signals: deps.signals,
          logger,
        });
        const health = new HealthService({
          knex,
          environments,
          clusters: () => clusters.list(),
        });

        httpRouter.use(
          createRouter({
            config,
            logger,
            health,
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            permissions: deps.permissions,
            authorizer: new EnvironmentAuthorizer(deps.permissions),
            clusters,
            environments,
            environmentService,
            projects,
            services,
            deployments,
            status,
            inspector: new EnvironmentInspector(clusters),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        const demoFile = config.getOptionalString('berth.demo.projectFile');
        if (demoFile) {
          await seedDemoProject({
            file: demoFile,
            rootDir: config.getOptionalString('berth.demo.rootDir') ?? '.',
            projects,
            projectStore,
            logger,
          });
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

        deps.lifecycle.addStartupHook(() => {
          status
            .start()
            .catch(error =>
              logger.error(
                `Could not start the status watchers: ${stringifyError(error)}`,
              ),
            );
        });
        deps.lifecycle.addShutdownHook(() => status.stop());

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
