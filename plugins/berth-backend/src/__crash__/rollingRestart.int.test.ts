import { BerthOperation } from '@berth/plugin-berth-common';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { helmReleases } from './__testUtils__/leftovers';
import {
  createEnvironments,
  deploymentRecords,
  expectStatus,
  waitTerminal,
} from './__testUtils__/operations';
import { helmRunning, waitForChild } from './__testUtils__/waitForChild';

// A rolling restart: the backend running a deploy gets SIGTERM while helm
// runs; it hands the operation back on its way out and the next process
// finishes it, long before the lease would have expired, with no failure.
// Then two deploy requests for one environment, sent to two replicas, run
// one after the other.
jest.setTimeout(10 * 60_000);

// Long enough that only a handover (not a lease running out) lets the next
// process continue within the test.
const LEASE_SECONDS = 120;
const HEARTBEAT_SECONDS = 10;
const setup = crashSetup({
  name: 'roll',
  config: {
    berth: {
      deploy: { groupTimeoutSeconds: 120 },
      operations: {
        leaseSeconds: LEASE_SECONDS,
        heartbeatSeconds: HEARTBEAT_SECONDS,
        pollIntervalMs: 500,
      },
    },
  },
});
const [cluster] = setup.clusters;
const groups = [
  ['db', 'cache', 'queue'],
  ['api', 'worker', 'auth'],
  ['web', 'admin', 'docs'],
];
const services = groups.flat().sort();
let a: BackendProcess;
let b: BackendProcess;
let environment: { id: string; namespace: string };

beforeAll(
  setup.run(async () => {
    a = await setup.backend('a');
    b = await setup.backend('b');
    await a.start();
    await setup.waitForProject(a);
    await setup.addServices(a, groups, 'replicaCount: 1\n');
    const created = await createEnvironments(a, setup.projectPath, [
      { name: 'roll', cluster: cluster.name, deploy: false },
    ]);
    environment = created.items[0];
    const done = await waitTerminal(
      a,
      environment.id,
      created.operations[0].id,
      120_000,
    );
    if (done.status !== 'succeeded') {
      throw new Error(`Creating the environment: ${done.message}`);
    }
  }),
);
afterAll(() => setup.cleanUp());

/** The records an operation wrote. */
async function recordsOf(backend: BackendProcess, operationId: string) {
  return (await deploymentRecords(backend, environment.id)).filter(
    r => r.operationId === operationId,
  );
}

it(
  'a deploy whose backend gets SIGTERM while helm runs completes on the next process with no failure',
  setup.run(async () => {
    const { operation } = expectStatus(
      await a.api.post(`/environments/${environment.id}/deploy`),
      202,
      'Deploy',
    );
    await waitForChild(a, helmRunning('upgrade'), {
      timeoutMs: 120_000,
      what: 'helm upgrade',
    });
    const terminatedAt = Date.now();
    const exit = await a.kill('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });

    await b.start();
    const done = await waitTerminal(b, environment.id, operation.id, 120_000);
    expect(`${done.status}: ${done.message}`).toMatch(/^succeeded: /);
    expect(done.attempts).toBe(2);
    // Resumed on b before a's lease could have run out: a handed it over.
    const resumed = done.events!.find(e =>
      e.message.startsWith('Resumed (attempt 2) on '),
    );
    expect(resumed).toBeDefined();
    expect(Date.parse(resumed!.at)).toBeLessThan(
      terminatedAt + (LEASE_SECONDS - HEARTBEAT_SECONDS) * 1000,
    );
    // One record per service, every one succeeded: nothing failed.
    const records = await recordsOf(b, operation.id);
    expect(records.map(r => r.service).sort()).toEqual(services);
    expect(records.filter(r => r.result !== 'succeeded')).toEqual([]);
    expect(
      (await helmReleases(cluster, environment.namespace)).filter(
        r => r.status !== 'deployed',
      ),
    ).toEqual([]);
    console.log(
      `SIGTERM during helm upgrade: a stopped, b resumed ${Math.round(
        (Date.parse(resumed!.at) - terminatedAt) / 1000,
      )} s after the signal (b took ${b.startTimes[0]} ms to start)`,
    );
  }),
);

it(
  'two deploy requests for one environment, sent to two replicas, run one after the other',
  setup.run(async () => {
    await a.start();
    const first: BerthOperation = expectStatus(
      await a.api.post(`/environments/${environment.id}/deploy`),
      202,
      'First deploy',
    ).operation;
    const second: BerthOperation = expectStatus(
      await b.api.post(`/environments/${environment.id}/deploy`),
      202,
      'Second deploy',
    ).operation;
    expect(second).toMatchObject({ status: 'queued', queuedBehind: first.id });

    const one = await waitTerminal(a, environment.id, first.id, 180_000);
    const two = await waitTerminal(b, environment.id, second.id, 180_000);
    expect([one.status, two.status]).toEqual(['succeeded', 'succeeded']);
    expect(Date.parse(two.startedAt!)).toBeGreaterThanOrEqual(
      Date.parse(one.finishedAt!),
    );
    // The records tell the same: every record of the second deploy began
    // after the last of the first had ended.
    const firstRecords = await recordsOf(a, first.id);
    const secondRecords = await recordsOf(a, second.id);
    expect(firstRecords).toHaveLength(services.length);
    expect(secondRecords).toHaveLength(services.length);
    const firstEnded = Math.max(
      ...firstRecords.map(r => Date.parse(r.finishedAt!)),
    );
    const secondBegan = Math.min(
      ...secondRecords.map(r => Date.parse(r.startedAt)),
    );
    expect(secondBegan).toBeGreaterThanOrEqual(firstEnded);
  }),
);
