import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { awaitOperation } from '../__testUtils__/awaitOperation';
import { recordingServices } from '../__testUtils__/recordingServices';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';
import { berthPlugin } from '../plugin';

// Secret Helm values through the HTTP API on a local cluster: a chart whose
// values hold a root password is created, deployed, updated and rolled
// back; the passwords reach the release (the Secret it renders) and nothing
// else: no table or column of the database, no API response, no audit
// record, no log line.
jest.setTimeout(300_000);

const [east] = testClusters();
const project = `sv-${randomBytes(3).toString('hex')}`;
const DATABASE_CHART = resolve(
  __dirname,
  '../../test-fixtures/charts/database',
);
const pw = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;
const defaultPassword = pw('default');
const createPassword = pw('create');
const updatePassword = pw('update');
const setPassword = pw('set');
const markedValue = pw('marked');
const passwords = [
  defaultPassword,
  createPassword,
  updatePassword,
  setPassword,
  markedValue,
];
const b64 = (s: string) => Buffer.from(s).toString('base64');
const forbidden = passwords.flatMap(p => [p, b64(p)]);

function writeProjectFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-secret-values-'));
  const values = join(dir, 'values.yaml');
  writeFileSync(values, `auth:\n  rootPassword: ${defaultPassword}\n`);
  const file = join(dir, 'project.yaml');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      project: `system:default/${project}`,
      services: [
        {
          name: 'db',
          component: 'component:default/db',
          kind: 'helm',
          helm: {
            chart: DATABASE_CHART,
            values,
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
      startOrder: [{ name: 'all', services: ['db'] }],
    }),
  );
  return file;
}

describe('secret values', () => {
  let server: Parameters<typeof request>[0];
  let knex: Knex;
  let environmentId: string;
  let namespace: string;
  const recorded = recordingServices();
  const responses: string[] = [];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);

  async function call(
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    body?: object,
  ) {
    const req = request(server)[method](`/api/berth${path}`);
    const res = body ? await req.send(body) : await req;
    responses.push(res.text ?? '');
    return res;
  }

  async function records() {
    const res = await call('get', `/environments/${environmentId}/deployments`);
    return res.body.items as any[];
  }

  async function settled(count: number) {
    await waitFor(
      async () => {
        const items = await records();
        return (
          items.length >= count && items.every(r => r.result !== 'running')
        );
      },
      120_000,
      `${count} finished deploys`,
    );
    return (await records())[0];
  }

  async function livePassword() {
    const secret = await core.readNamespacedSecret({
      name: 'db-auth',
      namespace,
    });
    return Buffer.from(secret.data!['root-password'], 'base64').toString();
  }

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            berth: {
              demo: { projectFile: writeProjectFile() },
              deploy: { groupTimeoutSeconds: 120 },
              values: {
                encryptionKey: `key-${randomBytes(16).toString('hex')}`,
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
        ...recorded.factories,
      ],
    }));
  });

  afterAll(async () => {
    if (environmentId) {
      const res = await call('delete', `/environments/${environmentId}`);
      if (res.body?.operation?.id) {
        await awaitOperation(server, environmentId, res.body.operation.id);
      }
    }
    await knex?.destroy();
  });

  it('keeps the default password out of the project and its revisions', async () => {
    const revisions = await call(
      'get',
      `/projects/default/${project}/services/db/revisions`,
    );
    expect(revisions.status).toBe(200);
    expect(revisions.body.items[0].spec.values).toBe(
      `auth:\n  rootPassword: ${SECRET_VALUE_MASK}\n`,
    );
  });

  it('creates and deploys with a password of the environment', async () => {
    const created = await call(
      'post',
      `/projects/default/${project}/environments`,
      {
        environments: [
          {
            name: 'sv',
            cluster: east.name,
            tier: 'development',
            values: `dbHost:\n  $secret: ${markedValue}\n`,
            services: {
              db: { values: `auth:\n  rootPassword: ${createPassword}\n` },
            },
          },
        ],
      },
    );
    expect(created.status).toBe(201);
    environmentId = created.body.items[0].id;
    namespace = created.body.items[0].namespace;
    expect(created.body.items[0].values).toBe(`dbHost: ${SECRET_VALUE_MASK}\n`);
    expect(created.body.items[0].services.db.values).toBe(
      `auth:\n  rootPassword: ${SECRET_VALUE_MASK}\n`,
    );
    const operation = await awaitOperation(
      server,
      environmentId,
      created.body.operations[0].id,
    );
    expect(operation.status).toBe('succeeded');
    expect(await livePassword()).toBe(createPassword);
  });

  it('updates the password, keeps it when given the mask, and shows only the mask', async () => {
    const deploy = await call(
      'post',
      `/environments/${environmentId}/services/db/deploy`,
      {
        values: `auth:\n  rootPassword: ${updatePassword}\n`,
        set: { 'auth.replicationPassword': setPassword },
      },
    );
    expect(deploy.status).toBe(202);
    expect((await settled(2)).result).toBe('succeeded');
    expect(await livePassword()).toBe(updatePassword);

    const environment = await call('get', `/environments/${environmentId}`);
    expect(environment.body.services.db).toMatchObject({
      values: `auth:\n  rootPassword: ${SECRET_VALUE_MASK}\n`,
      set: { 'auth.replicationPassword': SECRET_VALUE_MASK },
    });
    // What the API shows, sent back, keeps the stored secrets.
    const again = await call(
      'post',
      `/environments/${environmentId}/services/db/deploy`,
      { values: environment.body.services.db.values },
    );
    expect(again.status).toBe(202);
    expect((await settled(3)).result).toBe('succeeded');
    expect(await livePassword()).toBe(updatePassword);
    const preview = await call(
      'post',
      `/environments/${environmentId}/services/db/preview`,
      { values: `auth:\n  rootPassword: ${updatePassword}\n` },
    );
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(SECRET_VALUE_MASK);
  });

  it('rolls back to the first deploy with its password', async () => {
    const first = (await records()).at(-1);
    const res = await call(
      'post',
      `/environments/${environmentId}/services/db/rollback`,
      { deploymentId: first.id },
    );
    expect(res.status).toBe(202);
    const rollback = await settled(4);
    expect(rollback).toMatchObject({
      result: 'succeeded',
      rollbackOf: first.id,
    });
    expect(await livePassword()).toBe(createPassword);
    const diff = await call(
      'get',
      `/environments/${environmentId}/services/db/deployments/diff?from=${rollback.id}&to=${first.id}`,
    );
    expect(diff.status).toBe(200);
  });

  it('holds no password in the database, a response, an audit record or a log', async () => {
    const tables: string[] = (
      await knex('sqlite_master').where({ type: 'table' }).select('name')
    ).map((t: { name: string }) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'berth_service_revisions',
        'berth_environments',
        'berth_deployments',
      ]),
    );
    let cells = 0;
    for (const table of tables) {
      for (const row of await knex(table).select('*')) {
        for (const value of Object.values(row)) {
          const text =
            value instanceof Buffer ? value.toString('latin1') : String(value);
          cells++;
          for (const secret of forbidden) {
            expect({ table, found: text.includes(secret) }).toEqual({
              table,
              found: false,
            });
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(50);
    expect(responses.length).toBeGreaterThan(10);
    const audit = recorded.text();
    expect(audit.length).toBeGreaterThan(0);
    for (const secret of forbidden) {
      expect(responses.some(r => r.includes(secret))).toBe(false);
      expect(audit.includes(secret)).toBe(false);
    }
  });
});
