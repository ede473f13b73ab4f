import { WorkflowJobRun, WorkflowRun } from '@berth/plugin-berth-common';
import { BatchV1Api } from '@kubernetes/client-node';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { expectStatus } from './__testUtils__/operations';

// The real backend on PostgreSQL, killed with SIGKILL while a workflow's
// Kubernetes job runs on the real node, and again while the run waits for an
// approval. After each restart the run goes on by itself: the job is
// re-attached (exactly one Kubernetes Job, one attempt, its log neither cut
// nor repeated), and the approval still waits on the same record.
jest.setTimeout(10 * 60_000);

const LEASE_SECONDS = 6;
const setup = crashSetup({ name: 'wf' });
const { cluster, realNode } = localEastWithRealNode();
const batch = kubeConfigFor(cluster).makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'wfcrash');
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
            heartbeatSeconds: 2,
            pollIntervalMs: 300,
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
            pollIntervalMs: 250,
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

const getRun = async (runId: string): Promise<WorkflowRun> =>
  expectStatus(
    await backend.api.get(`/workflow-runs/${runId}`),
    200,
    `Reading run ${runId}`,
  );
const jobOf = (run: WorkflowRun, job: string): WorkflowJobRun =>
  run.stages.flatMap(s => s.jobs).find(j => j.job === job)!;
const logOf = async (runId: string, jobRunId: string) =>
  (
    expectStatus(
      await backend.api.get(
        `/workflow-runs/${runId}/jobs/${jobRunId}/logs?limit=1000`,
      ),
      200,
      'Reading a job log',
    ).items as Array<{ text: string }>
  )
    .map(c => c.text)
    .join('');

async function waitForRun(
  runId: string,
  done: (run: WorkflowRun) => boolean,
  timeoutMs: number,
  what: string,
): Promise<WorkflowRun> {
  let run: WorkflowRun | undefined;
  await waitFor(
    async () => {
      run = await getRun(runId).catch(() => undefined);
      return run !== undefined && done(run);
    },
    timeoutMs,
    what,
  );
  return run!;
}

it(
  'resumes a Kubernetes job and keeps an approval waiting across two SIGKILLs',
  setup.run(async () => {
    const workflow = expectStatus(
      await backend.api.post(`${setup.projectPath}/workflows`, {
        name: 'crash',
        definition: {
          stages: [
            {
              name: 'work',
              jobs: [
                {
                  name: 'slow',
                  type: 'script',
                  spec: {
                    cluster: cluster.name,
                    namespace,
                    commands: ['echo started', 'sleep 15', 'echo finished'],
                  },
                },
              ],
            },
            {
              name: 'approve',
              jobs: [
                {
                  name: 'gate',
                  type: 'approval',
                  spec: { approvers: ['user:default/approver'] },
                },
              ],
            },
          ],
        },
      }),
      201,
      'Creating the workflow',
    );
    const run = expectStatus(
      await backend.api.post(`/workflows/${workflow.id}/runs`, {}),
      201,
      'Starting a run',
    );

    // Kill the backend while the job's container runs (its first line is stored).
    const running = await waitForRun(
      run.id,
      r => jobOf(r, 'slow')?.status === 'running',
      120_000,
      'the script job to run',
    );
    const slow = jobOf(running, 'slow');
    await waitFor(
      async () => (await logOf(run.id, slow.id)).includes('started'),
      120_000,
      'the job to print its first line',
    );
    await backend.kill('SIGKILL');
    await backend.start();

    // The run goes on to the approval; one Kubernetes Job, one attempt, the whole log once.
    const waiting = await waitForRun(
      run.id,
      r => r.status === 'waiting' || ['failed', 'cancelled'].includes(r.status),
      180_000,
      'the run to reach its approval after the restart',
    );
    expect(waiting.status).toBe('waiting');
    const resumed = jobOf(waiting, 'slow');
    expect(resumed).toMatchObject({ status: 'succeeded', attempt: 1 });
    const jobs = await batch.listNamespacedJob({
      namespace,
      labelSelector: `berth.dev/workflow-run=${run.id}`,
    });
    expect(jobs.items).toHaveLength(1);
    const log = await logOf(run.id, slow.id);
    expect(log.match(/started/g)).toHaveLength(1);
    expect(log.match(/finished/g)).toHaveLength(1);

    // Kill it again while the approval waits: the same approval still waits.
    const gate = jobOf(waiting, 'gate');
    expect(gate.status).toBe('waiting');
    const approvalId = gate.approval?.id;
    expect(approvalId).toBeDefined();
    await backend.kill('SIGKILL');
    await backend.start();
    // Past the dead lease: the restarted backend has taken the run over.
    await new Promise(r => setTimeout(r, (LEASE_SECONDS + 4) * 1000));
    const still = await getRun(run.id);
    expect(still.status).toBe('waiting');
    expect(jobOf(still, 'gate').approval).toMatchObject({
      id: approvalId,
      status: 'waiting',
    });
    const approvals = await setup
      .berthDatabase()('berth_workflow_approvals')
      .where({ run_id: run.id })
      .count({ n: '*' });
    expect(Number(approvals[0].n)).toBe(1);

    // And the run still answers: cancelled, the approval closed.
    expectStatus(
      await backend.api.post(`/workflow-runs/${run.id}/cancel`, {}),
      200,
      'Cancelling the run',
    );
    const cancelled = await waitForRun(
      run.id,
      r => r.status === 'cancelled',
      60_000,
      'the run to be cancelled',
    );
    expect(jobOf(cancelled, 'gate').approval?.status).toBe('cancelled');
  }),
);
