import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createBerthActions } from './actions';
import { PortalLinks } from './berth/portalLinks';

/**
 * Scaffolder module: the `berth:*` template actions (environment create,
 * copy and deploy, Helm import, workflow run, sandbox create). Each calls
 * Berth's REST API with a token on behalf of the task's initiator, so
 * Berth's permission checks apply to the user who ran the template.
 *
 * @public
 */
export const scaffolderModuleBerth = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'berth',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        scaffolder.addActions(
          ...createBerthActions({
            auth,
            discovery,
            links: PortalLinks.fromConfig(config),
            pollMs: config.getOptionalNumber('berth.scaffolder.pollIntervalMs'),
          }),
        );
      },
    });
  },
});
