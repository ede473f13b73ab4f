import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import {
  createEnvironments,
  expectStatus,
  waitTerminal,
} from './__testUtils__/operations';

// bench/workflows, the spec's "two replicas" row: two replicas of the real
// backend (each its own process) on one PostgreSQL, RUNS runs of a workflow
// whose one job deploys a service (the hello chart, one kwok pod) into one of
// ENVIRONMENTS environments, sent to the replicas in turn through the REST
// API; once a quarter of them succeeded, replica b is killed with SIGKILL
// while it holds runs. Measures the takeover (the default 30 s lease: the
// time until every run b held is leased by a) and checks that every run
// succeeded with exactly one deployment record per run (no deploy redone, no
// run claimed twice). Prints runs per hour with the ratio to the same runs on
// one replica before (the baseline, RUNS / 2). Run with
// bench/workflows/run.sh.
const RUNS = Number(process.env.BENCH_REPLICA_RUNS ?? 500);
const BASELINE_RUNS = Math.max(10, Math.floor(RUNS / 2));
const ENVIRONMENTS = 8;
jest.setTimeout(2 * 60 * 60_000);

const setup = crashSetup({ name: 'wfrep' });
const [cluster] = setup.clusters;

afterAll(() => setup.cleanUp());

interface RunRow {
  id: string;
  status: string;
  lease_owner: string | null;
}

async function createWorkflow(backend: BackendProcess, name: string) {
  return expectStatus(
    await backend.api.post(`${setup.projectPath}/workflows`, {
      name,
      definition: {
        concurrency: { limit: 40 },
        params: [{ name: 'env', type: 'environment', required: true }],
        stages: [
          {
            name: 'deploy',
            jobs: [
              {
                name: 'deploy',
                type: 'deploy',
                spec: { environment: '${params.env}', services: ['web'] },
              },
            ],
          },
        ],
      },
    }),
    201,
    `Creating workflow ${name}`,
  ) as { id: string };
}

/** Starts `count` runs, 8 requests at a time, sent to the replicas in turn. */
async function startRuns(
  replicas: BackendProcess[],
  workflowId: string,
  environments: Array<{ name: string }>,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < count) {
        const k = next++;
        const replica = replicas[k % replicas.length];
        ids.push(
          expectStatus(
            await replica.api.post(`/workflows/${workflowId}/runs`, {
              params: { env: environments[k % environments.length].name },
            }),
            201,
            'Starting a run',
          ).id,
        );
      }
    }),
  );
  return ids;
}

const runRows = (workflowId: string): Promise<RunRow[]> =>
  setup
    .berthDatabase()('berth_workflow_runs')
    .where({ workflow_id: workflowId })
    .select('id', 'status', 'lease_owner');

async function waitAllEnded(workflowId: string, count: number) {
  await waitFor(
    async () => {
      const rows = await runRows(workflowId);
      return (
        rows.length === count &&
        rows.every(r => ['succeeded', 'failed', 'cancelled'].includes(r.status))
      );
    },
    90 * 60_000,
    `the ${count} runs to end`,
  );
}

/** Runs per hour from the first run's creation to the last one's end. */
async function perHour(workflowId: string): Promise<number> {
  const [row] = await setup
    .berthDatabase()('berth_workflow_runs')
    .where({ workflow_id: workflowId })
    .select(
      setup.berthDatabase().raw('count(*) as n'),
      setup.berthDatabase().raw('min(created_at) as first'),
      setup.berthDatabase().raw('max(finished_at) as last'),
    );
  const ms = new Date(row.last).getTime() - new Date(row.first).getTime();
  return (Number(row.n) / ms) * 3_600_000;
}

/** Deployment records made by the runs' job runs: how many per run. */
async function recordsPerRun(workflowId: string): Promise<number[]> {
  const knex = setup.berthDatabase();
  const rows: Array<{ run_id: string; n: string | number }> = await knex(
    'berth_deployments as d',
  )
    .join('berth_workflow_job_runs as j', 'j.id', 'd.job_run_id')
    .join('berth_workflow_runs as r', 'r.id', 'j.run_id')
    .where('r.workflow_id', workflowId)
    .groupBy('j.run_id')
    .select('j.run_id', knex.raw('count(*) as n'));
  return rows.map(r => Number(r.n));
}

