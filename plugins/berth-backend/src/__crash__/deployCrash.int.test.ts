import { BerthOperation } from '@berth/plugin-berth-common';
import { waitFor } from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { pendingReleases } from './__testUtils__/leftovers';
import { helmRunning } from './__testUtils__/waitForChild';
import {
  createEnvironments,
  deploymentRecords,
  expectStatus,
  stepStatus,
  waitForOperation,
  waitTerminal,
} from './__testUtils__/operations';
import { recoveryReport } from './__testUtils__/recovery';
import { lockPendingStep } from './__testUtils__/stepLock';

// The real backend on PostgreSQL, killed with SIGKILL in the middle of a
// 30-service environment deploy (three start-order groups of ten): once
// exactly between two groups, once while `helm upgrade` runs. After the
// restart the operation ends by itself, every service is deployed once, and
// nothing is left running, pending or on disk.
jest.setTimeout(10 * 60_000);

const setup = crashSetup({
  name: 'deploy',
  config: {
    berth: {
      deploy: { groupTimeoutSeconds: 120 },
      // A killed replica's lease runs out quickly, so the restarted process
      // takes its operation over within the test's time.
      operations: {
        leaseSeconds: 10,
        heartbeatSeconds: 2,
        pollIntervalMs: 500,
      },
    },
  },
});
const [cluster] = setup.clusters;
const groups = [0, 1, 2].map(g =>
  Array.from(
    { length: 10 },
    (_, i) => `s${String(g * 10 + i + 1).padStart(2, '0')}`,
  ),
);
const services = groups.flat();
let backend: BackendProcess;
let environmentId: string;
let namespace: string;

beforeAll(
  setup.run(async () => {
    backend = await setup.backend('a');
    await backend.start();
    await setup.waitForProject(backend);
    // One pod per service: 30 pods on the kwok nodes.
    await setup.addServices(backend, groups, 'replicaCount: 1\n');
  }),
);
afterAll(() => setup.cleanUp());

/** Every service deployed exactly once by the operation, and nothing else running. */
async function expectDeployedOnce(operation: BerthOperation) {
  const records = (await deploymentRecords(backend, environmentId)).filter(
    r => r.operationId === operation.id,
  );
  expect(records.map(r => r.service).sort()).toEqual(services);
  expect(records.filter(r => r.result !== 'succeeded')).toEqual([]);
}

async function expectRecovered(operationId: string, restartedAt: number) {
  const report = await recoveryReport({
    backend,
    environmentId,
    namespace,
    cluster,
    timeoutMs: 60_000,
  });
  const operation = report.operations.find(o => o.id === operationId)!;
  // The message says why, should it have failed.
  expect(`${operation.status}: ${operation.message}`).toMatch(/^succeeded: /);
  expect(Date.parse(operation.finishedAt!) - restartedAt).toBeLessThanOrEqual(
    60_000,
  );
  expect(operation.attempts).toBeGreaterThanOrEqual(2);
  expect(report).toMatchObject({
    runningRecords: [],
    unsettledReleases: [],
    kubeconfigFiles: [],
    status: 'Running',
  });
  await expectDeployedOnce(operation);
}

it(
  'a deploy killed between two start-order groups continues with the next group after the restart',
  setup.run(async () => {
    const created = await createEnvironments(backend, setup.projectPath, [
      { name: 'big', cluster: cluster.name },
    ]);
    environmentId = created.items[0].id;
    namespace = created.items[0].namespace;
    const [operation] = created.operations;

    // Hold group 2's step: the backend blocks when it starts it, right
    // after group 1 has ended.
    await waitForOperation(
      backend,
      environmentId,
      operation.id,
      o => stepStatus(o, 'group:2') === 'pending',
      120_000,
      'the deploy steps to be planned',
    );
    const lock = await lockPendingStep(
      setup.berthDatabase(),
      operation.id,
      'group:2',
    );
    try {
      const between = await waitForOperation(
        backend,
        environmentId,
        operation.id,
        o => stepStatus(o, 'group:1') === 'succeeded',
        180_000,
        'group 1 to succeed',
      );
      expect({
        group2: stepStatus(between, 'group:2'),
        group2Services: groups[1].map(s => stepStatus(between, `service:${s}`)),
      }).toEqual({
        group2: 'pending',
        group2Services: groups[1].map(() => 'pending'),
      });
      await backend.kill('SIGKILL');
    } finally {
      await lock.release();
    }

    await backend.start();
    const restartedAt = Date.now();
    await expectRecovered(operation.id, restartedAt);
    // Group 1 was not deployed again: its steps were skipped on resume.
    const records = await deploymentRecords(backend, environmentId);
    expect(records.filter(r => groups[0].includes(r.service)).length).toBe(10);
  }),
);

it(
  'a deploy killed while helm upgrade runs repairs the release and finishes after the restart',
  setup.run(async () => {
    const { operation } = expectStatus(
      await backend.api.post(`/environments/${environmentId}/deploy`),
      202,
      'Deploying the environment',
    );

    // Kill the whole process group (backend and its helm children) while
    // helm upgrades run and have marked their releases pending: freeze the
    // group, let requests already sent land, and look; kill it frozen, or
    // let it go on and look again.
    let pendingAtKill: string[] = [];
    let helmAtKill: string[] = [];
    await waitFor(
      async () => {
        if (backend.children().filter(helmRunning('upgrade')).length === 0) {
          return false;
        }
        backend.freeze(true);
        await new Promise(r => setTimeout(r, 300));
        const helms = backend.children().filter(helmRunning('upgrade'));
        const pending = await pendingReleases(cluster, namespace);
        if (helms.length === 0 || pending.length === 0) {
          backend.freeze(false);
          return false;
        }
        pendingAtKill = pending;
        helmAtKill = helms.map(p => p.cmdline);
        await backend.kill('SIGKILL');
        return true;
      },
      180_000,
      'a helm upgrade with its release pending',
    );
    expect(helmAtKill.length).toBeGreaterThan(0);
    // The kill left those releases pending: Helm refuses to upgrade them
    // as they are.
    expect((await pendingReleases(cluster, namespace)).sort()).toEqual(
      pendingAtKill.sort(),
    );
    console.log(
      `Killed with ${
        helmAtKill.length
      } helm upgrade(s) running; releases left pending: ${pendingAtKill.join(
        ', ',
      )}`,
    );

    await backend.start();
    const restartedAt = Date.now();
    await expectRecovered(operation.id, restartedAt);
    const finished = await waitTerminal(
      backend,
      environmentId,
      operation.id,
      1_000,
    );
    console.log(
      `Recovered deploy: ${finished.message}; attempts ${finished.attempts}`,
    );
  }),
);
