import { BerthOperation } from '@berth/plugin-berth-common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import {
  createEnvironments,
  expectStatus,
  getOperation,
  listOperations,
  resumedAt,
  startedOnPid,
  waitTerminal,
} from './__testUtils__/operations';
import { helmRunning, waitForChild } from './__testUtils__/waitForChild';

// bench/operations: OPERATIONS per-service deploy operations queued across
// two replicas of the real backend on PostgreSQL (kwok pods on the local
// cluster), then, as the baseline in the same run, the same operations on
// one replica; then a smaller batch during which one replica is killed with
// SIGKILL. Prints operations per hour, the queue-to-start latency and the
// time the survivor takes to recover the killed replica's operations. Run
// with bench/operations/run.sh.
const OPERATIONS = Number(process.env.BENCH_OPERATIONS ?? 300);
const RECOVERY_OPERATIONS = Number(process.env.BENCH_RECOVERY_OPERATIONS ?? 80);
// As many environments as the two replicas run operations at once (the
// default concurrency, 4 each): an operation waits only for the one before
// it in its environment, so its latency is the queue's own.
const CONCURRENCY = 4;
const ENVIRONMENTS = 2 * CONCURRENCY;
const SERVICES = ['one', 'two', 'three', 'four', 'five'];
jest.setTimeout(60 * 60_000);

const setup = crashSetup({
  name: 'bench',
  // The defaults of berth.operations otherwise: a 30 s lease renewed every
  // 10 s, a dispatcher tick every second.
  config: { berth: { operations: { concurrency: CONCURRENCY } } },
});
const [cluster] = setup.clusters;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

interface PhaseResult {
  operations: BerthOperation[];
  perHour: number;
  /** Seconds from queued (or from the end of the one before it in its environment) to started. */
  latencies: number[];
  failed: number;
}

/**
 * Queues `count` per-service deploys, spread over the environments and sent
 * to the replicas in turn (8 requests at a time), and waits for them all.
 */
async function queueDeploys(
  replicas: BackendProcess[],
  environments: Array<{ id: string }>,
  count: number,
): Promise<Array<{ environmentId: string; id: string }>> {
  const sent: Array<{ environmentId: string; id: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const k = next++;
        const environment = environments[k % environments.length];
        const service =
          SERVICES[Math.floor(k / environments.length) % SERVICES.length];
        const replica = replicas[k % replicas.length];
        const { operation } = expectStatus(
          await replica.api.post(
            `/environments/${environment.id}/services/${service}/deploy`,
            {},
          ),
          202,
          `Deploying ${service}`,
        );
        sent.push({ environmentId: environment.id, id: operation.id });
      }
    }),
  );
  return sent;
}

async function measure(
  reader: BackendProcess,
  sent: Array<{ environmentId: string; id: string }>,
): Promise<PhaseResult> {
  const ids = new Set(sent.map(s => s.id));
  const byEnvironment = new Map<string, BerthOperation[]>();
  for (const environmentId of new Set(sent.map(s => s.environmentId))) {
    await waitFor(
      async () =>
        (await listOperations(reader, environmentId))
          .filter(o => ids.has(o.id))
          .every(o => ['succeeded', 'failed', 'cancelled'].includes(o.status)),
      30 * 60_000,
      'the operations to end',
    );
    byEnvironment.set(
      environmentId,
      (await listOperations(reader, environmentId))
        .filter(o => ids.has(o.id))
        .sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt)),
    );
  }
  const operations = [...byEnvironment.values()].flat();
  const latencies: number[] = [];
  for (const list of byEnvironment.values()) {
    list.forEach((operation, i) => {
      const eligible = Math.max(
        Date.parse(operation.createdAt),
        i > 0 ? Date.parse(list[i - 1].finishedAt!) : 0,
      );
      latencies.push((Date.parse(operation.startedAt!) - eligible) / 1000);
    });
  }
  const first = Math.min(...operations.map(o => Date.parse(o.createdAt)));
  const last = Math.max(...operations.map(o => Date.parse(o.finishedAt!)));
  return {
    operations,
    perHour: (operations.length / ((last - first) / 1000)) * 3600,
    latencies,
    failed: operations.filter(o => o.status !== 'succeeded').length,
  };
}

const seconds = (values: number[], p: number) =>
  `${percentile(values, p).toFixed(2)} s`;

afterAll(() => setup.cleanUp());

