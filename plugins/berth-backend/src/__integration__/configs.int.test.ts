import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import {
  AppsV1Api,
  CoreV1Api,
  V1Deployment,
  V1PodSpec,
} from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { recordingServices } from '../__testUtils__/recordingServices';
import {
  awaitOperation,
  awaitOperations,
} from '../__testUtils__/awaitOperation';
import { berthPlugin } from '../plugin';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';

// Environment configs through the HTTP API on a local cluster: a Secret's
// value never reaches Berth's database, its API responses, its audit
// records or its logs; a change restarts the workloads that use the
// config; bad input is refused with nothing changed.
jest.setTimeout(240_000);

const [east] = testClusters();
const project = `cfg-${randomBytes(3).toString('hex')}`;
const projectFile = writeTestProjectFile(project);
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const plaintext = `pw-${randomBytes(12).toString('hex')}`;
const plaintext2 = `pw2-${randomBytes(12).toString('hex')}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const secrets = [plaintext, b64(plaintext), plaintext2, b64(plaintext2)];

describe('environment configs', () => {
  let server: Parameters<typeof request>[0];
  let knex: Knex;
  let environmentId: string;
  let namespace: string;
  const recorded = recordingServices();
  const responses: string[] = [];
  let denied: string | undefined;
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const apps = kubeConfigFor(east).makeApiClient(AppsV1Api);

  /** Every request goes through here, so every response body is kept. */
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
          data: { ...config, berth: { demo: { projectFile } } },
        }),
        mockServices.database.factory({ knex }),
        mockServices.permissions.mock({
          authorizeConditional: async requests =>
            requests.map(r => ({
              result:
                r.permission.name === denied
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })) as any,
        }).factory,
        ...recorded.factories,
      ],
    }));
    const created = await call(
      'post',
      `/projects/default/${project}/environments`,
      {
        environments: [
          {
            name: 'cfg',
            cluster: east.name,
            tier: 'development',
            deploy: false,
          },
        ],
      },
    );
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    environmentId = created.body.items[0].id;
    namespace = created.body.items[0].namespace;
    // The namespace is made by the environment's `create` operation.
    const create = await awaitOperation(
      server,
      environmentId,
      created.body.operations[0].id,
    );
    if (create.status !== 'succeeded') {
      throw new Error(`create ${create.status}: ${create.message}`);
    }

    // Workloads of the namespace: one using the configs every way a pod can,
    // one using none of them.
    const container = (extra: object) => ({
      name: 'main',
      image: 'ghcr.io/berth-demo/hello:1.0.0',
      ...extra,
    });
    const deployment = (name: string, podSpec: V1PodSpec): V1Deployment => ({
      metadata: { name },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: podSpec },
      },
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('uses-secret', {
        containers: [
          container({
            env: [
              {
                name: 'PASSWORD',
                valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
              },
            ],
          }),
        ],
      }),
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('uses-config', {
        containers: [container({})],
        volumes: [
          {
            name: 'all',
            projected: { sources: [{ configMap: { name: 'settings' } }] },
          },
        ],
      }),
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('unrelated', { containers: [container({})] }),
    });
  });

  afterAll(async () => {
    if (environmentId) {
      await call('delete', `/environments/${environmentId}`);
      await awaitOperations(server, environmentId);
    }
    await knex?.destroy();
  });

  async function restartedAt(name: string) {
    const d = await apps.readNamespacedDeployment({ name, namespace });
    return d.spec?.template.metadata?.annotations?.[RESTARTED_AT];
  }

  it('creates a Secret, masks it everywhere and restarts what uses it', async () => {
    const res = await call('post', `/environments/${environmentId}/configs`, {
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'db' },
        stringData: { password: plaintext, user: 'app' },
      },
      restartDependents: true,
    });
    expect(res.status).toBe(201);
    expect(res.body.restarted).toEqual(['deployment/uses-secret']);
    expect(res.body.config).toMatchObject({
      kind: 'Secret',
      name: 'db',
      masked: true,
      keys: ['password', 'user'],
      version: 1,
      usedBy: ['deployment/uses-secret'],
      object: {
        data: { password: SECRET_VALUE_MASK, user: SECRET_VALUE_MASK },
      },
    });
    expect(res.body.change).toMatchObject({
      action: 'create',
      keys: ['password', 'user'],
      changedKeys: ['password', 'user'],
    });
    expect(res.body.change.content).toBeUndefined();

    // The value is in the cluster, labelled as Berth's, in the namespace.
    const live = await core.readNamespacedSecret({ name: 'db', namespace });
    expect(Buffer.from(live.data!.password, 'base64').toString()).toBe(
      plaintext,
    );
    expect(live.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'berth',
      'berth.dev/environment': environmentId,
      'berth.dev/config': 'true',
    });
    expect(await restartedAt('uses-secret')).toBeDefined();
    expect(await restartedAt('unrelated')).toBeUndefined();
    expect(await restartedAt('uses-config')).toBeUndefined();
  });

  it('keeps masked keys on update and records only which keys changed', async () => {
    const before = await restartedAt('uses-secret');
    await new Promise(r => setTimeout(r, 1100)); // restartedAt has 1 s resolution at worst
    const res = await call(
      'put',
      `/environments/${environmentId}/configs/secret/db`,
      {
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'db' },
          data: {
            password: SECRET_VALUE_MASK,
            user: SECRET_VALUE_MASK,
            extra: b64('not secret to the test'),
          },
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.change).toMatchObject({
      version: 2,
      changedKeys: ['extra'],
      keys: ['extra', 'password', 'user'],
    });
    expect(res.body.restarted).toEqual([]);
    expect(await restartedAt('uses-secret')).toBe(before);
    const live = await core.readNamespacedSecret({ name: 'db', namespace });
    expect(Buffer.from(live.data!.password, 'base64').toString()).toBe(
      plaintext,
    );

    const changed = await call(
      'put',
      `/environments/${environmentId}/configs/Secret/db`,
      {
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'db' },
          stringData: { password: plaintext2, user: SECRET_VALUE_MASK },
        },
        restartDependents: true,
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.change).toMatchObject({
      version: 3,
      changedKeys: ['extra', 'password'],
      keys: ['password', 'user'],
      restarted: ['deployment/uses-secret'],
    });
    expect(await restartedAt('uses-secret')).not.toBe(before);
    const after = await core.readNamespacedSecret({ name: 'db', namespace });
    expect(Object.keys(after.data!).sort()).toEqual(['password', 'user']);
    expect(Buffer.from(after.data!.password, 'base64').toString()).toBe(
      plaintext2,
    );
  });

  it('manages a ConfigMap with its content in the history, restarting a projected-volume user', async () => {
    const created = await call(
      'post',
      `/environments/${environmentId}/configs`,
      {
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings', namespace },
          data: { mode: 'fast' },
        },
        restartDependents: true,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.restarted).toEqual(['deployment/uses-config']);
    const first = await restartedAt('uses-config');
    expect(first).toBeDefined();
    await new Promise(r => setTimeout(r, 1100));
    const updated = await call(
      'put',
      `/environments/${environmentId}/configs/ConfigMap/settings`,
      {
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'settings' },
          data: { mode: 'safe' },
        },
        restartDependents: true,
      },
    );
    expect(updated.status).toBe(200);
    expect(await restartedAt('uses-config')).not.toBe(first);

    const history = await call(
      'get',
      `/environments/${environmentId}/configs/history?kind=ConfigMap&name=settings`,
    );
    expect(history.body.items.map((c: any) => [c.version, c.action])).toEqual([
      [2, 'update'],
      [1, 'create'],
    ]);
    expect(history.body.items[0].content).toContain('mode: safe');
    expect(history.body.items[1].content).toContain('mode: fast');

    const list = await call('get', `/environments/${environmentId}/configs`);
    expect(
      list.body.items.map((c: any) => [c.kind, c.name, c.version, c.usedBy]),
    ).toEqual([
      ['ConfigMap', 'settings', 2, ['deployment/uses-config']],
      ['Secret', 'db', 3, ['deployment/uses-secret']],
    ]);
    const one = await call(
      'get',
      `/environments/${environmentId}/configs/secret/db`,
    );
    expect(one.body.object.data.password).toBe(SECRET_VALUE_MASK);
  });

  it('manages an Ingress and a PVC; deleting the PVC restarts its user', async () => {
    const ingress = await call(
      'post',
      `/environments/${environmentId}/configs`,
      {
        object: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'web' },
          spec: {
            rules: [
              {
                host: 'web.example.com',
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Prefix',
                      backend: {
                        service: { name: 'web', port: { number: 80 } },
                      },
                    },
                  ],
                },
              },
            ],
          },
        },
        restartDependents: true,
      },
    );
    expect(ingress.status).toBe(201);
    expect(ingress.body.restarted).toEqual([]);

    const pvc = await call('post', `/environments/${environmentId}/configs`, {
      object: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      },
    });
    expect(pvc.status).toBe(201);
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'uses-pvc' },
        spec: {
          selector: { matchLabels: { app: 'uses-pvc' } },
          template: {
            metadata: { labels: { app: 'uses-pvc' } },
            spec: {
              containers: [{ name: 'main', image: 'busybox' }],
              volumes: [
                { name: 'd', persistentVolumeClaim: { claimName: 'data' } },
              ],
            },
          },
        },
      },
    });
    const deleted = await call(
      'delete',
      `/environments/${environmentId}/configs/PersistentVolumeClaim/data?restartDependents=true`,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.restarted).toEqual(['deployment/uses-pvc']);
    expect(deleted.body.change).toMatchObject({ action: 'delete', version: 2 });
    expect(await restartedAt('uses-pvc')).toBeDefined();
    await waitFor(
      () =>
        core
          .readNamespacedPersistentVolumeClaim({ name: 'data', namespace })
          .then(
            p => Boolean(p.metadata?.deletionTimestamp),
            () => true,
          ),
      30_000,
      'the PVC to be deleted',
    );
  });

  describe('refuses bad input, changing nothing', () => {
    async function expectRefused(
      send: () => Promise<request.Response>,
      status: number,
      message: RegExp,
    ) {
      const before = await knex('berth_config_changes').count({ n: '*' });
      const res = await send();
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      expect(await knex('berth_config_changes').count({ n: '*' })).toEqual(
        before,
      );
    }
    const post = (object: object) => () =>
      call('post', `/environments/${environmentId}/configs`, { object });

    it('an object the API server refuses (server-side dry-run)', async () => {
      await expectRefused(
        post({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: 'broken' },
          spec: {
            rules: [
              {
                http: {
                  paths: [
                    {
                      path: '/',
                      pathType: 'Sideways',
                      backend: {
                        service: { name: 'web', port: { number: 80 } },
                      },
                    },
                  ],
                },
              },
            ],
          },
        }),
        400,
        /API server refused Ingress 'broken' \(dry-run, nothing changed\): .*pathType/,
      );
      await expect(
        kubeConfigFor(east)
          .makeApiClient(CoreV1Api)
          .readNamespacedConfigMap({ name: 'broken', namespace }),
      ).rejects.toMatchObject({ code: 404 });
      await expectRefused(
        post({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'numbers' },
          data: { port: 8080 },
        }),
        400,
        /ConfigMap 'numbers'/,
      );
    });

    it('kinds Berth does not manage, bad names, other namespaces', async () => {
      await expectRefused(
        post({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'x' },
        }),
        400,
        /not one Berth manages/,
      );
      await expectRefused(
        post({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'Bad_Name' },
        }),
        400,
        /not a valid DNS subdomain/,
      );
      await expectRefused(
        post({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'elsewhere', namespace: 'kube-system' },
        }),
        400,
        /environment's namespace/,
      );
      await expectRefused(
        post({ apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'v' } }),
        400,
        /apiVersion 'v1'/,
      );
      await expectRefused(
        post({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'raw' },
          data: { token: plaintext },
        }),
        400,
        /data.token is not base64/,
      );
    });

    it('a second config of the same name, unknown configs and environments', async () => {
      await expectRefused(
        post({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' } }),
        409,
        /already exists/,
      );
      await expectRefused(
        () =>
          call('put', `/environments/${environmentId}/configs/ConfigMap/nope`, {
            object: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'nope' },
            },
          }),
        404,
        /no config ConfigMap 'nope'/,
      );
      await expectRefused(
        () =>
          call(
            'put',
            `/environments/${environmentId}/configs/ConfigMap/settings`,
            {
              object: {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                metadata: { name: 'other' },
              },
            },
          ),
        400,
        /request changes ConfigMap 'settings'/,
      );
      await expectRefused(
        () => call('delete', `/environments/${environmentId}/configs/Pod/x`),
        400,
        /not one Berth manages/,
      );
      await expectRefused(
        () => call('get', `/environments/nope/configs`),
        404,
        /No environment/,
      );
      await expectRefused(
        () =>
          call('post', `/environments/${environmentId}/configs`, {
            object: {},
            color: 'blue',
          }),
        400,
        /color: unknown field/,
      );
    });

    it('without the config permission', async () => {
      denied = 'berth.environment.config';
      try {
        await expectRefused(
          () =>
            call(
              'put',
              `/environments/${environmentId}/configs/ConfigMap/settings`,
              {
                object: {
                  apiVersion: 'v1',
                  kind: 'ConfigMap',
                  metadata: { name: 'settings' },
                  data: { mode: 'denied' },
                },
              },
            ),
          403,
          /Not allowed to config/,
        );
        await expectRefused(
          () =>
            call('delete', `/environments/${environmentId}/configs/Secret/db`),
          403,
          /Not allowed/,
        );
      } finally {
        denied = undefined;
      }
      const live = await core.readNamespacedConfigMap({
        name: 'settings',
        namespace,
      });
      expect(live.data).toEqual({ mode: 'safe' });
      await core.readNamespacedSecret({ name: 'db', namespace });
    });
  });

  it("never holds a Secret's value in the database, a response, an audit record or a log", async () => {
    const tables: string[] = (
      await knex('sqlite_master').where({ type: 'table' }).select('name')
    ).map((t: { name: string }) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['berth_config_changes']));
    let cells = 0;
    for (const table of tables) {
      for (const row of await knex(table).select('*')) {
        for (const value of Object.values(row)) {
          const text =
            value instanceof Buffer ? value.toString('latin1') : String(value);
          cells++;
          for (const secret of secrets) {
            expect({ table, found: text.includes(secret) }).toEqual({
              table,
              found: false,
            });
          }
        }
      }
    }
    expect(cells).toBeGreaterThan(50);
    expect(responses.length).toBeGreaterThan(15);
    const audit = recorded.text();
    expect(recorded.auditEvents.map(e => e.eventId)).toEqual(
      expect.arrayContaining([
        'environment-config-create',
        'environment-config-update',
        'environment-config-delete',
      ]),
    );
    for (const secret of secrets) {
      expect(responses.some(r => r.includes(secret))).toBe(false);
      expect(audit.includes(secret)).toBe(false);
    }
  });
});
