import { WorkflowRun } from '@berth/plugin-berth-common';
import { BatchV1Api } from '@kubernetes/client-node';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { expectStatus } from './__testUtils__/operations';

// bench/workflows, the spec's "kill -9" row: the real backend on PostgreSQL
// with KILL_RUNS runs of a workflow whose `script` job sleeps JOB_SECONDS on
// the real node, and APPROVAL_RUNS runs waiting for an approval. Baseline: the
// same KILL_RUNS runs, nobody killed. Then the backend is SIGKILLed once
// every job runs, and restarted: every run must succeed, with exactly one
// Kubernetes Job per run, and the approvals must still wait. Prints the
// times and the ratio to the baseline. Run with bench/workflows/run.sh
// (BENCH_KILL=1; it starts the local clusters).
const KILL_RUNS = Number(process.env.BENCH_KILL_RUNS ?? 20);
const APPROVAL_RUNS = Number(process.env.BENCH_KILL_APPROVALS ?? 5);
const JOB_SECONDS = Number(process.env.BENCH_KILL_JOB_SECONDS ?? 60);
const LEASE_SECONDS = 10;

jest.setTimeout(60 * 60_000);

const setup = crashSetup({ name: 'wfkill' });
const { cluster, realNode } = localEastWithRealNode();
const batch = kubeConfigFor(cluster).makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'wfkill');
let backend: BackendProcess;
let namespace: string;

beforeAll(
  setup.run(async () => {
    namespace = await namespaces.create();
    backend = await setup.backend('a', {
      berth: {
        workflows: {
          engine: {
            leaseSeconds: LEASE_SECONDS,
            heartbeatSeconds: 3,
            pollIntervalMs: 500,
            maxRunningRuns: KILL_RUNS + APPROVAL_RUNS,
            maxKubernetesJobsPerCluster: KILL_RUNS,
          },
          jobs: {
            runnerImage: realNode.images.jobrunner,
            tolerations: [
              {
                key: 'berth.dev/real-node',
                operator: 'Exists',
                effect: 'NoSchedule',
              },
            ],
            nodeSelector: { 'berth.dev/real-node': 'true' },
            namespaces: [namespace],
            pollIntervalMs: 1000,
          },
        },
      },
    });
    await backend.start();
    await setup.waitForProject(backend);
  }),
);
afterAll(async () => {
  await setup.cleanUp();
  await namespaces.cleanUp();
});

const listRuns = async (workflowId: string): Promise<WorkflowRun[]> =>
  expectStatus(
    await backend.api.get(`/workflows/${workflowId}/runs?limit=500`),
    200,
    'Listing runs',
  ).items;

const jobStatuses = async (runIds: string[]) =>
  Promise.all(
    runIds.map(async id => {
      const run: WorkflowRun = expectStatus(
        await backend.api.get(`/workflow-runs/${id}`),
        200,
        'Reading a run',
      );
      return run.stages.flatMap(s => s.jobs).map(j => j.status)[0];
    }),
  );

async function createWorkflow(name: string, jobs: unknown[]) {
  return expectStatus(
    await backend.api.post(`${setup.projectPath}/workflows`, {
      name,
      definition: {
        // Every run at once (the default is one run of a workflow at a time).
        concurrency: { limit: KILL_RUNS + APPROVAL_RUNS },
        stages: [{ name: 'only', jobs }],
      },
    }),
    201,
    `Creating workflow ${name}`,
  ) as { id: string };
}

async function startRuns(workflowId: string, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      expectStatus(
        await backend.api.post(`/workflows/${workflowId}/runs`, {}),
        201,
        'Starting a run',
      ).id,
    );
  }
  return ids;
}

async function waitForStatuses(
  workflowId: string,
  count: number,
  status: string,
  timeoutMs: number,
) {
  await waitFor(
    async () => {
      const runs = await listRuns(workflowId).catch(() => []);
      const failed = runs.filter(r =>
        ['failed', 'cancelled'].includes(r.status),
      );
      if (failed.length > 0) {
        throw new Error(`${failed.length} runs ${failed[0].status}`);
      }
      return runs.filter(r => r.status === status).length >= count;
    },
    timeoutMs,
    `${count} runs ${status}`,
  );
}

