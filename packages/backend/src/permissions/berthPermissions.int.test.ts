import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import permissionPlugin from '@backstage/plugin-permission-backend';
import berthPlugin from '@berth/plugin-berth-backend';
import request from 'supertest';
import berthExamplePolicyModule from './berthExamplePolicyModule';
// A test helper of the plugin's integration suites, not part of its API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  awaitOperation,
  deleteEnvironments,
} from '../../../../plugins/berth-backend/src/__testUtils__/awaitOperation';

// Every mutating route of Berth, through the real permission backend and the
// example policy, for four identities: no session, another team, the owner
// of the project's System, and a production admin. Environments live on the
// local clusters (the integration suite's global setup starts them).
jest.setTimeout(180_000);

const suffix = Math.random().toString(36).slice(2, 8);
const project = `perm-${suffix}`;
const users: Record<string, string[]> = {
  'user:default/otto': ['group:default/team-other'],
  'user:default/olivia': ['group:default/team-owners'],
  'user:default/ada': ['group:default/platform-admins'],
};
const identities = {
  none: { authorization: 'Bearer mock-none-token' },
  other: { authorization: mockCredentials.user.header('user:default/otto') },
  owner: { authorization: mockCredentials.user.header('user:default/olivia') },
  admin: { authorization: mockCredentials.user.header('user:default/ada') },
};
type Who = keyof typeof identities;

const clusterConfig = JSON.parse(
  readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
);
const cluster =
  clusterConfig.kubernetes.clusterLocatorMethods[0].clusters[0].name;

