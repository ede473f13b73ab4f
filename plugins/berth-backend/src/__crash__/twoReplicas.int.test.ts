import { BerthOperation } from '@berth/plugin-berth-common';
import { waitFor } from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { pendingReleases } from './__testUtils__/leftovers';
import {
  createEnvironments,
  deploymentRecords,
  expectStatus,
  getOperation,
  listOperations,
  startedOnPid,
  waitTerminal,
} from './__testUtils__/operations';
import { helmRunning, waitForChild } from './__testUtils__/waitForChild';

// Two backend processes on one PostgreSQL database. 50 per-service deploy
// operations (ten environments of five services) are sent to both in turn;
// one replica is killed with SIGKILL midway. Every operation runs exactly
// once (one deployment record each) and the surviving replica finishes the
// killed one's operations within 40 s of their leases expiring.
jest.setTimeout(10 * 60_000);

const LEASE_SECONDS = 10;
const setup = crashSetup({
  name: 'replicas',
  config: {
    berth: {
      deploy: { groupTimeoutSeconds: 120 },
      operations: {
        concurrency: 4,
        leaseSeconds: LEASE_SECONDS,
        heartbeatSeconds: 2,
        pollIntervalMs: 500,
      },
    },
  },
});
const [cluster] = setup.clusters;
const services = ['one', 'two', 'three', 'four', 'five'];
const ENVIRONMENTS = 10;
let a: BackendProcess;
let b: BackendProcess;

beforeAll(
  setup.run(async () => {
    a = await setup.backend('a');
    b = await setup.backend('b');
    // One after the other: on an empty database, Backstage's plugins race
    // on their first migrations when two processes start at once.
    await a.start();
    await b.start();
    await setup.waitForProject(a);
    await setup.addServices(a, [services], 'replicaCount: 1\n');
  }),
);
afterAll(() => setup.cleanUp());

/** The replica ('a' or 'b') an operation last started on. */
const replicaOf = (operation: BerthOperation, pids: Map<number, string>) =>
  pids.get(startedOnPid(operation) ?? -1);

it(
  'runs 50 operations sent to two replicas exactly once, and the survivor finishes the work of the one killed',
  setup.run(async () => {
    const created = await createEnvironments(
      a,
      setup.projectPath,
      Array.from({ length: ENVIRONMENTS }, (_, i) => ({
        name: `e${i}`,
        cluster: cluster.name,
        deploy: false,
      })),
    );
    const environments = created.items;
    for (const op of created.operations) {
      const done = await waitTerminal(a, op.environmentId!, op.id, 120_000);
      expect(done.status).toBe('succeeded');
    }

    // 50 requests, alternately to a and b, the environments interleaved.
    const sent: Array<{ environmentId: string; operation: BerthOperation }> =
      [];
    for (let k = 0; k < ENVIRONMENTS * services.length; k++) {
      const environment = environments[k % ENVIRONMENTS];
      const service = services[Math.floor(k / ENVIRONMENTS)];
      const replica = k % 2 === 0 ? a : b;
      const { operation } = expectStatus(
        await replica.api.post(
          `/environments/${environment.id}/services/${service}/deploy`,
          {},
        ),
        202,
        `Deploying ${service} to ${environment.name}`,
      );
      sent.push({ environmentId: environment.id, operation });
    }
    expect(new Set(sent.map(s => s.operation.id)).size).toBe(50);

    // Midway: once a fifth has ended and b is running helm, kill b.
    const ended = async () =>
      (await Promise.all(environments.map(e => listOperations(a, e.id))))
        .flat()
        .filter(
          o =>
            o.kind === 'deploy-service' &&
            ['succeeded', 'failed', 'cancelled'].includes(o.status),
        ).length;
    await waitFor(
      async () => (await ended()) >= 10,
      300_000,
      '10 operations to end',
    );
    await waitForChild(b, helmRunning('upgrade'), {
      timeoutMs: 120_000,
      what: 'replica b to run helm',
    });
    const pids = new Map([
      [a.pid()!, 'a'],
      [b.pid()!, 'b'],
    ]);
    await b.kill('SIGKILL');
    const killedAt = Date.now();

    // What b was running when it died: read at once (in parallel), well
    // before its leases expire and a takes those operations over.
    const runningOnB = (
      await Promise.all(
        sent.map(({ environmentId, operation }) =>
          getOperation(a, environmentId, operation.id),
        ),
      )
    ).filter(now => now.status === 'running' && replicaOf(now, pids) === 'b');
    expect(Date.now() - killedAt).toBeLessThan(LEASE_SECONDS * 1000);
    const endedAtKill = await ended();
    expect(runningOnB.length).toBeGreaterThan(0);

    // Every operation ends, on a.
    const final: BerthOperation[] = [];
    for (const { environmentId, operation } of sent) {
      final.push(await waitTerminal(a, environmentId, operation.id, 300_000));
    }
    expect(
      final
        .filter(o => o.status !== 'succeeded')
        .map(o => `${o.id}: ${o.message}`),
    ).toEqual([]);

    // b's operations: taken over by a within 40 s of their lease expiring.
    const leaseExpiry = killedAt + LEASE_SECONDS * 1000;
    const takenOver = final.filter(o => runningOnB.some(r => r.id === o.id));
    for (const operation of takenOver) {
      expect(replicaOf(operation, pids)).toBe('a');
      expect(operation.attempts).toBeGreaterThanOrEqual(2);
    }
    const lastTakeover = Math.max(
      ...takenOver.map(o => Date.parse(o.finishedAt!)),
    );
    expect(lastTakeover - leaseExpiry).toBeLessThanOrEqual(40_000);

    // Exactly once: one deployment record per operation, none running.
    const records = (
      await Promise.all(environments.map(e => deploymentRecords(a, e.id)))
    ).flat();
    const perOperation = new Map<string, number>();
    for (const record of records) {
      perOperation.set(
        record.operationId!,
        (perOperation.get(record.operationId!) ?? 0) + 1,
      );
    }
    expect(
      sent
        .map(s => s.operation.id)
        .filter(id => perOperation.get(id) !== 1)
        .map(id => `${id}: ${perOperation.get(id) ?? 0} records`),
    ).toEqual([]);
    expect(records.filter(r => r.result !== 'succeeded')).toEqual([]);
    for (const environment of environments) {
      expect(await pendingReleases(cluster, environment.namespace)).toEqual([]);
    }
    console.log(
      `Two replicas: b killed after ${endedAtKill}/50 operations had ended, running ${
        runningOnB.length
      }; a finished them ${Math.round(
        (lastTakeover - leaseExpiry) / 1000,
      )} s after their leases expired; ${
        final.filter(o => replicaOf(o, pids) === 'b').length
      } operations ended on b, ${
        final.filter(o => replicaOf(o, pids) === 'a').length
      } on a`,
    );
  }),
);
