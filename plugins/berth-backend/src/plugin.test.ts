import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { berthPermissions } from '@berth/plugin-berth-common';
import request from 'supertest';
import { newestMigrationOnDisk } from './database/migrations';
import { berthPlugin } from './plugin';

const clusterConfig = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'local-east',
            url: 'https://127.0.0.1:6443',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'secret-token',
          },
        ],
      },
    ],
  },
};

// Starting a whole backend takes seconds on a loaded machine.
jest.setTimeout(60_000);

describe('berth backend plugin', () => {
  it('answers /health without credentials with the status only', async () => {
    const { server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({ data: clusterConfig }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });

    const response = await request(server).get('/api/berth/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.text).not.toContain('127.0.0.1');
    expect(response.text).not.toContain('local-east');
  });

  it('answers /health to a signed-in user with the database and clusters', async () => {
    const { server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({ data: clusterConfig }),
      ],
    });

    const response = await request(server)
      .get('/api/berth/health')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      database: {
        status: 'ok',
        client: 'better-sqlite3',
        migration: newestMigrationOnDisk(),
        environments: 0,
      },
      clusters: [
        {
          name: 'local-east',
          url: 'https://127.0.0.1:6443',
          authProvider: 'serviceAccount',
          allowProduction: true,
          source: 'config',
          // Nothing listens there: shown as such, and nothing else breaks.
          connection: 'Disconnected',
        },
      ],
    });
    expect(response.text).not.toContain('secret-token');
  });

  it('answers /health with an empty cluster list when none is configured', async () => {
    const { server } = await startTestBackend({ features: [berthPlugin] });
    const response = await request(server).get('/api/berth/health');
    expect(response.status).toBe(200);
    expect(response.body.clusters).toEqual([]);
  });

  it('registers its permissions with the permission framework', async () => {
    const { server } = await startTestBackend({ features: [berthPlugin] });
    const response = await request(server).get(
      '/api/berth/.well-known/backstage/permissions/metadata',
    );
    expect(response.status).toBe(200);
    expect(
      response.body.permissions.map((p: { name: string }) => p.name).sort(),
    ).toEqual(berthPermissions.map(p => p.name).sort());
  });

  it('answers unknown routes with 404 and refuses them to anonymous callers', async () => {
    const { server } = await startTestBackend({ features: [berthPlugin] });
    const anonymous = await request(server)
      .get('/api/berth/nothing-here')
      .set('authorization', 'Bearer mock-none-token');
    expect(anonymous.status).toBe(401);
    const user = await request(server).get('/api/berth/nothing-here');
    expect(user.status).toBe(404);
  });

  it('refuses to start on a broken cluster config', async () => {
    await expect(
      startTestBackend({
        features: [
          berthPlugin,
          mockServices.rootConfig.factory({
            data: {
              ...clusterConfig,
              berth: { clusters: { 'local-north': { allowProduction: true } } },
            },
          }),
        ],
      }),
    ).rejects.toThrow('berth.clusters.local-north names a cluster');
  });
});
