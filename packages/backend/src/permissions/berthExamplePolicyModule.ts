import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { BerthExamplePolicy } from './BerthExamplePolicy';

/** Installs {@link BerthExamplePolicy} as the portal's permission policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'berth-example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new BerthExamplePolicy(
            config.getOptionalStringArray(
              'berth.permissions.productionAdmins',
            ) ?? ['group:default/platform-admins'],
          ),
        );
      },
    });
  },
});
