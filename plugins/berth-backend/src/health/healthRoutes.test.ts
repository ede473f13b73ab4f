import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import knexFactory from 'knex';
import request from 'supertest';
import { applyDatabaseMigrations } from '../database/migrations';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { healthRoutes } from './healthRoutes';
import { HealthService } from './HealthService';

const cluster = {
  name: 'secret-east',
  url: 'https://10.20.30.40:6443',
  authProvider: 'serviceAccount',
  allowProduction: true,
  source: 'config' as const,
};

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
    clusters: () => [cluster],
  });
  const app = express().use(
    healthRoutes({
      health,
      // No Authorization header: no credentials at all.
      httpAuth: mockServices.httpAuth({
        defaultCredentials: mockCredentials.none(),
      }),
    }),
  );
  return { app, knex };
}

describe('GET /health', () => {
  it('tells a caller without a token only that Berth is ok', async () => {
    const { app, knex } = await setUp();
    const response = await request(app).get('/health');
    await knex.destroy();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('tells a caller without a token only that Berth is degraded: no error, no client', async () => {
    const { app, knex } = await setUp();
    await knex.destroy();
    const response = await request(app).get('/health');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'degraded' });
  });

  it('answers an invalid token like no token', async () => {
    const { app, knex } = await setUp();
    const response = await request(app)
      .get('/health')
      .set('Authorization', 'Bearer not-a-token');
    await knex.destroy();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.text).not.toContain('10.20.30.40');
    expect(response.text).not.toContain('secret-east');
  });

  it.each([
    ['user', mockCredentials.user.header()],
    ['service', mockCredentials.service.header()],
  ])('gives a %s token the database and the clusters', async (_, header) => {
    const { app, knex } = await setUp();
    const response = await request(app)
      .get('/health')
      .set('Authorization', header);
    await knex.destroy();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      database: { status: 'ok', client: 'better-sqlite3', environments: 0 },
      clusters: [cluster],
    });
  });

  it('gives a signed-in caller the database error when degraded', async () => {
    const { app, knex } = await setUp();
    await knex.destroy();
    const response = await request(app)
      .get('/health')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(503);
    expect(response.body.database.status).toBe('error');
    expect(response.body.database.error).toMatch(/destroy|pool|connection/i);
  });
});
