import { BerthJobType } from '@berth/plugin-berth-node';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Knex } from 'knex';
import {
  database,
  percentile,
  runtime,
  secondPool,
} from './__testUtils__/benchKit';

// bench/workflows: the workflow engine on PostgreSQL (a database of its own),
// with a one-job workflow whose job is an in-backend job type that returns at
// once, so the figures are the engine's own (claiming, leases, job runs,
// logs, status). Phases: RUNS runs queued at once on one engine (the
// baseline), the same on two engines sharing the database (each run must be
// claimed once), and LIMIT_RUNS runs of a workflow with a concurrency limit
// of 2 under a global limit of 10, sampled for the most running at once.
// Also FREE_RUNS runs queued one at a time into running engines (queue to
// start with free slots). Prints runs per hour, queue-to-start p50/p95 and
// the limits seen. Run with
// bench/workflows/run.sh.
const RUNS = Number(process.env.BENCH_WORKFLOW_RUNS ?? 1000);
const LIMIT_RUNS = Number(process.env.BENCH_WORKFLOW_LIMIT_RUNS ?? 200);
const FREE_RUNS = Number(process.env.BENCH_WORKFLOW_FREE_RUNS ?? 100);

async function waitUntil(done: () => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('bench: timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}
jest.setTimeout(60 * 60_000);

const PROJECT = 'system:default/bench';
const actor = 'user:default/bench';

/** A job that takes `ms` and records when it started. */
function timedJob(ms: number, starts: Map<string, number>): BerthJobType {
  return {
    name: 'Bench job',
    inputSchema: z.object({}).passthrough(),
    async run(ctx) {
      starts.set(ctx.run.runId, Date.now());
      if (ms > 0) await new Promise(r => setTimeout(r, ms));
    },
  };
}

interface Phase {
  runsPerHour: number;
  p50: number;
  p95: number;
  seconds: number;
}

/** Queues `count` runs of a fresh workflow, runs them on `engines` engines, returns the figures. */
async function phase(
  knex: Knex,
  engines: number,
  count: number,
  concurrency: number,
): Promise<Phase> {
  const starts = new Map<string, number>();
  const runtimes = Array.from({ length: engines }, () =>
    runtime(knex, timedJob(0, starts)),
  );
  const [first] = runtimes;
  const workflow = await first.service.createWorkflow(
    PROJECT,
    {
      name: `bench-${engines}-${Date.now()}`,
      definition: {
        concurrency: { limit: concurrency },
        stages: [
          { name: 'one', jobs: [{ name: 'job', type: 'bench', spec: {} }] },
        ],
      },
    },
    actor,
  );
  const created = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const run = await first.service.startRun(
      workflow.id,
      {},
      { type: 'manual', actor },
    );
    created.set(run.id, Date.parse(run.createdAt));
  }
  const t0 = Date.now();
  runtimes.forEach(r => r.engine.start());
  try {
    for (;;) {
      const [{ n }] = await knex('berth_workflow_runs')
        .where({ workflow_id: workflow.id })
        .whereIn('status', ['succeeded', 'failed', 'cancelled'])
        .count({ n: '*' });
      if (Number(n) >= count) break;
      await new Promise(r => setTimeout(r, 200));
    }
  } finally {
    await Promise.all(runtimes.map(r => r.engine.stop()));
  }
  const seconds = (Date.now() - t0) / 1000;
  const failed = await knex('berth_workflow_runs')
    .where({ workflow_id: workflow.id })
    .whereNot({ status: 'succeeded' })
    .count({ n: '*' });
  expect(Number(failed[0].n)).toBe(0);
  // Each run's job ran exactly once.
  const jobRuns = await knex('berth_workflow_job_runs')
    .join(
      'berth_workflow_runs',
      'berth_workflow_runs.id',
      'berth_workflow_job_runs.run_id',
    )
    .where('berth_workflow_runs.workflow_id', workflow.id)
    .count({ n: '*' });
  expect(Number(jobRuns[0].n)).toBe(count);
  expect(starts.size).toBe(count);
  // Queue to start: from the run's creation (all queued before the engines
  // started, so measured from the engines' start) to its job's start.
  const latencies = [...starts].map(
    ([id, at]) => (at - Math.max(created.get(id)!, t0)) / 1000,
  );
  return {
    runsPerHour: Math.round((count / seconds) * 3600),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    seconds,
  };
}

describe('bench/workflows', () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await database(`berth_bench_workflows_${process.pid}`);
  });
  afterAll(() => knex?.destroy());

  it('measures throughput, queue-to-start and limits', async () => {
    const one = await phase(knex, 1, RUNS, 20);
    const two = await phase(knex, 2, RUNS, 20);

    // Free slots: the engines running, runs queued one at a time (every
    // 50 ms), each timed from its creation to its job's start.
    const freeStarts = new Map<string, number>();
    const free = [
      runtime(knex, timedJob(0, freeStarts)),
      runtime(knex, timedJob(0, freeStarts)),
    ];
    const freeWf = await free[0].service.createWorkflow(
      PROJECT,
      {
        name: 'bench-free',
        definition: {
          concurrency: { limit: 50 },
          stages: [
            { name: 'one', jobs: [{ name: 'job', type: 'bench', spec: {} }] },
          ],
        },
      },
      actor,
    );
    free.forEach(r => r.engine.start());
    const queuedAt = new Map<string, number>();
    try {
      for (let i = 0; i < FREE_RUNS; i++) {
        const before = Date.now();
        const run = await free[i % 2].service.startRun(
          freeWf.id,
          {},
          { type: 'manual', actor },
        );
        queuedAt.set(run.id, before);
        await new Promise(r => setTimeout(r, 50));
      }
      await waitUntil(() => freeStarts.size >= FREE_RUNS);
    } finally {
      await Promise.all(free.map(r => r.engine.stop()));
    }
    const freeLatencies = [...freeStarts].map(
      ([id, at]) => (at - queuedAt.get(id)!) / 1000,
    );

    // Takeover: replica A (a connection pool of its own) runs a job that
    // never ends; replica B runs beside it. A's pool is destroyed (A can no
    // longer renew its lease: a dead replica as the database sees it) and the
    // time until B starts the job again is measured. Default lease (30 s).
    const takeoverStarts = new Map<string, number>();
    const aKnex = secondPool(knex);
    const a = runtime(aKnex, {
      name: 'Bench job that hangs',
      inputSchema: z.object({}).passthrough(),
      run: async ctx => {
        takeoverStarts.set(`a:${ctx.run.runId}`, Date.now());
        await new Promise(() => undefined);
      },
    });
    const b = runtime(knex, {
      name: 'Bench job',
      inputSchema: z.object({}).passthrough(),
      run: async ctx => {
        takeoverStarts.set(`b:${ctx.run.runId}`, Date.now());
      },
    });
    const takeoverWf = await b.service.createWorkflow(
      PROJECT,
      {
        name: 'bench-takeover',
        definition: {
          stages: [
            { name: 'one', jobs: [{ name: 'job', type: 'bench', spec: {} }] },
          ],
        },
      },
      actor,
    );
    a.engine.start();
    const takeoverRun = await a.service.startRun(
      takeoverWf.id,
      {},
      { type: 'manual', actor },
    );
    await waitUntil(() => takeoverStarts.has(`a:${takeoverRun.id}`));
    b.engine.start();
    const killedAt = Date.now();
    await aKnex.destroy();
    let takeoverSeconds: number;
    let takeoverDoneSeconds: number;
    try {
      await waitUntil(() => takeoverStarts.has(`b:${takeoverRun.id}`), 300_000);
      takeoverSeconds =
        (takeoverStarts.get(`b:${takeoverRun.id}`)! - killedAt) / 1000;
      for (;;) {
        const row = await knex('berth_workflow_runs')
          .where({ id: takeoverRun.id })
          .first();
        if (row.status === 'succeeded') break;
        await new Promise(r => setTimeout(r, 50));
      }
      takeoverDoneSeconds = (Date.now() - killedAt) / 1000;
    } finally {
      await b.engine.stop();
      // A cannot reach its database any more; its stop is not awaited.
      a.engine.stop().catch(() => undefined);
    }

    // Limits: LIMIT_RUNS runs of 300 ms jobs, limit 2, on two engines; global 10.
    const starts = new Map<string, number>();
    const limited = [
      runtime(knex, timedJob(300, starts), 10),
      runtime(knex, timedJob(300, starts), 10),
    ];
    const wf = await limited[0].service.createWorkflow(
      PROJECT,
      {
        name: 'bench-limits',
        definition: {
          concurrency: { limit: 2 },
          stages: [
            { name: 'one', jobs: [{ name: 'job', type: 'bench', spec: {} }] },
          ],
        },
      },
      actor,
    );
    for (let i = 0; i < LIMIT_RUNS; i++) {
      await limited[0].service.startRun(wf.id, {}, { type: 'manual', actor });
    }
    limited.forEach(r => r.engine.start());
    let most = 0;
    try {
      for (;;) {
        const rows = await knex('berth_workflow_runs')
          .where({ workflow_id: wf.id })
          .select('status');
        const running = rows.filter(r => r.status === 'running').length;
        most = Math.max(most, running);
        if (
          rows.every(r =>
            ['succeeded', 'failed', 'cancelled'].includes(r.status),
          )
        )
          break;
        await new Promise(r => setTimeout(r, 50));
      }
    } finally {
      await Promise.all(limited.map(r => r.engine.stop()));
    }
    expect(most).toBeLessThanOrEqual(2);

    const lines = [
      `bench/workflows on PostgreSQL, ${new Date().toISOString()}`,
      `one engine, ${RUNS} one-job runs queued at once (baseline): ${
        one.runsPerHour
      } runs/hour (${one.seconds.toFixed(
        1,
      )} s), queue-to-start p50 ${one.p50.toFixed(2)} s, p95 ${one.p95.toFixed(
        2,
      )} s`,
      `two engines on one database, ${RUNS} runs: ${
        two.runsPerHour
      } runs/hour (${two.seconds.toFixed(1)} s), p50 ${two.p50.toFixed(
        2,
      )} s, p95 ${two.p95.toFixed(2)} s; each run claimed once`,
      `two engines / one engine throughput: ${(
        two.runsPerHour / one.runsPerHour
      ).toFixed(2)}`,
      `free slots, two engines, ${FREE_RUNS} runs queued one every 50 ms: queue-to-start p50 ${percentile(
        freeLatencies,
        50,
      ).toFixed(3)} s, p95 ${percentile(freeLatencies, 95).toFixed(3)} s`,
      `takeover, two engines, default lease (30 s): replica A's database pool destroyed while its job ran; replica B started the job again after ${takeoverSeconds.toFixed(
        1,
      )} s, the run succeeded after ${takeoverDoneSeconds.toFixed(1)} s`,
      `limits: ${LIMIT_RUNS} runs of a workflow with limit 2 (global 10), two engines: at most ${most} running at once`,
    ];
    console.log(lines.join('\n'));
    if (process.env.BENCH_OUT) {
      writeFileSync(
        join(process.env.BENCH_OUT, 'workflows.txt'),
        `${lines.join('\n')}\n`,
      );
    }
  });
});