it(
  `runs ${OPERATIONS} per-service deploy operations on two replicas, on one, and recovers a killed replica's work`,
  setup.run(async () => {
    const a = await setup.backend('a');
    const b = await setup.backend('b');
    await a.start();
    await b.start();
    await setup.waitForProject(a);
    await setup.addServices(a, [SERVICES], 'replicaCount: 1\n');
    const created = await createEnvironments(
      a,
      setup.projectPath,
      Array.from({ length: ENVIRONMENTS }, (_, i) => ({
        name: `b${i}`,
        cluster: cluster.name,
      })),
    );
    for (const operation of created.operations) {
      const done = await waitTerminal(
        a,
        operation.environmentId!,
        operation.id,
        10 * 60_000,
      );
      expect(done.status).toBe('succeeded');
    }
    const environments = created.items;

    // Two replicas.
    const two = await measure(
      a,
      await queueDeploys([a, b], environments, OPERATIONS),
    );
    // Baseline: the same operations on one replica.
    await b.kill('SIGTERM');
    const one = await measure(
      a,
      await queueDeploys([a], environments, OPERATIONS),
    );

    // Recovery: b back, a batch sent to both, b killed with SIGKILL midway.
    await b.start();
    const sent = await queueDeploys([a, b], environments, RECOVERY_OPERATIONS);
    const ids = new Set(sent.map(s => s.id));
    await waitFor(
      async () =>
        (await Promise.all(environments.map(e => listOperations(a, e.id))))
          .flat()
          .filter(o => ids.has(o.id) && o.status === 'succeeded').length >=
        RECOVERY_OPERATIONS / 4,
      30 * 60_000,
      'a quarter of the batch to end',
    );
    await waitForChild(b, helmRunning('upgrade'), {
      timeoutMs: 10 * 60_000,
      what: 'replica b to run helm',
    });
    const bPid = b.pid()!;
    await b.kill('SIGKILL');
    const killedAt = Date.now();
    const onB: Array<{ environmentId: string; id: string }> = [];
    for (const s of sent) {
      const operation = await getOperation(a, s.environmentId, s.id);
      if (operation.status === 'running' && startedOnPid(operation) === bPid) {
        onB.push(s);
      }
    }
    const recovery = await measure(a, sent);
    const recovered = await Promise.all(
      onB.map(s => getOperation(a, s.environmentId, s.id)),
    );
    const resumedAfter = Math.max(
      ...recovered.map(o => (resumedAt(o) ?? Infinity) - killedAt),
    );
    const finishedAfter = Math.max(
      ...recovered.map(o => Date.parse(o.finishedAt!) - killedAt),
    );

    const lines = [
      `bench/operations: ${OPERATIONS} per-service deploy operations (hello chart, one kwok pod each) over ${ENVIRONMENTS} environments on ${cluster.name}; PostgreSQL; concurrency ${CONCURRENCY} per replica`,
      `  two replicas: ${Math.round(
        two.perHour,
      )} operations/hour; queue-to-start p50 ${seconds(
        two.latencies,
        50,
      )}, p95 ${seconds(two.latencies, 95)} (target <= 2 s), max ${seconds(
        two.latencies,
        100,
      )}; ${two.failed} failed`,
      `  one replica (baseline, same operations): ${Math.round(
        one.perHour,
      )} operations/hour; queue-to-start p95 ${seconds(
        one.latencies,
        95,
      )} (with ${ENVIRONMENTS} environments for ${CONCURRENCY} slots, this includes waiting for a slot); ${
        one.failed
      } failed`,
      `  ratio two replicas / one: ${(two.perHour / one.perHour).toFixed(
        2,
      )} (throughput)`,
      `  SIGKILL of one replica during ${RECOVERY_OPERATIONS} more (${
        onB.length
      } of its operations running, lease 30 s): all resumed on the other ${(
        resumedAfter / 1000
      ).toFixed(1)} s after the kill, all finished ${(
        finishedAfter / 1000
      ).toFixed(1)} s after (target <= 40 s); ${recovery.failed} failed`,
      `  backend start to ready: ${[...a.startTimes, ...b.startTimes]
        .map(ms => `${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`,
    ];
    console.log(lines.join('\n'));
    writeFileSync(
      join(process.env.BENCH_OUT ?? tmpdir(), 'operations.txt'),
      `${lines.join('\n')}\n`,
    );
    expect(two.failed + one.failed + recovery.failed).toBe(0);
    expect(onB.length).toBeGreaterThan(0);
  }),
);
