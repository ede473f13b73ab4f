import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';

// Bad input to the copy, sleep, wake and schedule endpoints: each refused
// with a clear 4xx, and nothing created or changed.
jest.setTimeout(180_000);

const [east] = testClusters();
const project = `badlc-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project);

/** Permissions the (double of the) policy denies, by name. */
const denied = new Set<string>();

describe('the copy and sleep API refuses bad input', () => {
  let server: Parameters<typeof request>[0];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const listPath = `/api/berth/projects/default/${project}/environments`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    const decide = async (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({
        result: denied.has(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: { ...config, berth: { demo: { projectFile } } },
        }),
        mockServices.permissions.mock({
          authorize: decide as any,
          authorizeConditional: decide as any,
        }).factory,
      ],
    }));
    const created = await request(server)
      .post(listPath)
      .send({
        environments: [
          {
            name: 'dev',
            cluster: east.name,
            tier: 'development',
            deploy: false,
          },
          {
            name: 'prod',
            cluster: east.name,
            tier: 'production',
            deploy: false,
          },
        ],
      });
    if (created.status !== 201) {
      throw new Error(`Could not create the environments: ${created.text}`);
    }
    for (const e of created.body.items) ids[e.name] = e.id;
  });

  afterEach(() => denied.clear());

  afterAll(async () => {
    await deleteEnvironments(server, Object.values(ids));
  });

  async function names() {
    const list = await request(server).get(listPath);
    return list.body.items.map((e: { name: string }) => e.name).sort();
  }

  async function expectStatus(
    res: request.Response,
    status: number,
    message: RegExp,
  ) {
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
  }

  const copy = (id: string, body: object) =>
    request(server).post(`/api/berth/environments/${id}/copy`).send(body);

  it('copy onto an existing name: 409, nothing created', async () => {
    await expectStatus(
      await copy(ids.dev, { name: 'prod', deploy: false }),
      409,
      /already has an environment named 'prod'/,
    );
    expect(await names()).toEqual(['dev', 'prod']);
  });

  it('copy with bad input: 400, nothing created', async () => {
    await expectStatus(
      await copy(ids.dev, { name: 'Bad_Name' }),
      400,
      /environment name/,
    );
    await expectStatus(
      await copy(ids.dev, { name: 'ok', color: 'blue' }),
      400,
      /Unrecognized key|color/,
    );
    await expectStatus(
      await copy(ids.dev, { name: 'ok', cluster: 'nowhere' }),
      400,
      /Unknown cluster 'nowhere'/,
    );
    await expectStatus(
      await copy(ids.dev, { name: 'ok', services: { nope: {} } }),
      400,
      /no service named 'nope'/,
    );
    await expectStatus(
      await copy(ids.dev, { name: 'ok', values: 'a: [1, 2\nb: }' }),
      400,
      /values of environment 'ok'/,
    );
    expect(await names()).toEqual(['dev', 'prod']);
    await expect(
      core.readNamespace({ name: `${project}-ok` }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('unknown environments: 404', async () => {
    expect(await names()).toEqual(['dev', 'prod']);
    await expectStatus(await copy('nope', { name: 'x' }), 404, /nope/);
    for (const path of ['sleep', 'wake']) {
      await expectStatus(
        await request(server).post(`/api/berth/environments/nope/${path}`),
        404,
        /nope/,
      );
    }
    await expectStatus(
      await request(server)
        .put('/api/berth/environments/nope/sleep-schedule')
        .send({ sleepCron: '0 20 * * *' }),
      404,
      /nope/,
    );
  });

  it('copy without permission, and production copy without the production permission: 403', async () => {
    denied.add('berth.environment.copy');
    await expectStatus(
      await copy(ids.dev, { name: 'c1', deploy: false }),
      403,
      /Not allowed to copy environment 'dev'/,
    );
    denied.clear();
    denied.add('berth.environment.create');
    await expectStatus(
      await copy(ids.dev, { name: 'c2', deploy: false }),
      403,
      /Not allowed to create environment 'c2'/,
    );
    denied.clear();
    denied.add('berth.environment.copy.production');
    await expectStatus(
      await copy(ids.prod, { name: 'c3', tier: 'testing', deploy: false }),
      403,
      /Not allowed to copy.production environment 'prod'/,
    );
    expect(await names()).toEqual(['dev', 'prod']);
    // The development copy needs no production permission.
    const ok = await copy(ids.dev, { name: 'c4', deploy: false });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      sourceId: ids.dev,
      environment: { name: 'c4', tier: 'development', cluster: east.name },
      services: { hello: { revision: 1 } },
    });
    ids.c4 = ok.body.environment.id;
  });

  it('wake when not asleep, sleep when asleep: 409; deploys refused while asleep', async () => {
    await expectStatus(
      await request(server).post(`/api/berth/environments/${ids.dev}/wake`),
      409,
      /Environment 'dev' is not asleep/,
    );
    let sleep = await request(server).get(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(sleep.body).toEqual({
      environmentId: ids.dev,
      sleeping: false,
      workloads: [],
    });

    denied.add('berth.environment.sleep');
    await expectStatus(
      await request(server).post(`/api/berth/environments/${ids.dev}/sleep`),
      403,
      /Not allowed to sleep environment 'dev'/,
    );
    denied.clear();

    const asleep = await request(server).post(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(asleep.status).toBe(202);
    expect(asleep.body.operation).toMatchObject({ kind: 'sleep' });
    expect(
      await awaitOperation(server, ids.dev, asleep.body.operation.id),
    ).toMatchObject({ status: 'succeeded' });
    sleep = await request(server).get(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(sleep.body).toMatchObject({ sleeping: true, state: 'asleep' });
    await expectStatus(
      await request(server).post(`/api/berth/environments/${ids.dev}/sleep`),
      409,
      /Environment 'dev' is already asleep/,
    );
    await expectStatus(
      await request(server).post(`/api/berth/environments/${ids.dev}/deploy`),
      409,
      /Environment 'dev' is asleep; wake it first/,
    );
    await expectStatus(
      await request(server)
        .post(`/api/berth/environments/${ids.dev}/services/hello/deploy`)
        .send({ images: { main: 'ghcr.io/x/hello:2' } }),
      409,
      /Environment 'dev' is asleep; wake it first/,
    );
    await expectStatus(
      await request(server)
        .put(`/api/berth/environments/${ids.dev}/values`)
        .send({ values: 'message: changed while asleep\n', redeploy: true }),
      409,
      /Environment 'dev' is asleep; wake it first/,
    );
    await expectStatus(
      await request(server)
        .post(`/api/berth/environments/${ids.dev}/services/hello/rollback`)
        .send({ deploymentId: '00000000-0000-4000-8000-000000000000' }),
      409,
      /Environment 'dev' is asleep; wake it first/,
    );
    const environment = await request(server).get(
      `/api/berth/environments/${ids.dev}`,
    );
    expect(environment.body.values).not.toContain('changed while asleep');
    expect(environment.body).toMatchObject({
      sleeping: true,
      sleepState: 'asleep',
      services: {},
    });
    const status = await request(server).get(
      `/api/berth/environments/${ids.dev}/status`,
    );
    expect(status.body.status).toBe('Sleeping');

    denied.add('berth.environment.sleep');
    await expectStatus(
      await request(server).post(`/api/berth/environments/${ids.dev}/wake`),
      403,
      /Not allowed to sleep environment 'dev'/,
    );
    denied.clear();
    const waking = await request(server).post(
      `/api/berth/environments/${ids.dev}/wake`,
    );
    expect(waking.status).toBe(202);
    // Answered when the wake is queued: still asleep (or already waking).
    expect(waking.body).toMatchObject({
      sleeping: true,
      state: expect.stringMatching(/^(asleep|waking)$/),
      operation: { kind: 'wake' },
    });
    expect(
      await awaitOperation(server, ids.dev, waking.body.operation.id),
    ).toMatchObject({ status: 'succeeded' });
    sleep = await request(server).get(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(sleep.body.sleeping).toBe(false);
  });

  it('a cron that does not parse or an unknown time zone: 400, nothing stored', async () => {
    const path = `/api/berth/environments/${ids.dev}/sleep-schedule`;
    await expectStatus(
      await request(server).put(path).send({ sleepCron: 'every evening' }),
      400,
      /sleep cron 'every evening'/,
    );
    await expectStatus(
      await request(server)
        .put(path)
        .send({ sleepCron: '0 20 * * 1-5', wakeCron: '0 25 * * *' }),
      400,
      /wake cron '0 25 \* \* \*'/,
    );
    await expectStatus(
      await request(server)
        .put(path)
        .send({ sleepCron: '0 20 * * *', timeZone: 'Mars/Olympus' }),
      400,
      /Unknown time zone 'Mars\/Olympus'/,
    );
    await expectStatus(
      await request(server).put(path).send({ sleepCron: 5 }),
      400,
      /sleepCron/,
    );
    denied.add('berth.environment.sleep');
    await expectStatus(
      await request(server).put(path).send({ sleepCron: '0 20 * * *' }),
      403,
      /Not allowed/,
    );
    denied.clear();
    let sleep = await request(server).get(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(sleep.body.schedule).toBeUndefined();

    const set = await request(server).put(path).send({
      sleepCron: '0 20 * * 1-5',
      wakeCron: '0 7 * * 1-5',
      timeZone: 'Europe/Berlin',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      sleepCron: '0 20 * * 1-5',
      wakeCron: '0 7 * * 1-5',
      timeZone: 'Europe/Berlin',
      nextSleepAt: expect.any(String),
      nextWakeAt: expect.any(String),
    });
    sleep = await request(server).get(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(sleep.body.schedule).toEqual(set.body);
    expect((await request(server).delete(path)).status).toBe(204);
    sleep = await request(server).get(
      `/api/berth/environments/${ids.dev}/sleep`,
    );
    expect(sleep.body.schedule).toBeUndefined();
  });
});
