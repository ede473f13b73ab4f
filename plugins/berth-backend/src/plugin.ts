import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { berthPermissions } from '@berth/plugin-berth-common';
import { readConfiguredClusters } from './clusters/readConfiguredClusters';
import { applyDatabaseMigrations } from './database/migrations';
import { EnvironmentStore } from './environments/EnvironmentStore';
import { HealthService } from './health/HealthService';
import { createRouter } from './router';

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
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        permissionsRegistry,
      }) {
        const clusters = readConfiguredClusters(config);
        const knex = await database.getClient();
        if (!database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }

        permissionsRegistry.addPermissions(berthPermissions);

        const environments = new EnvironmentStore(knex);
        const health = new HealthService({
          knex,
          environments,
          clusters: () => clusters,
        });

        httpRouter.use(createRouter({ config, logger, health }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(
          `Berth knows ${clusters.length} cluster(s): ${
            clusters.map(c => c.name).join(', ') || 'none configured'
          }`,
        );
      },
    });
  },
});
