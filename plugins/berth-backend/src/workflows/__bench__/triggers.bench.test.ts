import { mockServices } from '@backstage/backend-test-utils';
import { BerthJobType } from '@berth/plugin-berth-node';
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import { writeTestProjectFile } from '../../__testUtils__/testProjectFile';
import { CronFireStore } from '../triggers/CronFireStore';
import { CronTriggerTicker } from '../triggers/CronTriggerTicker';
import { startGithubWebhookBackend } from '../triggers/__testUtils__/githubWebhookTestBackend';
import { githubPushPayload } from '../triggers/testPayloads';
import { TriggerDeliveryStore } from '../triggers/TriggerDeliveryStore';
import { database, runtime, secondPool } from './__testUtils__/benchKit';

// bench/workflows, triggers (the spec's "webhooks" and "cron" rows):
// - webhooks: the real Berth plugin in a test backend with the events backend
//   and its GitHub module (signatures checked) on PostgreSQL. Baseline: PUSHES
//   runs started through Berth's REST API; then PUSHES signed GitHub pushes
//   that match the workflow's trigger, 10 redeliveries of them and 10
//   unsigned ones to the events ingress. Counts the runs each made and the
//   time from the first request until every run was queued (a ratio to the
//   REST baseline).
// - cron: CRON_TRIGGERS workflows with a `* * * * *` trigger, ticked over
//   CRON_MINUTES minutes of simulated time (the ticker's `now`) by one replica
//   (the baseline, a database of its own) and by two replicas on one database
//   (both tick each minute at once, one ticks again 30 s later). Counts the
//   runs (each due time must start exactly one) and the tick time.
// Run with bench/workflows/run.sh.
const PUSHES = Number(process.env.BENCH_WEBHOOK_PUSHES ?? 100);
const CRON_TRIGGERS = Number(process.env.BENCH_CRON_TRIGGERS ?? 50);
const CRON_MINUTES = Number(process.env.BENCH_CRON_MINUTES ?? 10);
const EXTRA = 10;

jest.setTimeout(60 * 60_000);

const SECRET = `bench-secret-${randomUUID()}`;
const project = `bench-hooks-${process.pid}`;
const api = (path: string) => `/api/berth${path}`;
const MINUTE = 60_000;

const workflowYaml = `
title: Cart CI
params:
  - { name: revision, type: string }
stages:
  - name: build
    jobs:
      - { name: echo, type: echo, spec: { message: '\${params.revision}' } }
triggers:
  - type: git
    name: cart-push
    provider: github
    repo: acme/shop
    events: [push]
    branches: '^main$'
    paths: ['services/cart/**']
    params:
      revision: '\${event.commit}'
`;

/** Sends `count` requests made by `send(i)`, `parallel` at a time; resolves with their statuses. */
async function sendAll(
  count: number,
  parallel: number,
  send: (i: number) => Promise<{ status: number }>,
): Promise<number[]> {
  const statuses: number[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        statuses[i] = (await send(i)).status;
      }
    }),
  );
  return statuses;
}

