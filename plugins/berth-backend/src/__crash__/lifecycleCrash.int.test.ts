import { CoreV1Api } from '@kubernetes/client-node';
import { BerthOperation } from '@berth/plugin-berth-common';
import { kubeConfigFor, waitFor } from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { helmReleases, kubeconfigFiles } from './__testUtils__/leftovers';
import {
  createEnvironments,
  expectStatus,
  stepStatus,
  waitForOperation,
  waitTerminal,
} from './__testUtils__/operations';
import { recoveryReport } from './__testUtils__/recovery';
import { lockPendingStep } from './__testUtils__/stepLock';
import { helmRunning, waitForChild } from './__testUtils__/waitForChild';

// The real backend on PostgreSQL, killed with SIGKILL during a wake, a copy
// and a delete of an environment of nine services in three start-order
// groups. After each restart the operation ends by itself within 60 s and
// leaves nothing running, pending or on disk.
jest.setTimeout(10 * 60_000);

const setup = crashSetup({
  name: 'life',
  config: {
    berth: {
      deploy: { groupTimeoutSeconds: 120 },
      operations: {
        leaseSeconds: 10,
        heartbeatSeconds: 2,
        pollIntervalMs: 500,
      },
    },
  },
});
const [east, west] = setup.clusters;
const groups = [
  ['db', 'cache', 'queue'],
  ['api', 'worker', 'auth'],
  ['web', 'admin', 'docs'],
];
let backend: BackendProcess;
let source: { id: string; namespace: string };
let copy: { id: string; namespace: string };

beforeAll(
  setup.run(async () => {
    backend = await setup.backend('a');
    await backend.start();
    await setup.waitForProject(backend);
    await setup.addServices(backend, groups, 'replicaCount: 1\n');
    const created = await createEnvironments(backend, setup.projectPath, [
      { name: 'src', cluster: east.name },
    ]);
    source = created.items[0];
    const done = await waitTerminal(
      backend,
      source.id,
      created.operations[0].id,
      180_000,
    );
    if (done.status !== 'succeeded') {
      throw new Error(`Creating the source environment: ${done.message}`);
    }
  }),
);
afterAll(() => setup.cleanUp());

/** Kills the backend, starts it again; returns when it was ready. */
async function crashAndRestart(): Promise<number> {
  await backend.kill('SIGKILL');
  await backend.start();
  return Date.now();
}

function expectSucceededWithin(operation: BerthOperation, restartedAt: number) {
  expect(`${operation.status}: ${operation.message}`).toMatch(/^succeeded: /);
  expect(operation.attempts).toBeGreaterThanOrEqual(2);
  expect(Date.parse(operation.finishedAt!) - restartedAt).toBeLessThanOrEqual(
    60_000,
  );
}

it(
  'a wake killed midway wakes the environment after the restart',
  setup.run(async () => {
    const slept = expectStatus(
      await backend.api.post(`/environments/${source.id}/sleep`),
      202,
      'Sleep',
    );
    const asleep = await waitTerminal(
      backend,
      source.id,
      slept.operation.id,
      120_000,
    );
    expect(asleep.status).toBe('succeeded');

    const woken = expectStatus(
      await backend.api.post(`/environments/${source.id}/wake`),
      202,
      'Wake',
    );
    // Kill while a start-order group is being restored.
    const midway = await waitForOperation(
      backend,
      source.id,
      woken.operation.id,
      o => (o.steps ?? []).some(s => s.status === 'running'),
      120_000,
      'the wake to restore a group',
    );
    const restartedAt = await crashAndRestart();
    console.log(
      `Wake killed with steps ${(midway.steps ?? [])
        .map(s => `${s.key}=${s.status}`)
        .join(', ')}`,
    );

    const report = await recoveryReport({
      backend,
      environmentId: source.id,
      namespace: source.namespace,
      cluster: east,
      timeoutMs: 60_000,
    });
    expectSucceededWithin(
      report.operations.find(o => o.id === woken.operation.id)!,
      restartedAt,
    );
    expect(report).toMatchObject({
      runningRecords: [],
      unsettledReleases: [],
      kubeconfigFiles: [],
      status: 'Running',
    });
    const environment = expectStatus(
      await backend.api.get(`/environments/${source.id}`),
      200,
      'Reading the environment',
    );
    expect(environment.sleeping ?? false).toBe(false);
    expect(environment.sleepState).toBeUndefined();
  }),
);

