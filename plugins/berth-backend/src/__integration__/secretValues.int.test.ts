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
// back; the passwords reach the release (the Secret it renders) and Berth's
// Secrets of secret values (the environment's, each record's, the
// project's), and nothing else: no table or column of the database (not
// even as ciphertext), no API response, no audit record, no log line.
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
  let copyId: string | undefined;
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

  /** The values a Secret of Berth's secret values holds, decoded. */
  async function storedValues(name: string, inNamespace = namespace) {
    const secret = await core.readNamespacedSecret({
      name,
      namespace: inNamespace,
    });
    expect(secret.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
    });
    return {
      immutable: secret.immutable,
      values: Object.values(secret.data ?? {}).map(data =>
        JSON.parse(Buffer.from(data, 'base64').toString('utf8')),
      ),
    };
  }

  async function livePassword(inNamespace = namespace) {
    const secret = await core.readNamespacedSecret({
      name: 'db-auth',
      namespace: inNamespace,
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
                projectSecrets: { cluster: east.name },
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
    for (const id of [copyId, environmentId]) {
      if (!id) continue;
      const res = await call('delete', `/environments/${id}`);
      if (res.body?.operation?.id) {
        await awaitOperation(server, id, res.body.operation.id);
      }
    }
    await core
      .deleteNamespace({ name: `berth-project-default-${project}` })
      .catch(() => undefined);
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
    // It is in the project's namespace, Berth's, on the configured cluster.
    const projectNamespace = `berth-project-default-${project}`;
    const ns = await core.readNamespace({ name: projectNamespace });
    expect(ns.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/secret-values': 'project',
    });
    expect(
      (await storedValues('berth-values', projectNamespace)).values,
    ).toEqual([defaultPassword]);
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
    // The environment's values are in its namespace's Secret; the project's
    // holds no more than the service's default (what waited there until
    // the namespace existed moved).
    expect((await storedValues('berth-values')).values.sort()).toEqual(
      [createPassword, markedValue].sort(),
    );
    expect(
      (await storedValues('berth-values', `berth-project-default-${project}`))
        .values,
    ).toEqual([defaultPassword]);
    // The record's own Secret: the exact values it deployed, immutable.
    const [record] = await records();
    const recordValues = await storedValues(`berth-values-${record.id}`);
    expect(recordValues.immutable).toBe(true);
    expect(recordValues.values.sort()).toEqual(
      [createPassword, markedValue].sort(),
    );
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
    expect((await storedValues('berth-values')).values).toEqual(
      expect.arrayContaining([updatePassword, setPassword]),
    );

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
    // The first record's Secret gave the rollback its password.
    expect(await livePassword()).toBe(createPassword);
    expect(
      (await storedValues(`berth-values-${rollback.id}`)).values,
    ).toContain(createPassword);
    const diff = await call(
      'get',
      `/environments/${environmentId}/services/db/deployments/diff?from=${rollback.id}&to=${first.id}`,
    );
    expect(diff.status).toBe(200);
  });

  it('copies the environment with its secret values into the new namespace', async () => {
    const res = await call('post', `/environments/${environmentId}/copy`, {
      name: 'sv-copy',
    });
    expect({ status: res.status, error: res.body.error }).toEqual({
      status: 201,
      error: undefined,
    });
    const copied: string = res.body.environment.id;
    copyId = copied;
    const copyNamespace = res.body.environment.namespace;
    expect(copyNamespace).not.toBe(namespace);
    expect(
      (await awaitOperation(server, copied, res.body.operation.id)).status,
    ).toBe('succeeded');
    // The rollback restored the first deploy's settings: the copy deploys
    // its password, read from the copy's own Secret.
    expect(await livePassword(copyNamespace)).toBe(createPassword);
    expect((await storedValues('berth-values', copyNamespace)).values).toEqual(
      expect.arrayContaining([createPassword, markedValue]),
    );
    // Nothing of the copy waits in the project's Secret any more.
    expect(
      (await storedValues('berth-values', `berth-project-default-${project}`))
        .values,
    ).toEqual([defaultPassword]);
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
    let references = 0;
    for (const table of tables) {
      for (const row of await knex(table).select('*')) {
        for (const value of Object.values(row)) {
          const text =
            value instanceof Buffer ? value.toString('latin1') : String(value);
          cells++;
          // No ciphertext either: only references.
          expect({ table, sealed: text.includes('berth-secret:v1:') }).toEqual({
            table,
            sealed: false,
          });
          if (text.includes('berth-secret-ref:v1:')) references++;
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
    expect(references).toBeGreaterThan(5);
    expect(responses.length).toBeGreaterThan(10);
    const audit = recorded.text();
    expect(audit.length).toBeGreaterThan(0);
    for (const secret of forbidden) {
      expect(responses.some(r => r.includes(secret))).toBe(false);
      expect(audit.includes(secret)).toBe(false);
    }
  });
});
