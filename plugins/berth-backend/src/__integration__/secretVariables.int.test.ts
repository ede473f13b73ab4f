import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { awaitOperation } from '../__testUtils__/awaitOperation';
import { recordingServices } from '../__testUtils__/recordingServices';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import { berthPlugin } from '../plugin';

// A manifests service's `secret` variable on a local cluster: its value is
// kept in the environment's Secret `berth-values` (the environment stores a
// reference), shown as the mask in every answer, kept when the mask is sent
// back, read only to render the deploy (the Secret on the cluster has it),
// and found in no table (not even as ciphertext), response, audit record or
// log line.
jest.setTimeout(240_000);

const [east] = testClusters();
const project = `svar-${randomBytes(3).toString('hex')}`;
const pw = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;
const firstPassword = pw('first');
const secondPassword = pw('second');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const forbidden = [firstPassword, secondPassword].flatMap(p => [p, b64(p)]);

const manifests = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: creds',
  'stringData:',
  '  password: "{{ .dbPassword }}"',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: creds-info',
  'data:',
  '  user: "{{ .dbUser }}"',
  '',
].join('\n');

describe('secret variables of manifests services', () => {
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

  async function livePassword() {
    const secret = await core.readNamespacedSecret({
      name: 'creds',
      namespace,
    });
    return Buffer.from(secret.data!.password, 'base64').toString();
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
              demo: { projectFile: writeTestProjectFile(project) },
              values: { projectSecrets: { cluster: east.name } },
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
    await core
      .deleteNamespace({ name: `berth-project-default-${project}` })
      .catch(() => undefined);
    await knex?.destroy();
  });

  it('refuses a default for a secret variable (the definition is not sealed)', async () => {
    const res = await call('post', `/projects/default/${project}/services`, {
      name: 'creds-default',
      componentRef: 'component:default/creds-default',
      spec: {
        kind: 'manifests',
        manifests,
        variables: [
          { name: 'dbPassword', type: 'secret', default: firstPassword },
          { name: 'dbUser', type: 'string', default: 'app' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      "variable 'dbPassword': a secret variable cannot have a default",
    );
  });

  it('seals the value, shows the mask and deploys the value', async () => {
    const service = await call(
      'post',
      `/projects/default/${project}/services`,
      {
        name: 'creds',
        componentRef: 'component:default/creds',
        spec: {
          kind: 'manifests',
          manifests,
          variables: [
            { name: 'dbPassword', type: 'secret' },
            { name: 'dbUser', type: 'string', default: 'app' },
          ],
        },
      },
    );
    expect({ status: service.status, error: service.body.error }).toEqual({
      status: 201,
      error: undefined,
    });
    const created = await call(
      'post',
      `/projects/default/${project}/environments`,
      {
        environments: [
          {
            name: 'svar',
            cluster: east.name,
            tier: 'development',
            services: {
              creds: { variables: { dbPassword: firstPassword, dbUser: 'u1' } },
            },
          },
        ],
      },
    );
    expect({ status: created.status, error: created.body.error }).toEqual({
      status: 201,
      error: undefined,
    });
    environmentId = created.body.items[0].id;
    namespace = created.body.items[0].namespace;
    expect(created.body.items[0].services.creds.variables).toEqual({
      dbPassword: SECRET_VALUE_MASK,
      dbUser: 'u1',
    });
    const operation = await awaitOperation(
      server,
      environmentId,
      created.body.operations[0].id,
    );
    expect(operation.status).toBe('succeeded');
    expect(await livePassword()).toBe(firstPassword);
    const stored = await knex('berth_environments')
      .where({ id: environmentId })
      .first('services');
    const variables = JSON.parse(stored.services).creds.variables;
    expect(variables.dbUser).toBe('u1');
    expect(variables.dbPassword).toMatch(/^berth-secret-ref:v1:[0-9a-f]{32}$/);
    // The value is in the environment's Secret, under the reference's id.
    const values = await core.readNamespacedSecret({
      name: 'berth-values',
      namespace,
    });
    const id = variables.dbPassword.slice('berth-secret-ref:v1:'.length);
    expect(
      JSON.parse(Buffer.from(values.data![id], 'base64').toString('utf8')),
    ).toBe(firstPassword);
  });

  it('keeps the value when given the mask, and takes a new one', async () => {
    const deploy = (variables: object) =>
      call('post', `/environments/${environmentId}/services/creds/deploy`, {
        variables,
      });
    const kept = await deploy({ dbPassword: SECRET_VALUE_MASK, dbUser: 'u2' });
    expect(kept.status).toBe(202);
    expect(
      (await awaitOperation(server, environmentId, kept.body.operation.id))
        .status,
    ).toBe('succeeded');
    expect(await livePassword()).toBe(firstPassword);

    const changed = await deploy({ dbPassword: secondPassword, dbUser: 'u2' });
    expect(changed.status).toBe(202);
    expect(
      (await awaitOperation(server, environmentId, changed.body.operation.id))
        .status,
    ).toBe('succeeded');
    expect(await livePassword()).toBe(secondPassword);
    const environment = await call('get', `/environments/${environmentId}`);
    expect(environment.body.services.creds.variables).toEqual({
      dbPassword: SECRET_VALUE_MASK,
      dbUser: 'u2',
    });
    const records = await call(
      'get',
      `/environments/${environmentId}/deployments`,
    );
    expect(records.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('holds the value in no table, response, audit record or log', async () => {
    const tables: string[] = (
      await knex('sqlite_master').where({ type: 'table' }).select('name')
    ).map((t: { name: string }) => t.name);
    let cells = 0;
    for (const table of tables) {
      for (const row of await knex(table).select('*')) {
        for (const value of Object.values(row)) {
          const text =
            value instanceof Buffer ? value.toString('latin1') : String(value);
          cells++;
          expect({ table, sealed: text.includes('berth-secret:v1:') }).toEqual({
            table,
            sealed: false,
          });
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
    const audit = recorded.text();
    expect(audit.length).toBeGreaterThan(0);
    for (const secret of forbidden) {
      expect(responses.some(r => r.includes(secret))).toBe(false);
      expect(audit.includes(secret)).toBe(false);
    }
  });
});
