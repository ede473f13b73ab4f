import {
  BackendFeature,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import berthPlugin from '@berth/plugin-berth-backend';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { onBehalfOfHttpAuthFactory } from '../../../../../plugins/berth-backend/src/__testUtils__/onBehalfOfHttpAuth';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';

/** The groups of each test user (their ownership refs, from userInfo). */
export const users: Record<string, string[]> = {
  'user:default/otto': ['group:default/team-other'],
  'user:default/olivia': ['group:default/team-owners'],
  'user:default/ada': ['group:default/platform-admins'],
};

/** Four identities: no session, another team, the System's owner, an admin. */
export const identities = {
  none: { authorization: 'Bearer mock-none-token' },
  other: { authorization: mockCredentials.user.header('user:default/otto') },
  owner: { authorization: mockCredentials.user.header('user:default/olivia') },
  admin: { authorization: mockCredentials.user.header('user:default/ada') },
};
export type Who = keyof typeof identities;

const clusterConfig = JSON.parse(
  readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
);
/** The first local cluster of the integration suite. */
export const cluster: string =
  clusterConfig.kubernetes.clusterLocatorMethods[0].clusters[0].name;

/** A one-service (`hello`) project file, seeded like the demo project. */
function projectFile(project: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'berth-perm-')), 'project.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      project: `system:default/${project}`,
      services: [
        {
          name: 'hello',
          component: 'component:default/hello',
          kind: 'helm',
          helm: {
            chart: resolve(
              __dirname,
              '../../../../../plugins/berth-backend/test-fixtures/charts/hello',
            ),
            images: [
              {
                name: 'main',
                repositoryPath: 'image.repository',
                tagPath: 'image.tag',
              },
            ],
          },
        },
      ],
      startOrder: [{ name: 'all', services: ['hello'] }],
    }),
  );
  return file;
}

function system(name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'berth.dev/project': 'true' },
    },
    spec: { owner: 'team-owners' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-owners' }],
  };
}

/**
 * The real Berth and permission backends with the given policy module, the
 * local clusters, and Systems owned by `team-owners`: `seeded` with the
 * `hello` service, and `others` without services. Resolves once every
 * project's owner was synced from the catalog. `berth` adds to Berth's
 * configuration (clusters' adoptable namespaces, say); `features` and
 * `config` add plugins and configuration (the MCP actions plugin, say).
 */
export async function startPermissionBackend(options: {
  policy: BackendFeature;
  seeded: string;
  others?: string[];
  berth?: Record<string, unknown>;
  /** More features (plugins, service factories) and top-level config. */
  features?: BackendFeature[];
  config?: Record<string, unknown>;
}): Promise<Parameters<typeof request>[0]> {
  const projects = [options.seeded, ...(options.others ?? [])];
  const backend = await startTestBackend({
    features: [
      berthPlugin,
      permissionPlugin,
      options.policy,
      mockServices.rootConfig.factory({
        data: {
          ...clusterConfig,
          ...options.config,
          permission: { enabled: true },
          berth: {
            ...options.berth,
            permissions: {
              productionAdmins: ['group:default/platform-admins'],
            },
            demo: { projectFile: projectFile(options.seeded) },
          },
        },
      }),
      catalogServiceMock.factory({ entities: projects.map(system) }),
      ...(options.features ?? []),
      // The mock httpAuth drops the user and acting plugin of on-behalf-of
      // tokens; the permission backend needs them (see onBehalfOfHttpAuth).
      onBehalfOfHttpAuthFactory('plugin:berth'),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials) {
            const ref = (credentials.principal as { userEntityRef: string })
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(users[ref] ?? [])],
            };
          },
        }),
      }),
    ],
  });
  const server = backend.server;
  // The projects' owner comes from the catalog, read by a scheduled sync.
  for (let i = 0; i < 100; i++) {
    const owners = await Promise.all(
      projects.map(async p => {
        const res = await request(server)
          .get(`/api/berth/projects/default/${p}`)
          .set(identities.admin);
        return res.body.ownerRef;
      }),
    );
    if (owners.every(o => o === 'group:default/team-owners')) return server;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error('The projects were not synced from the catalog');
}