it(
  'a copy killed between two start-order groups of its deploy finishes after the restart',
  setup.run(async () => {
    const copied = expectStatus(
      await backend.api.post(`/environments/${source.id}/copy`, {
        name: 'copy',
        cluster: west.name,
        deploy: true,
      }),
      201,
      'Copy',
    );
    copy = copied.environment;
    const operation: BerthOperation = copied.operation;
    await waitForOperation(
      backend,
      copy.id,
      operation.id,
      o => stepStatus(o, 'group:2') === 'pending',
      120_000,
      "the copy's deploy steps to be planned",
    );
    const lock = await lockPendingStep(
      setup.berthDatabase(),
      operation.id,
      'group:2',
    );
    try {
      await waitForOperation(
        backend,
        copy.id,
        operation.id,
        o => stepStatus(o, 'group:1') === 'succeeded',
        180_000,
        "the copy's group 1 to succeed",
      );
      await backend.kill('SIGKILL');
    } finally {
      await lock.release();
    }
    await backend.start();
    const restartedAt = Date.now();

    const report = await recoveryReport({
      backend,
      environmentId: copy.id,
      namespace: copy.namespace,
      cluster: west,
      timeoutMs: 60_000,
    });
    expectSucceededWithin(
      report.operations.find(o => o.id === operation.id)!,
      restartedAt,
    );
    expect(report).toMatchObject({
      runningRecords: [],
      unsettledReleases: [],
      kubeconfigFiles: [],
      status: 'Running',
    });
    expect(
      (await helmReleases(west, copy.namespace)).map(r => r.name).sort(),
    ).toEqual(groups.flat().sort());
  }),
);

it(
  'a delete killed while helm uninstall runs removes everything after the restart',
  setup.run(async () => {
    const deleting = expectStatus(
      await backend.api.delete(`/environments/${copy.id}`),
      202,
      'Delete',
    );
    const operation: BerthOperation = deleting.operation;
    const helms = await waitForChild(backend, helmRunning('uninstall'), {
      timeoutMs: 120_000,
      what: 'a helm uninstall',
    });
    const restartedAt = await crashAndRestart();
    console.log(`Delete killed with ${helms.length} helm uninstall(s) running`);

    // The environment is gone with its operation's end; read the operation
    // from the project's list.
    let ended: BerthOperation | undefined;
    await waitFor(
      async () => {
        const { items } = expectStatus(
          await backend.api.get(`${setup.projectPath}/operations?limit=50`),
          200,
          "Listing the project's operations",
        ) as { items: BerthOperation[] };
        ended = items.find(o => o.id === operation.id);
        return ['succeeded', 'failed', 'cancelled'].includes(
          ended?.status ?? '',
        );
      },
      60_000,
      'the delete to end',
    );
    expectSucceededWithin(ended!, restartedAt);
    expect((await backend.api.get(`/environments/${copy.id}`)).status).toBe(
      404,
    );
    expect(await helmReleases(west, copy.namespace)).toEqual([]);
    const core = kubeConfigFor(west).makeApiClient(CoreV1Api);
    await waitFor(
      async () =>
        !(
          await core.listNamespace()
        ).items.some(ns => ns.metadata?.name === copy.namespace),
      60_000,
      `namespace ${copy.namespace} to be gone`,
    );
    expect(kubeconfigFiles(backend.tmpDir)).toEqual([]);
  }),
);
