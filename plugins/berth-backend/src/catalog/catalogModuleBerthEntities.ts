import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { BerthEntityProvider } from './BerthEntityProvider';

/**
 * Catalog module: Berth's environments as `Resource` entities (type
 * `environment`) related to their System and cluster, refreshed every 30 s.
 *
 * @public
 */
export const catalogModuleBerthEntities = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'berth-entities',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, discovery, auth, logger, scheduler }) {
        const provider = new BerthEntityProvider({ discovery, auth, logger });
        catalog.addEntityProvider(provider);
        await scheduler.scheduleTask({
          id: 'berth-entity-provider',
          frequency: { seconds: 30 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await provider.refresh();
          },
        });
      },
    });
  },
});