/** The one job of the measured workflows: prints, sleeps JOB_SECONDS, prints. */
const sleeper = () => [
  {
    name: 'sleep',
    type: 'script',
    spec: {
      cluster: cluster.name,
      namespace,
      commands: ['echo started', `sleep ${JOB_SECONDS}`, 'echo done'],
    },
  },
];

it(
  'kill -9 with running Kubernetes jobs and waiting approvals',
  setup.run(async () => {
    const gate = await createWorkflow('gate', [
      {
        name: 'gate',
        type: 'approval',
        spec: { approvers: ['user:default/approver'] },
      },
    ]);
    await startRuns(gate.id, APPROVAL_RUNS);
    await waitForStatuses(gate.id, APPROVAL_RUNS, 'waiting', 120_000);

    // Baseline: KILL_RUNS runs, nobody killed.
    const base = await createWorkflow('baseline', sleeper());
    const baseStart = Date.now();
    await startRuns(base.id, KILL_RUNS);
    await waitForStatuses(base.id, KILL_RUNS, 'succeeded', 15 * 60_000);
    const baseSeconds = (Date.now() - baseStart) / 1000;

    // The same, killed with SIGKILL once every job runs.
    const killed = await createWorkflow('killed', sleeper());
    const killStart = Date.now();
    const runIds = await startRuns(killed.id, KILL_RUNS);
    await waitFor(
      async () =>
        (await jobStatuses(runIds)).every(status => status === 'running'),
      10 * 60_000,
      'every job running',
    );
    const killAt = Date.now();
    await backend.kill('SIGKILL');
    const startMs = await backend.start();
    await waitForStatuses(killed.id, KILL_RUNS, 'succeeded', 15 * 60_000);
    const killSeconds = (Date.now() - killStart) / 1000;
    const afterKillSeconds = (Date.now() - killAt) / 1000;

    const jobs = (await batch.listNamespacedJob({ namespace })).items;
    const killedJobs = jobs.filter(j =>
      runIds.includes(j.metadata?.labels?.['berth.dev/workflow-run'] ?? ''),
    );
    const gateRuns = await listRuns(gate.id);
    const stillWaiting = gateRuns.filter(r => r.status === 'waiting').length;
    const approvals = await setup
      .berthDatabase()('berth_workflow_approvals')
      .where({ status: 'waiting' })
      .count({ n: '*' });
    const succeeded = (await listRuns(killed.id)).filter(
      r => r.status === 'succeeded',
    ).length;

    const lines = [
      `kill -9 (real node, PostgreSQL, lease ${LEASE_SECONDS} s): baseline ${KILL_RUNS} runs of a ${JOB_SECONDS} s script job, nobody killed: all succeeded in ${baseSeconds.toFixed(
        1,
      )} s`,
      `${KILL_RUNS} runs, the backend SIGKILLed once every job ran and restarted (ready in ${(
        startMs / 1000
      ).toFixed(
        1,
      )} s): ${succeeded}/${KILL_RUNS} succeeded in ${killSeconds.toFixed(
        1,
      )} s (${afterKillSeconds.toFixed(1)} s after the kill; ${(
        killSeconds / baseSeconds
      ).toFixed(2)} x the baseline); Kubernetes Jobs created: ${
        killedJobs.length
      }`,
      `${APPROVAL_RUNS} runs waiting for an approval before the kill: ${stillWaiting} still waiting after it (${Number(
        approvals[0].n,
      )} approval records waiting)`,
    ];
    console.log(lines.join('\n'));
    if (process.env.BENCH_OUT) {
      writeFileSync(
        join(process.env.BENCH_OUT, 'kill.txt'),
        `${lines.join('\n')}\n`,
      );
    }
    expect(succeeded).toBe(KILL_RUNS);
    expect(killedJobs).toHaveLength(KILL_RUNS);
    expect(stillWaiting).toBe(APPROVAL_RUNS);
  }),
);
