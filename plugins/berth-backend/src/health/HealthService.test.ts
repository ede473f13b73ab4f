import knexFactory from 'knex';
import {
  applyDatabaseMigrations,
  newestMigrationOnDisk,
} from '../database/migrations';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { HealthService } from './HealthService';

describe('HealthService', () => {
  async function setUp() {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const health = new HealthService({
      knex,
      environments: new EnvironmentStore(knex),
      clusters: () => [],
    });
    return { knex, health };
  }

  it('reports ok with the newest migration and the environment count', async () => {
    const { health, knex } = await setUp();
    await new EnvironmentStore(knex).create({
      projectRef: 'system:default/shop',
      name: 'dev',
      cluster: 'local-east',
      namespace: 'shop-dev',
      tier: 'development',
      createdBy: 'user:default/guest',
    });
    const report = await health.check();
    await knex.destroy();
    expect(report).toEqual({
      status: 'ok',
      database: {
        status: 'ok',
        client: 'better-sqlite3',
        migration: newestMigrationOnDisk(),
        environments: 1,
      },
      clusters: [],
    });
  });

  it('reports degraded with the error when the database is gone', async () => {
    const { health, knex } = await setUp();
    await knex.destroy();
    const report = await health.check();
    expect(report.status).toBe('degraded');
    expect(report.database.status).toBe('error');
    expect(report.database.error).toMatch(/destroy|pool|connection/i);
  });
});
