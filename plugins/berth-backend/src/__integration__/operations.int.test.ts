import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { BerthOperation, DeploymentRecord } from '@berth/plugin-berth-common';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { berthPlugin } from '../plugin';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';
import { podGate } from '../__testUtils__/podGate';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';

// Operations through the API on the local cluster: one at a time per
// environment (queued behind, or refused when they conflict), a deploy's
// steps per start-order group and service, cancel after the current step,
// and the bad input of the operations endpoints (each a clear 4xx that
// changes nothing). A ResourceQuota of zero Pods holds a deploy's first
// group back for as long as a test needs (see podGate), so nothing here
// depends on how fast a deploy is.
jest.setTimeout(300_000);

const [east] = testClusters();
const project = `ops-${Math.random().toString(36).slice(2, 8)}`;
const projectRef = `system:default/${project}`;
const GROUPS = [['db'], ['api'], ['web']];
const projectFile = writeTestProjectFile(project, {
  services: GROUPS.flat(),
  groups: GROUPS,
});
const ENVIRONMENTS = ['serial', 'cancel', 'doomed', 'sleepy'] as const;
type EnvironmentName = (typeof ENVIRONMENTS)[number];
const MOCK_USER = 'user:default/mock';

describe('operations on the local cluster', () => {
  let server: Parameters<typeof request>[0];
  const kubeConfig = kubeConfigFor(east);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const ids = {} as Record<EnvironmentName, string>;
  const namespaces = {} as Record<EnvironmentName, string>;
  const env = (name: EnvironmentName) => `/api/berth/environments/${ids[name]}`;

  let creates: BerthOperation[] = [];

  beforeAll(async () => {
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
              operations: { pollIntervalMs: 200 },
            },
          },
        }),
      ],
    }));
    const created = await request(server)
      .post(`/api/berth/projects/default/${project}/environments`)
      .send({
        environments: ENVIRONMENTS.map(name => ({
          name,
          cluster: east.name,
          tier: 'development',
          deploy: false,
        })),
      });
    if (created.status !== 201) {
      throw new Error(`Could not create the environments: ${created.text}`);
    }
    for (const e of created.body.items) {
      ids[e.name as EnvironmentName] = e.id;
      namespaces[e.name as EnvironmentName] = e.namespace;
    }
    // Each environment's namespace is made by its `create` operation.
    creates = created.body.operations;
    for (const operation of creates) {
      const done = await awaitOperation(
        server,
        operation.environmentId!,
        operation.id,
      );
      if (done.status !== 'succeeded') {
        throw new Error(`${done.title} ${done.status}: ${done.message}`);
      }
    }
  });

  const gates: Array<ReturnType<typeof podGate>> = [];
  /** A closed gate on an environment's namespace (opened in afterAll at the latest). */
  async function closedGate(name: EnvironmentName) {
    const gate = podGate(kubeConfig, namespaces[name]);
    await gate.close();
    gates.push(gate);
    return gate;
  }

  afterAll(async () => {
    // A failed test may have left a deploy held back: let it finish.
    for (const gate of gates) await gate.open().catch(() => undefined);
    await deleteEnvironments(server, Object.values(ids), {
      timeoutMs: 180_000,
    });
    await waitFor(
      async () => {
        const { items } = await core.listNamespace();
        const left = new Set(items.map(ns => ns.metadata!.name!));
        return Object.values(namespaces).every(ns => !left.has(ns));
      },
      120_000,
      'the namespaces of the environments to be deleted',
    );
  });

  const operation = (name: EnvironmentName, id: string) =>
    request(server).get(`${env(name)}/operations/${id}`);
  const operations = async (name: EnvironmentName) =>
    (await request(server).get(`${env(name)}/operations`)).body
      .items as BerthOperation[];
  const environment = async (name: EnvironmentName) =>
    (await request(server).get(env(name))).body;
  const deployments = async (name: EnvironmentName) =>
    (await request(server).get(`${env(name)}/deployments`)).body
      .items as DeploymentRecord[];

  /** What a refused request must leave unchanged. */
  async function snapshot(name: EnvironmentName) {
    return {
      operations: await operations(name),
      environment: await environment(name),
      deployments: await deployments(name),
    };
  }

  async function expectRefused(
    res: request.Response,
    status: number,
    message: RegExp,
  ) {
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
  }

  /** Starts a deploy and waits until its first start-order group runs (held back by the gate). */
  async function deployHeldAtGroup1(name: EnvironmentName) {
    const res = await request(server).post(`${env(name)}/deploy`);
    expect(res.status).toBe(202);
    const deploy: BerthOperation = res.body.operation;
    await waitFor(
      async () => {
        const { body } = await operation(name, deploy.id);
        return body.steps?.some(
          (s: { key: string; status: string }) =>
            s.key === 'service:db' && s.status === 'running',
        );
      },
      60_000,
      `deploy ${deploy.id} to run group 1`,
    );
    const { body } = await operation(name, deploy.id);
    expect(body).toMatchObject({ status: 'running' });
    expect(
      body.steps.find((s: { key: string }) => s.key === 'group:1'),
    ).toEqual(expect.objectContaining({ status: 'running' }));
    return deploy;
  }

  const deployIds: Record<string, string> = {};

  it('creating environments: a `create` operation each, which makes the namespace', async () => {
    expect(creates.map(o => [o.kind, o.environmentId, o.actor])).toEqual(
      ENVIRONMENTS.map(name => ['create', ids[name], MOCK_USER]),
    );
    for (const name of ENVIRONMENTS) {
      const [create] = await operations(name);
      expect(create).toMatchObject({
        kind: 'create',
        title: `Create ${name}`,
        status: 'succeeded',
      });
      const ns = await core.readNamespace({ name: namespaces[name] });
      expect(ns.metadata?.labels).toMatchObject({
        'berth.dev/environment': ids[name],
      });
    }
  });

  it('two deploys of one environment: the second queues behind the first, and runs after it', async () => {
    const gate = await closedGate('serial');
    const first = await deployHeldAtGroup1('serial');
    const second = await request(server).post(`${env('serial')}/deploy`);
    expect(second.status).toBe(202);
    expect(second.body.operation).toMatchObject({
      kind: 'deploy',
      status: 'queued',
      queuedBehind: first.id,
      environmentId: ids.serial,
      actor: MOCK_USER,
      actorType: 'user',
    });
    expect(
      (await operation('serial', second.body.operation.id)).body,
    ).toMatchObject({ status: 'queued' });
    await gate.open();

    const firstDone = await awaitOperation(server, ids.serial, first.id);
    const secondDone = await awaitOperation(
      server,
      ids.serial,
      second.body.operation.id,
    );
    expect([firstDone.status, secondDone.status]).toEqual([
      'succeeded',
      'succeeded',
    ]);
    expect(Date.parse(secondDone.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(firstDone.finishedAt!),
    );
    deployIds.first = first.id;
    deployIds.second = secondDone.id;
  });

  it("a deploy's steps: one per start-order group and per service in it; its records carry the operation", async () => {
    const { body: deploy } = await operation('serial', deployIds.first);
    expect(deploy.steps).toEqual([
      expect.objectContaining({
        key: 'group:1',
        title: 'Group 1: db',
        status: 'succeeded',
      }),
      expect.objectContaining({
        key: 'service:db',
        parent: 'group:1',
        status: 'succeeded',
      }),
      expect.objectContaining({
        key: 'group:2',
        title: 'Group 2: api',
        status: 'succeeded',
      }),
      expect.objectContaining({
        key: 'service:api',
        parent: 'group:2',
        status: 'succeeded',
      }),
      expect.objectContaining({
        key: 'group:3',
        title: 'Group 3: web',
        status: 'succeeded',
      }),
      expect.objectContaining({
        key: 'service:web',
        parent: 'group:3',
        status: 'succeeded',
      }),
    ]);
    expect(deploy.progress.total).toBeGreaterThan(0);
    expect(deploy.progress.done).toBe(deploy.progress.total);
    expect(deploy.message).toMatch(
      /Deployed 3 services in 3 start-order groups/,
    );
    // Each group started after the previous one ended.
    for (const [before, after] of [
      ['group:1', 'group:2'],
      ['group:2', 'group:3'],
    ]) {
      const step = (key: string) =>
        deploy.steps.find((s: { key: string }) => s.key === key);
      expect(Date.parse(step(after).startedAt)).toBeGreaterThanOrEqual(
        Date.parse(step(before).finishedAt),
      );
    }
    expect(deploy.events.map((e: { message: string }) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Queued by user:default\/mock/),
        'Group 1: db: started',
        'Group 3: web: done',
        expect.stringMatching(/^Succeeded: Deployed 3 services/),
      ]),
    );

    const records = await deployments('serial');
    const byOperation = (id: string) =>
      records
        .filter(r => r.operationId === id)
        .map(r => [r.service, r.result])
        .sort();
    expect(records).toHaveLength(6);
    for (const id of [deployIds.first, deployIds.second]) {
      expect(byOperation(id)).toEqual([
        ['api', 'succeeded'],
        ['db', 'succeeded'],
        ['web', 'succeeded'],
      ]);
    }
  });

  it('cancel a running deploy: it stops after the current group, says what it left, and leaves no record running', async () => {
    const gate = await closedGate('cancel');
    const deploy = await deployHeldAtGroup1('cancel');

    // Through another environment's path: 404, and nothing asked of it.
    for (const res of [
      await request(server).get(`${env('serial')}/operations/${deploy.id}`),
      await request(server).post(
        `${env('serial')}/operations/${deploy.id}/cancel`,
      ),
    ]) {
      await expectRefused(
        res,
        404,
        new RegExp(`Environment ${ids.serial} has no operation '${deploy.id}'`),
      );
    }
    expect((await operation('cancel', deploy.id)).body).toMatchObject({
      status: 'running',
      cancelRequested: false,
    });

    const cancel = await request(server).post(
      `${env('cancel')}/operations/${deploy.id}/cancel`,
    );
    expect(cancel.status).toBe(202);
    expect(cancel.body).toMatchObject({
      id: deploy.id,
      status: 'running',
      cancelRequested: true,
      cancelledBy: MOCK_USER,
    });
    await gate.open();

    const done = await awaitOperation(server, ids.cancel, deploy.id);
    expect(done).toMatchObject({
      status: 'cancelled',
      cancelRequested: true,
      cancelledBy: MOCK_USER,
    });
    expect(done.message).toMatch(/done: Group 1: db/);
    expect(done.message).toMatch(/not done: Group 2: api; Group 3: web/);
    expect(Object.fromEntries(done.steps!.map(s => [s.key, s.status]))).toEqual(
      {
        'group:1': 'succeeded',
        'service:db': 'succeeded',
        'group:2': 'skipped',
        'service:api': 'skipped',
        'group:3': 'skipped',
        'service:web': 'skipped',
      },
    );
    expect(done.events!.map(e => e.message)).toEqual(
      expect.arrayContaining([
        `Cancel asked for by ${MOCK_USER}: stopping after the current step`,
      ]),
    );
    // Only the group that ran has a record, finished; none is left running.
    const records = await deployments('cancel');
    expect(records.map(r => [r.service, r.result, r.operationId])).toEqual([
      ['db', 'succeeded', deploy.id],
    ]);
  });

  it('bad input to the operations endpoints: a clear 4xx, nothing changed', async () => {
    const before = await snapshot('serial');
    const finished = deployIds.first;
    const detail = (await operation('serial', finished)).body;

    // A finished operation cannot be cancelled.
    await expectRefused(
      await request(server).post(
        `${env('serial')}/operations/${finished}/cancel`,
      ),
      409,
      new RegExp(
        `Operation '${finished}' \\(Deploy all services\\) has already succeeded`,
      ),
    );
    // An operation of another environment.
    const others = await operations('cancel');
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      await expectRefused(
        await request(server).get(`${env('serial')}/operations/${other.id}`),
        404,
        /has no operation/,
      );
      await expectRefused(
        await request(server).post(
          `${env('serial')}/operations/${other.id}/cancel`,
        ),
        404,
        /has no operation/,
      );
    }
    // An id that is no operation's, and ids that are not ids.
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expectRefused(
      await request(server).get(`${env('serial')}/operations/${unknown}`),
      404,
      /has no operation/,
    );
    for (const malformed of ['nope', '1', `${finished}x`]) {
      await expectRefused(
        await request(server).get(`${env('serial')}/operations/${malformed}`),
        400,
        /^Invalid path: .*uuid/i,
      );
      await expectRefused(
        await request(server).post(
          `${env('serial')}/operations/${malformed}/cancel`,
        ),
        400,
        /^Invalid path: .*uuid/i,
      );
    }
    // A status filter that is no status.
    await expectRefused(
      await request(server).get(`${env('serial')}/operations?status=done`),
      400,
      /unknown status done/,
    );
    // Operations of an environment that does not exist.
    await expectRefused(
      await request(server).get(`/api/berth/environments/nope/operations`),
      404,
      /nope/,
    );

    expect(await snapshot('serial')).toEqual(before);
    expect((await operation('serial', finished)).body).toEqual(detail);
    expect(await operations('cancel')).toEqual(others);
  });

  it('a deploy while the environment is being deleted: 409 naming the delete, nothing changed', async () => {
    const gate = await closedGate('doomed');
    const deploy = await deployHeldAtGroup1('doomed');
    const deleting = await request(server).delete(env('doomed'));
    expect(deleting.status).toBe(202);
    const remove: BerthOperation = deleting.body.operation;
    expect(remove).toMatchObject({
      kind: 'delete',
      status: 'queued',
      queuedBehind: deploy.id,
    });

    const before = await snapshot('doomed');
    const refusal = new RegExp(
      `operation ${remove.id} \\(Delete doomed, by ${MOCK_USER}\\) is queued and deletes the environment`,
    );
    await expectRefused(
      await request(server).post(`${env('doomed')}/deploy`),
      409,
      refusal,
    );
    await expectRefused(
      await request(server)
        .post(`${env('doomed')}/services/api/deploy`)
        .send({ images: { main: 'ghcr.io/berth-demo/hello:2.0.0' } }),
      409,
      refusal,
    );
    await expectRefused(
      await request(server).delete(env('doomed')),
      409,
      refusal,
    );
    expect(await snapshot('doomed')).toEqual(before);

    await gate.open();
    expect(await awaitOperation(server, ids.doomed, deploy.id)).toMatchObject({
      status: 'succeeded',
    });
    expect(
      await awaitOperation(server, ids.doomed, remove.id, { projectRef }),
    ).toMatchObject({ status: 'succeeded' });
    expect((await request(server).get(env('doomed'))).status).toBe(404);
    await waitFor(
      () =>
        core.readNamespace({ name: namespaces.doomed }).then(
          () => false,
          () => true,
        ),
      120_000,
      `namespace ${namespaces.doomed} to be deleted`,
    );
  });

  it('a wake while a sleep is queued: 409, nothing changed', async () => {
    const gate = await closedGate('sleepy');
    const deploy = await deployHeldAtGroup1('sleepy');
    const sleeping = await request(server).post(`${env('sleepy')}/sleep`);
    expect(sleeping.status).toBe(202);
    const sleep: BerthOperation = sleeping.body.operation;
    expect(sleep).toMatchObject({
      kind: 'sleep',
      status: 'queued',
      queuedBehind: deploy.id,
    });

    const before = await snapshot('sleepy');
    const blocked = new RegExp(
      `operation ${sleep.id} \\(Sleep sleepy, by ${MOCK_USER}\\) is queued`,
    );
    const wake = await request(server).post(`${env('sleepy')}/wake`);
    expect(wake.status).toBe(409);
    // A deploy may not queue behind a sleep either.
    await expectRefused(
      await request(server).post(`${env('sleepy')}/deploy`),
      409,
      blocked,
    );
    expect(await snapshot('sleepy')).toEqual(before);

    await gate.open();
    expect(await awaitOperation(server, ids.sleepy, deploy.id)).toMatchObject({
      status: 'succeeded',
    });
    expect(await awaitOperation(server, ids.sleepy, sleep.id)).toMatchObject({
      status: 'succeeded',
    });
    expect(
      (await request(server).get(`${env('sleepy')}/sleep`)).body,
    ).toMatchObject({ sleeping: true, state: 'asleep' });
    // The refused wake says why: the sleep queued before it (the contract's
    // 409 names the blocking operation).
    expect(wake.body.error.message).toMatch(blocked);
  });

  it("a project's operations: those of its environments, newest first", async () => {
    const res = await request(server).get(
      `/api/berth/projects/default/${project}/operations?limit=100`,
    );
    expect(res.status).toBe(200);
    const items: BerthOperation[] = res.body.items;
    const mine = new Set<string>();
    for (const name of ['serial', 'cancel', 'sleepy'] as const) {
      for (const o of await operations(name)) mine.add(o.id);
    }
    // The deleted environment's operations are listed as well.
    const doomed = items.filter(o => o.environmentId === ids.doomed);
    expect(doomed.map(o => o.kind)).toEqual(['delete', 'deploy', 'create']);
    doomed.forEach(o => mine.add(o.id));
    expect(new Set(items.map(o => o.id))).toEqual(mine);
    expect(items.every(o => o.projectRef === projectRef)).toBe(true);
    const created = items.map(o => Date.parse(o.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(
      items.filter(o => o.environmentId === ids.serial).map(o => o.kind),
    ).toEqual(['deploy', 'deploy', 'create']);
    await expectRefused(
      await request(server).get(
        `/api/berth/projects/default/${project}/operations?limit=0`,
      ),
      400,
      /limit/,
    );
  });
});