it(
  `two replicas: ${RUNS} deploy runs, one replica SIGKILLed midway`,
  setup.run(async () => {
    const a = await setup.backend('a');
    const b = await setup.backend('b');
    await a.start();
    await b.start();
    await setup.waitForProject(a);
    await setup.addServices(a, [['web']], 'replicaCount: 1\n');
    const created = await createEnvironments(
      a,
      setup.projectPath,
      Array.from({ length: ENVIRONMENTS }, (_, i) => ({
        name: `r${i}`,
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

    // Baseline: half as many runs on replica a alone (b stopped cleanly).
    await b.kill('SIGTERM');
    const baseline = await createWorkflow(a, 'baseline');
    await startRuns([a], baseline.id, environments, BASELINE_RUNS);
    await waitAllEnded(baseline.id, BASELINE_RUNS);
    const oneRate = await perHour(baseline.id);

    // Two replicas, b killed once a quarter of the runs succeeded.
    await b.start();
    const measured = await createWorkflow(a, 'replicas');
    // Requests to b fail once it is killed; what was sent is read back from the database.
    const started = startRuns([a, b], measured.id, environments, RUNS).catch(
      () => undefined,
    );
    await waitFor(
      async () =>
        (await runRows(measured.id)).filter(r => r.status === 'succeeded')
          .length >=
        RUNS / 4,
      60 * 60_000,
      'a quarter of the runs to succeed',
    );
    // Kill b while it holds runs: owners of the running runs just before.
    let held: RunRow[] = [];
    await waitFor(
      async () => {
        held = (await runRows(measured.id)).filter(
          r => r.status === 'running' && r.lease_owner,
        );
        return new Set(held.map(r => r.lease_owner)).size >= 2;
      },
      10 * 60_000,
      'both replicas to hold runs',
    );
    const owners = new Set(held.map(r => r.lease_owner));
    await b.kill('SIGKILL');
    const killedAt = Date.now();
    await started;
    // b's runs are those whose owner changes; a renews its own.
    const takenOverAt = new Map<string, number>();
    const before = new Map(held.map(r => [r.id, r.lease_owner]));
    let bOwner: string | null | undefined;
    await waitFor(
      async () => {
        const now = new Map(
          (await runRows(measured.id)).map(r => [r.id, r] as const),
        );
        for (const [id, owner] of before) {
          const row = now.get(id)!;
          if (!takenOverAt.has(id) && row.lease_owner !== owner) {
            takenOverAt.set(id, Date.now());
            if (row.lease_owner) bOwner ??= owner;
          }
        }
        if (bOwner === undefined) return false;
        const bRuns = [...before].filter(([, o]) => o === bOwner);
        return bRuns.every(([id]) => takenOverAt.has(id));
      },
      5 * 60_000,
      "b's runs to be taken over",
    );
    const bRuns = [...before].filter(([, o]) => o === bOwner).map(([id]) => id);
    const takeoverS =
      Math.max(...bRuns.map(id => takenOverAt.get(id)! - killedAt)) / 1000;
    const sentCount = (await runRows(measured.id)).length;
    await waitAllEnded(measured.id, sentCount);
    const rows = await runRows(measured.id);
    const succeeded = rows.filter(r => r.status === 'succeeded').length;
    const twoRate = await perHour(measured.id);
    const records = await recordsPerRun(measured.id);

    const lines = [
      `two replicas (real backends on PostgreSQL, default 30 s lease): ${sentCount} runs of a one-job workflow deploying the hello chart (one kwok pod) over ${ENVIRONMENTS} environments, sent to both in turn; replica b SIGKILLed holding ${bRuns.length} running runs (${owners.size} owners held runs)`,
      `  takeover: every run b held leased by a ${takeoverS.toFixed(
        1,
      )} s after the kill (target <= 40 s)`,
      `  ${succeeded}/${sentCount} succeeded; deployment records per run: ${
        records.filter(n => n === 1).length
      } runs with exactly one, ${
        records.filter(n => n > 1).length
      } with more (target: every run once)`,
      `  throughput with the kill: ${Math.round(
        twoRate,
      )} runs/hour; one replica before (baseline, ${BASELINE_RUNS} runs): ${Math.round(
        oneRate,
      )} runs/hour; ratio ${(twoRate / oneRate).toFixed(2)}`,
    ];
    // eslint-disable-next-line no-console
    console.log(lines.join('\n'));
    writeFileSync(
      join(process.env.BENCH_OUT ?? tmpdir(), 'replicas.txt'),
      `${lines.join('\n')}\n`,
    );
    expect(succeeded).toBe(sentCount);
    expect(records).toHaveLength(sentCount);
    expect(records.every(n => n === 1)).toBe(true);
    expect(bRuns.length).toBeGreaterThan(0);
  }),
);
