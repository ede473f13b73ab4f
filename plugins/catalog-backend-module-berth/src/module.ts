import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { berthServiceRef } from '@berth/plugin-berth-node';
import { BerthEntityProvider } from './BerthEntityProvider';
import { BerthKubernetesIdProcessor } from './BerthKubernetesIdProcessor';

/**
 * Catalog module: Berth's environments as `Resource` entities (type
 * `environment`) related to their System and cluster, refreshed every 30 s,
 * and `backstage.io/kubernetes-id` on every Component Berth deploys (unless
 * it has one); Berth read through `berthServiceRef`.
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
        berth: berthServiceRef,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, berth, logger, scheduler }) {
        const provider = new BerthEntityProvider({ berth, logger });
        catalog.addEntityProvider(provider);
        catalog.addProcessor(new BerthKubernetesIdProcessor({ berth, logger }));
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
