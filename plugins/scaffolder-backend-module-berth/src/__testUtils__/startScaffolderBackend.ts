import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// The test runs the real Berth plugin that the actions call (tests only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import berthPlugin from '@berth/plugin-berth-backend';
// Test helpers of the plugin's integration suites, not part of its API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { onBehalfOfHttpAuthFactory } from '../../../berth-backend/src/__testUtils__/onBehalfOfHttpAuth';
import { readFileSync } from 'node:fs';
import { scaffolderModuleBerth } from '../module';

/** The test users: an owner of the project, and one of another team. */
export const users = {
  owner: 'user:default/olivia',
  other: 'user:default/otto',
};

/** The Authorization header of a test user. */
export function as(user: string) {
  return { authorization: mockCredentials.user.header(user) };
}

/**
 * The example policy's gist for the test: every signed-in user reads Berth
 * and uses the scaffolder; only the owner changes anything in Berth.
 */
const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'scaffolder-berth-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(request, user): Promise<PolicyDecision> {
            const name = request.permission.name;
            const reads = !name.startsWith('berth.') || name.endsWith('.read');
            if (reads || user?.info.userEntityRef === users.owner) {
              return { result: AuthorizeResult.ALLOW };
            }
            return { result: AuthorizeResult.DENY };
          },
        });
      },
    });
  },
});

/**
 * The real scaffolder backend with the Berth actions, the real Berth plugin
 * on the local clusters (config from BERTH_TEST_APP_CONFIG, with `berth`
 * merged over it), the real permission backend with the policy above, and a
 * mock catalog holding `entities`.
 */
export async function startScaffolderBackend(options: {
  entities: Entity[];
  berth: Record<string, any>;
}) {
  const clusterConfig = JSON.parse(
    readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
  );
  return startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleBerth,
      berthPlugin,
      permissionPlugin,
      policyModule,
      mockServices.rootConfig.factory({
        data: {
          ...clusterConfig,
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: true },
          berth: {
            ...clusterConfig.berth,
            ...options.berth,
            scaffolder: { pollIntervalMs: 500 },
          },
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
      // The mock httpAuth drops the user and acting plugin of on-behalf-of
      // tokens; the permission backend needs them (see onBehalfOfHttpAuth).
      onBehalfOfHttpAuthFactory('plugin:on-behalf-of-user'),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            const groups =
              ref === users.owner ? ['group:default/team-owners'] : [];
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...groups],
            };
          },
        }),
      }),
    ],
  });
}