async function waitForCount(
  read: () => Promise<number>,
  count: number,
  timeoutMs = 300_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await read();
    if (n >= count) return n;
    if (Date.now() > deadline) {
      throw new Error(`bench: ${n} of ${count} after ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

const countBy = (statuses: number[]) =>
  Object.entries(
    statuses.reduce<Record<number, number>>(
      (acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }),
      {},
    ),
  )
    .map(([status, n]) => `${n} x ${status}`)
    .join(', ');

async function webhooks(): Promise<string[]> {
  const knex = await database(`berth_bench_hooks_${process.pid}`);
  const { backend, server, workflowId, postPush } =
    await startGithubWebhookBackend({
      knex,
      otherPluginKnex: async () =>
        knexFactory({
          client: 'better-sqlite3',
          connection: ':memory:',
          useNullAsDefault: true,
        }),
      secret: SECRET,
      projectFile: writeTestProjectFile(project),
      project,
      workflowYaml,
    });
  const runsOf = async (type: string) => {
    const rows = await knex('berth_workflow_runs')
      .where({ workflow_id: workflowId })
      .select('trigger');
    return rows.filter(r => JSON.parse(r.trigger).type === type).length;
  };
  try {
    const sha = (i: number) => `${String(i).padStart(8, '0')}${'c'.repeat(32)}`;
    const apiStart = Date.now();
    const apiStatuses = await sendAll(PUSHES, 10, i =>
      request(server)
        .post(api(`/workflows/${workflowId}/runs`))
        .send({ params: { revision: sha(i) } }),
    );
    await waitForCount(() => runsOf('manual'), PUSHES);
    const apiSeconds = (Date.now() - apiStart) / 1000;

    const payload = (i: number) =>
      githubPushPayload({
        after: sha(i),
        files: [[`services/cart/src/file-${i}.ts`]],
      });
    const deliveryId = (i: number) => `bench-${process.pid}-${i}`;
    const hookStart = Date.now();
    const signed = await sendAll(PUSHES, 10, i =>
      postPush(payload(i), deliveryId(i)),
    );
    await waitForCount(() => runsOf('git'), PUSHES);
    const hookSeconds = (Date.now() - hookStart) / 1000;

    const duplicates = await sendAll(EXTRA, 5, i =>
      postPush(payload(i), deliveryId(i)),
    );
    const unsigned = await sendAll(EXTRA, 5, i =>
      postPush(payload(PUSHES + i), `unsigned-${process.pid}-${i}`, ''),
    );
    // Recorded once the bus delivered them: PUSHES matched + EXTRA duplicates.
    const recorded = () =>
      knex('berth_workflow_trigger_deliveries')
        .where({ workflow_id: workflowId })
        .select('outcome', 'delivery_id');
    await waitForCount(
      async () => (await recorded()).length,
      PUSHES + EXTRA,
      60_000,
    );
    const rows = await recorded();
    const outcomes = ['matched', 'duplicate', 'ignored', 'failed']
      .map(o => `${rows.filter(r => r.outcome === o).length} ${o}`)
      .join(', ');
    const gitRuns = await runsOf('git');
    const unsignedRecorded = rows.filter(r =>
      String(r.delivery_id).startsWith('unsigned-'),
    ).length;
    return [
      `webhooks (PostgreSQL, the events backend's GitHub ingress, signatures checked): baseline ${PUSHES} runs through Berth's REST API (${countBy(
        apiStatuses,
      )}): all queued in ${apiSeconds.toFixed(2)} s`,
      `${PUSHES} signed pushes (${countBy(
        signed,
      )}): ${gitRuns} runs, all queued in ${hookSeconds.toFixed(2)} s (${(
        hookSeconds / apiSeconds
      ).toFixed(2)} x the REST baseline)`,
      `${EXTRA} redeliveries (${countBy(
        duplicates,
      )}) and ${EXTRA} unsigned (${countBy(
        unsigned,
      )}): runs still ${gitRuns}; deliveries recorded: ${outcomes}; unsigned recorded: ${unsignedRecorded}`,
    ];
  } finally {
    await backend.stop();
    await knex.destroy();
  }
}

const benchJob: BerthJobType = {
  name: 'Bench job',
  inputSchema: z.object({}).passthrough(),
  async run() {},
};

/** CRON_TRIGGERS workflows with an every-minute cron trigger; resolves when they were saved. */
async function cronWorkflows(knex: Knex): Promise<number> {
  const { service } = runtime(knex, benchJob);
  for (let i = 0; i < CRON_TRIGGERS; i++) {
    await service.createWorkflow(
      'system:default/bench',
      {
        name: `cron-${i}`,
        definition: {
          stages: [
            { name: 'one', jobs: [{ name: 'job', type: 'bench', spec: {} }] },
          ],
          triggers: [{ type: 'cron', name: 'every-minute', cron: '* * * * *' }],
        },
      },
      'user:default/bench',
    );
  }
  return Date.now();
}

function ticker(knex: Knex) {
  return new CronTriggerTicker({
    target: runtime(knex, benchJob).triggerTarget,
    fires: new CronFireStore(knex),
    deliveries: new TriggerDeliveryStore(knex),
    logger: mockServices.logger.mock(),
  });
}

const cronRuns = async (knex: Knex) => {
  const [{ n }] = await knex('berth_workflow_runs').count({ n: '*' });
  return Number(n);
};

/** Ticks `replicas` over CRON_MINUTES simulated minutes; returns the runs and the mean tick time. */
async function cron(
  name: string,
  replicas: 1 | 2,
): Promise<{ runs: number; fires: number; tickMs: number }> {
  const knex = await database(name);
  const pools = replicas === 2 ? [knex, secondPool(knex)] : [knex];
  try {
    const savedAt = await cronWorkflows(knex);
    const tickers = pools.map(ticker);
    // The first due minute after every workflow was saved.
    const first = Math.ceil((savedAt + 1) / MINUTE) * MINUTE;
    let fires = 0;
    const tickTimes: number[] = [];
    for (let m = 0; m < CRON_MINUTES; m++) {
      const now = new Date(first + m * MINUTE + 5_000);
      const t0 = Date.now();
      const fired = await Promise.all(tickers.map(t => t.tick(now)));
      tickTimes.push(Date.now() - t0);
      fires += fired.flat().filter(f => f.outcome === 'matched').length;
      if (replicas === 2) {
        // An overlapping late tick of the second replica: nothing new is due.
        const late = await tickers[1].tick(new Date(now.getTime() + 30_000));
        fires += late.filter(f => f.outcome === 'matched').length;
      }
    }
    return {
      runs: await cronRuns(knex),
      fires,
      tickMs: tickTimes.reduce((a, b) => a + b, 0) / tickTimes.length,
    };
  } finally {
    await Promise.all(pools.map(p => p.destroy()));
  }
}

describe('bench/workflows: triggers', () => {
  it('measures webhooks and cron triggers', async () => {
    const lines = await webhooks();
    const one = await cron(`berth_bench_cron1_${process.pid}`, 1);
    const two = await cron(`berth_bench_cron2_${process.pid}`, 2);
    const expected = CRON_TRIGGERS * CRON_MINUTES;
    lines.push(
      `cron, one replica (baseline): ${CRON_TRIGGERS} every-minute triggers over ${CRON_MINUTES} simulated minutes: ${
        one.runs
      } runs (expected ${expected}), a tick of all triggers takes ${one.tickMs.toFixed(
        0,
      )} ms`,
      `cron, two replicas on one database (both tick each minute at once, one again 30 s later): ${
        two.runs
      } runs (expected ${expected}; ${
        two.fires
      } fires reported), a tick of both takes ${two.tickMs.toFixed(0)} ms (${(
        two.tickMs / one.tickMs
      ).toFixed(2)} x one replica)`,
    );
    console.log(lines.join('\n'));
    if (process.env.BENCH_OUT) {
      writeFileSync(
        join(process.env.BENCH_OUT, 'triggers.txt'),
        `${lines.join('\n')}\n`,
      );
    }
    // The bench's own checks: every run started exactly once.
    expect(one.runs).toBe(expected);
    expect(two.runs).toBe(expected);
  });
});