// A one-service project, seeded like the demo project.
const projectFile = join(
  mkdtempSync(join(tmpdir(), 'berth-perm-')),
  'project.yaml',
);
writeFileSync(
  projectFile,
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
            '../../../../plugins/berth-backend/test-fixtures/charts/hello',
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

describe('Berth permissions with the example policy', () => {
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        berthPlugin,
        permissionPlugin,
        berthExamplePolicyModule,
        mockServices.rootConfig.factory({
          data: {
            ...clusterConfig,
            permission: { enabled: true },
            berth: {
              permissions: {
                productionAdmins: ['group:default/platform-admins'],
              },
              demo: { projectFile },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'System',
              metadata: {
                name: project,
                namespace: 'default',
                annotations: { 'berth.dev/project': 'true' },
              },
              spec: { owner: 'team-owners' },
              relations: [
                { type: 'ownedBy', targetRef: 'group:default/team-owners' },
              ],
            },
          ],
        }),
        // The mock httpAuth service drops the acting plugin from on-behalf-of
        // tokens; the real one keeps it, and the permission backend relies on
        // it to accept conditional queries from plugins. Restore it.
        createServiceFactory({
          service: coreServices.httpAuth,
          deps: { plugin: coreServices.pluginMetadata },
          factory: ({ plugin }) => {
            const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
            return {
              issueUserCookie: inner.issueUserCookie.bind(inner),
              async credentials(req: any, options?: any) {
                const credentials = await inner.credentials(req, options);
                const onBehalf = /^Bearer mock-service-token:(.*)$/.exec(
                  req.headers?.authorization ?? '',
                );
                if (
                  onBehalf &&
                  (credentials.principal as { type: string }).type === 'user'
                ) {
                  const { obo } = JSON.parse(onBehalf[1]);
                  return mockCredentials.user(obo, {
                    actor: { subject: 'plugin:berth' },
                  }) as any;
                }
                return credentials;
              },
            };
          },
        }),
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
    server = backend.server;
    // The project's owner comes from the catalog, read by a scheduled sync.
    for (let i = 0; i < 100; i++) {
      const res = await request(server)
        .get(`/api/berth/projects/default/${project}`)
        .set(identities.admin);
      if (res.body.ownerRef === 'group:default/team-owners') return;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error('The project was not synced from the catalog');
  });

  const environmentsPath = `/api/berth/projects/default/${project}/environments`;

  afterAll(async () => {
    // Delete what is left, with its namespaces, and wait until it is gone.
    const list = await request(server)
      .get(environmentsPath)
      .set(identities.admin);
    await deleteEnvironments(
      server,
      (list.body.items ?? []).map((e: { id: string }) => e.id),
      { headers: identities.admin, timeoutMs: 300_000 },
    );
  });

  const create = (who: Who, name: string, tier = 'testing') =>
    request(server)
      .post(environmentsPath)
      .set(identities[who])
      .send({ environments: [{ name, cluster, tier, deploy: false }] });

  async function environmentId(name: string, tier = 'testing') {
    const res = await create('admin', name, tier);
    expect({ status: res.status, error: res.body.error?.message }).toEqual({
      status: 201,
      error: undefined,
    });
    return res.body.items[0].id as string;
  }

  it('create: refused without a session and to another team; allowed to the owner and an admin', async () => {
    expect((await create('none', 'c-none')).status).toBe(401);
    const other = await create('other', 'c-other');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain(
      "Not allowed to create environment 'c-other'",
    );
    expect((await create('owner', 'c-owner')).status).toBe(201);
    expect((await create('admin', 'c-admin')).status).toBe(201);
    // Nothing was created for the refused requests.
    const list = await request(server)
      .get(environmentsPath)
      .set(identities.admin);
    expect(list.body.items.map((e: { name: string }) => e.name).sort()).toEqual(
      ['c-admin', 'c-owner'],
    );
  });

  interface MutatingRoute {
    name: string;
    method: 'post' | 'put' | 'delete';
    path: (id: string) => string;
    body?: (who: Who) => object;
    /** What an allowed caller gets; 404 where the permission check passes and the record asked for does not exist. */
    ok: number;
  }
  const env = (id: string) => `/api/berth/environments/${id}`;
  const routes: MutatingRoute[] = [
    {
      name: 'deploy',
      method: 'post',
      path: id => `${env(id)}/deploy`,
      ok: 202,
    },
    {
      name: 'service-deploy',
      method: 'post',
      path: id => `${env(id)}/services/hello/deploy`,
      body: () => ({ images: { main: 'ghcr.io/berth-demo/hello:2.0.0' } }),
      ok: 202,
    },
    {
      name: 'restart',
      method: 'post',
      path: id => `${env(id)}/services/hello/restart`,
      ok: 202,
    },
    {
      name: 'scale',
      method: 'post',
      path: id => `${env(id)}/services/hello/scale`,
      body: () => ({ replicas: 1 }),
      ok: 202,
    },
    {
      name: 'values',
      method: 'put',
      path: id => `${env(id)}/values`,
      body: () => ({ values: 'message: hi\n' }),
      ok: 200,
    },
    {
      name: 'copy',
      method: 'post',
      path: id => `${env(id)}/copy`,
      body: who => ({ name: `copied-${who}`, deploy: false }),
      ok: 201,
    },
    {
      name: 'sleep',
      method: 'post',
      path: id => `${env(id)}/sleep`,
      ok: 202,
    },
    {
      name: 'sleep-schedule',
      method: 'put',
      path: id => `${env(id)}/sleep-schedule`,
      body: () => ({ sleepCron: '0 20 * * 1-5', timeZone: 'UTC' }),
      ok: 200,
    },
    {
      name: 'config',
      method: 'post',
      path: id => `${env(id)}/configs`,
      body: () => ({
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { mode: 'test' },
        },
      }),
      ok: 201,
    },
    {
      name: 'rollback',
      method: 'post',
      path: id => `${env(id)}/services/hello/rollback`,
      body: () => ({ deploymentId: '00000000-0000-4000-8000-000000000000' }),
      ok: 404,
    },
    { name: 'delete', method: 'delete', path: id => env(id), ok: 202 },
  ];

  it.each(routes.map(r => [r.name, r] as const))(
    '%s: 401 without a session, 403 for another team, allowed for the owner and an admin outside production',
    async (_name, route) => {
      for (const who of ['none', 'other', 'owner', 'admin'] as const) {
        const id = await environmentId(`${route.name}-${who}`);
        const res = await request(server)
          [route.method](route.path(id))
          .set(identities[who])
          .send(route.body?.(who) ?? {});
        const expected = {
          none: 401,
          other: 403,
          owner: route.ok,
          admin: route.ok,
        }[who];
        expect({ who, status: res.status }).toEqual({ who, status: expected });
      }
    },
  );

  it('copying a production environment: only with the production-copy permission (an admin), not the owner', async () => {
    const id = await environmentId('prod-src', 'production');
    const owner = await request(server)
      .post(`/api/berth/environments/${id}/copy`)
      .set(identities.owner)
      .send({ name: 'prod-copy-owner', tier: 'testing', deploy: false });
    expect(owner.status).toBe(403);
    const admin = await request(server)
      .post(`/api/berth/environments/${id}/copy`)
      .set(identities.admin)
      .send({ name: 'prod-copy-admin', tier: 'testing', deploy: false });
    expect(admin.status).toBe(201);
    const names = (
      await request(server).get(environmentsPath).set(identities.admin)
    ).body.items.map((e: { name: string }) => e.name);
    expect(names).toContain('prod-copy-admin');
    expect(names).not.toContain('prod-copy-owner');
  });

  it('production deploy and delete: only an admin, not even the owner', async () => {
    const id = await environmentId('prod', 'production');
    for (const [method, path] of [
      ['post', `/api/berth/environments/${id}/deploy`],
      ['delete', `/api/berth/environments/${id}`],
    ] as const) {
      expect(
        (await request(server)[method](path).set(identities.owner)).status,
      ).toBe(403);
    }
    const deployed = await request(server)
      .post(`/api/berth/environments/${id}/deploy`)
      .set(identities.admin);
    expect(deployed.status).toBe(202);
    const deleted = await request(server)
      .delete(`/api/berth/environments/${id}`)
      .set(identities.admin);
    expect(deleted.status).toBe(202);
    // The deploy runs first, then the delete queued behind it.
    for (const operation of [deployed.body.operation, deleted.body.operation]) {
      expect(
        await awaitOperation(server, id, operation.id, {
          headers: identities.admin,
        }),
      ).toMatchObject({ status: 'succeeded' });
    }
    const gone = await request(server)
      .get(`/api/berth/environments/${id}`)
      .set(identities.admin);
    expect(gone.status).toBe(404);
  });

  it('lists only what the caller may read, filtered in the database', async () => {
    const res = await request(server)
      .get(environmentsPath)
      .set(identities.none);
    expect(res.status).toBe(401);
    const other = await request(server)
      .get(environmentsPath)
      .set(identities.other);
    expect(other.status).toBe(200);
  });
});
