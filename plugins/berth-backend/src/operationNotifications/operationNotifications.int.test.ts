import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';
import { testClusters, waitFor } from '../__testUtils__/testClusters';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';

// A deploy that fails on the local cluster (the hello chart renders
// `replicas: many`, which the API server refuses), through the real
// operations engine, and the notification it produces read back through the
// real notifications backend's API by the project's owners and the deploy's
// actor; a user who is neither sees nothing.
jest.setTimeout(300_000);

const [east] = testClusters();
const suffix = Math.random().toString(36).slice(2, 8);
const project = `notify-${suffix}`;
const team = `group:default/team-${suffix}`;
const OLIVIA = 'user:default/olivia'; // in the owning team
const ADA = 'user:default/ada'; // deploys
const OTTO = 'user:default/otto'; // neither
const as = (user: string) => ({
  authorization: mockCredentials.user.header(user),
});

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: project,
      namespace: 'default',
      annotations: { 'berth.dev/project': 'true' },
    },
    spec: { owner: team },
    relations: [{ type: 'ownedBy', targetRef: team }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: `team-${suffix}`, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: OLIVIA }],
  },
  ...['olivia', 'ada', 'otto'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
  })),
];

interface ReadNotification {
  user: string;
  origin: string;
  payload: {
    title: string;
    description?: string;
    severity?: string;
    link?: string;
    topic?: string;
    scope?: string;
  };
}

describe('operation notifications through the notifications backend', () => {
  let server: Parameters<typeof request>[0];
  const environmentIds: string[] = [];

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        notificationsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            ...config,
            app: { baseUrl: 'http://localhost:3000' },
            berth: {
              demo: { projectFile: writeTestProjectFile(project) },
              deploy: { groupTimeoutSeconds: 60 },
              operations: { pollIntervalMs: 200 },
            },
          },
        }),
      ],
    }));
    // The project's owner comes from the catalog, read by a scheduled sync.
    await waitFor(
      async () =>
        (
          await request(server).get(`/api/berth/projects/default/${project}`)
        ).body.ownerRef === team,
      60_000,
      'the project owner synced from the catalog',
    );
  });

  afterAll(async () => {
    await deleteEnvironments(server, environmentIds);
  });

  async function notificationsOf(user: string): Promise<ReadNotification[]> {
    const res = await request(server)
      .get('/api/notifications/notifications')
      .set(as(user));
    expect(res.status).toBe(200);
    return res.body.notifications;
  }

  it('a failed deploy notifies the project owners and its actor', async () => {
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .set(as(ADA))
      .send({
        environments: [
          {
            name: 'dev',
            cluster: east.name,
            tier: 'development',
            values: 'replicaCount: many\n',
            deploy: false,
          },
        ],
      });
    expect(created.status).toBe(201);
    const environmentId: string = created.body.items[0].id;
    environmentIds.push(environmentId);
    const create = await awaitOperation(
      server,
      environmentId,
      created.body.operations[0].id,
    );
    expect(create.status).toBe('succeeded');

    const deploy = await request(server)
      .post(`/api/berth/environments/${environmentId}/deploy`)
      .set(as(ADA))
      .send({});
    expect(deploy.status).toBe(202);
    const operation = await awaitOperation(
      server,
      environmentId,
      deploy.body.operation.id,
    );
    expect(operation.status).toBe('failed');
    expect(operation.message).toMatch(/replicas/);

    const scope = `berth:operation:${operation.id}`;
    await waitFor(
      async () =>
        (await notificationsOf(OLIVIA)).some(n => n.payload.scope === scope),
      30_000,
      'the owner notified',
    );
    const [owners] = (await notificationsOf(OLIVIA)).filter(
      n => n.payload.scope === scope,
    );
    expect(owners).toMatchObject({
      user: OLIVIA,
      origin: 'plugin:berth',
      payload: {
        title: `Deploy all services failed in ${project} dev (development)`,
        severity: 'normal',
        link: `/berth/environments/${environmentId}?tab=activity`,
        topic: 'berth-operation-failed',
        scope,
      },
    });
    expect(owners.payload.description).toContain(operation.message);
    expect(owners.payload.description).toContain(`Started by ${ADA}`);
    expect(
      (await notificationsOf(ADA)).filter(n => n.payload.scope === scope),
    ).toHaveLength(1);
    expect(
      (await notificationsOf(OTTO)).filter(n => n.payload.scope === scope),
    ).toEqual([]);
  });
});
