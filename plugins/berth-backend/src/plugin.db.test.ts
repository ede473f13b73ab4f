import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { newestMigrationOnDisk } from './database/migrations';
import { berthPlugin } from './plugin';

jest.setTimeout(60_000);

const POSTGRES_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

// The backend's own database service (not a mock), configured the way an
// operator configures app-config.yaml, once per database client.
const databaseConfigs: Array<[string, object]> = [
  ['better-sqlite3', { client: 'better-sqlite3', connection: ':memory:' }],
  ['pg', { client: 'pg', connection: process.env[POSTGRES_ENV] }],
];

describe.each(databaseConfigs)(
  'the berth backend on %s',
  (client, database) => {
    it('migrates its database and reports it in /health', async () => {
      if (client === 'pg' && !process.env[POSTGRES_ENV]) {
        throw new Error(`${POSTGRES_ENV} is not set: run './berth test'`);
      }
      const { server } = await startTestBackend({
        features: [
          berthPlugin,
          databaseServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                baseUrl: 'http://localhost:7007',
                database: {
                  ...database,
                  // A fresh database per run on a shared server.
                  prefix: `berth_test_${Date.now()}_`,
                },
              },
            },
          }),
        ],
      });

      const response = await request(server).get('/api/berth/health');

      expect(response.status).toBe(200);
      expect(response.body.database).toEqual({
        status: 'ok',
        client,
        migration: newestMigrationOnDisk(),
        environments: 0,
      });
    });
  },
);
