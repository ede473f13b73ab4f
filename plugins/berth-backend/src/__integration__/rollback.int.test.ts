import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { deleteTestImage, pushTestImage } from '../__testUtils__/pushTestImage';
import { berthPlugin } from '../plugin';
import { deleteEnvironments } from '../__testUtils__/awaitOperation';
import { startTestRegistry, TestRegistry } from '../__testUtils__/ociRegistry';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';

// Image registries and rollback through the HTTP API, on a local cluster and
// a real registry (Debian's docker-registry, basic auth) on loopback: the
// pull secret is ensured on every deploy; a rollback restores the earlier
// images and values on the live objects; a rollback whose image is gone,
// or to another service's record, is refused with nothing changed.
jest.setTimeout(300_000);

const [east] = testClusters();
const project = `rb-${randomBytes(3).toString('hex')}`;
const projectFile = writeTestProjectFile(project, {
  services: ['hello', 'other'],
});

describe('registries and rollback', () => {
  let server: Parameters<typeof request>[0];
  let knex: Knex;
  let registry: TestRegistry;
  let environmentId: string;
  let namespace: string;
  let denied: string | undefined;
  const digests: Record<string, string> = {};
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const apps = kubeConfigFor(east).makeApiClient(AppsV1Api);
  const image = (tag: string) => `${registry.host}/berth/hello:${tag}`;
  const api = (path: string) => `/api/berth${path}`;

  async function deployments(service = 'hello') {
    const res = await request(server).get(
      api(`/environments/${environmentId}/deployments`),
    );
    return (res.body.items as any[]).filter(r => r.service === service);
  }

  async function settled(service: string, count: number) {
    await waitFor(
      async () => {
        const records = await deployments(service);
        return (
          records.length >= count && records.every(r => r.result !== 'running')
        );
      },
      120_000,
      `${count} finished deploys of ${service}`,
    );
    return (await deployments(service))[0];
  }

  async function liveHello() {
    const d = await apps.readNamespacedDeployment({ name: 'hello', namespace });
    const c = await core.readNamespacedConfigMap({
      name: 'hello-config',
      namespace,
    });
    return {
      image: d.spec!.template.spec!.containers[0].image,
      message: c.data!.message,
    };
  }

  beforeAll(async () => {
    registry = await startTestRegistry({ auth: true });
    for (const tag of ['1.0.0', '2.0.0']) {
      digests[tag] = await pushTestImage(registry, 'berth/hello', tag);
    }
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
              demo: { projectFile },
              deploy: { groupTimeoutSeconds: 120 },
              registries: [
                {
                  name: 'loop',
                  host: registry.host,
                  username: registry.username,
                  password: registry.password,
                  plainHttp: true,
                },
                { name: 'spare', host: 'spare.example.com' },
              ],
              clusters: { [east.name]: { registry: 'loop' } },
            },
          },
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
      ],
    }));
    const created = await request(server)
      .post(api(`/projects/default/${project}/environments`))
      .send({
        environments: [
          {
            name: 'rb',
            cluster: east.name,
            tier: 'testing',
            services: { hello: { images: { main: image('1.0.0') } } },
          },
        ],
      });
    if (created.status !== 201) {
      throw new Error(`create failed: ${JSON.stringify(created.body)}`);
    }
    environmentId = created.body.items[0].id;
    namespace = created.body.items[0].namespace;
  });

  afterAll(async () => {
    if (environmentId) {
      await deleteEnvironments(server, [environmentId]);
    }
    await knex?.destroy();
    await registry?.stop();
  });

  it('ensures the pull secret of the cluster registry on every deploy', async () => {
    const first = await settled('hello', 1);
    expect(first.result).toBe('succeeded');
    const secret = await core.readNamespacedSecret({
      name: 'berth-pull-loop',
      namespace,
    });
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const auths = JSON.parse(
      Buffer.from(secret.data!['.dockerconfigjson'], 'base64').toString(),
    ).auths;
    expect(auths[registry.host]).toMatchObject({
      username: registry.username,
      password: registry.password,
    });
    const account = await core.readNamespacedServiceAccount({
      name: 'default',
      namespace,
    });
    expect(account.imagePullSecrets).toEqual(
      expect.arrayContaining([{ name: 'berth-pull-loop' }]),
    );

    // The registry as the API shows it: no credentials.
    const registries = await request(server).get(api('/registries'));
    expect(JSON.stringify(registries.body)).not.toContain(registry.password);
    expect(registries.body.items[0]).toMatchObject({
      name: 'loop',
      hasCredentials: true,
      defaultForClusters: [east.name],
    });
    const own = await request(server).get(
      api(`/environments/${environmentId}/registry`),
    );
    expect(own.body).toMatchObject({
      source: 'cluster',
      effective: { name: 'loop' },
    });

    // Deleted out of band, it is back after the next deploy.
    await core.deleteNamespacedSecret({ name: 'berth-pull-loop', namespace });
    const deploy = await request(server)
      .post(api(`/environments/${environmentId}/services/hello/deploy`))
      .send({ images: { main: image('2.0.0') }, values: 'message: two\n' });
    expect(deploy.status).toBe(202);
    const second = await settled('hello', 2);
    expect(second.result).toBe('succeeded');
    await core.readNamespacedSecret({ name: 'berth-pull-loop', namespace });
    expect(await liveHello()).toEqual({
      image: image('2.0.0'),
      message: 'two',
    });
  });

  it('rolls back to the earlier images and values', async () => {
    const [, first] = await deployments();
    const res = await request(server)
      .post(api(`/environments/${environmentId}/services/hello/rollback`))
      .send({ deploymentId: first.id });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      rollbackOf: first.id,
      images: [{ image: image('1.0.0'), exists: true }],
    });
    const rollback = await settled('hello', 3);
    expect(rollback).toMatchObject({
      result: 'succeeded',
      rollbackOf: first.id,
      images: [image('1.0.0')],
      valuesDigest: first.valuesDigest,
    });
    expect(await liveHello()).toEqual({
      image: image('1.0.0'),
      message: 'hello',
    });
    const environment = await request(server).get(
      api(`/environments/${environmentId}`),
    );
    expect(environment.body.services.hello.images).toEqual({
      main: image('1.0.0'),
    });
    expect(environment.body.services.hello.values).toBeUndefined();
  });

  describe('refuses, changing nothing', () => {
    async function expectRefused(
      body: object,
      status: number,
      message: RegExp,
      path = `/environments/${environmentId}/services/hello/rollback`,
    ) {
      const environmentBefore = (
        await request(server).get(api(`/environments/${environmentId}`))
      ).body;
      const recordsBefore = await knex('berth_deployments').count({ n: '*' });
      const liveBefore = await liveHello();
      const res = await request(server).post(api(path)).send(body);
      expect({ status: res.status, message: res.body.error?.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      expect(
        (await request(server).get(api(`/environments/${environmentId}`))).body,
      ).toEqual(environmentBefore);
      expect(await knex('berth_deployments').count({ n: '*' })).toEqual(
        recordsBefore,
      );
      expect(await liveHello()).toEqual(liveBefore);
    }

    it('a rollback whose image is gone from the registry', async () => {
      const second = (await deployments()).find(
        r => r.images[0] === image('2.0.0'),
      );
      const check = await request(server)
        .post(
          api(`/environments/${environmentId}/services/hello/rollback/check`),
        )
        .send({ deploymentId: second.id });
      expect(check.body.images).toEqual([
        { image: image('2.0.0'), exists: true },
      ]);

      await deleteTestImage(registry, 'berth/hello', digests['2.0.0']);
      await expectRefused(
        { deploymentId: second.id },
        409,
        new RegExp(
          `an image is no longer available: ${image('2.0.0').replace(
            /\./g,
            '\\.',
          )} \\(berth/hello:2\\.0\\.0 is not in registry ${registry.host}\\)`,
        ),
      );
    });

    it('a record of another service, an unknown record, a bad body', async () => {
      const [other] = await deployments('other');
      expect(other).toBeDefined();
      await expectRefused(
        { deploymentId: other.id },
        400,
        /is of service 'other' .*, not of service 'hello'/,
      );
      await expectRefused(
        { deploymentId: 'nope' },
        404,
        /No deployment record/,
      );
      await expectRefused({ deploymentId: 7 }, 400, /deploymentId/);
      await expectRefused(
        { deploymentId: other.id },
        400,
        /no service named 'ghost'/,
        `/environments/${environmentId}/services/ghost/rollback`,
      );
      const missing = await request(server)
        .post(api('/environments/nope/services/hello/rollback'))
        .send({ deploymentId: other.id });
      expect(missing.status).toBe(404);
    });

    it('without the rollback permission', async () => {
      const [, first] = await deployments();
      denied = 'berth.environment.rollback';
      try {
        await expectRefused(
          { deploymentId: first.id },
          403,
          /Not allowed to rollback/,
        );
      } finally {
        denied = undefined;
      }
    });

    it('an unknown registry as an environment override, or without permission', async () => {
      const path = api(`/environments/${environmentId}/registry`);
      const unknown = await request(server)
        .put(path)
        .send({ registry: 'nowhere' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(
        /Unknown image registry 'nowhere'/,
      );
      denied = 'berth.environment.update';
      try {
        const refused = await request(server)
          .put(path)
          .send({ registry: 'spare' });
        expect(refused.status).toBe(403);
      } finally {
        denied = undefined;
      }
      expect((await request(server).get(path)).body.source).toBe('cluster');
      const set = await request(server).put(path).send({ registry: 'spare' });
      expect(set.body).toMatchObject({
        override: 'spare',
        source: 'environment',
        effective: { name: 'spare', hasCredentials: false },
      });
      const cleared = await request(server).put(path).send({ registry: null });
      expect(cleared.body.source).toBe('cluster');
    });
  });
});
