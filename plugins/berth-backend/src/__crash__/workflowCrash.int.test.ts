import { WorkflowJobRun, WorkflowRun } from '@berth/plugin-berth-common';
import { BatchV1Api } from '@kubernetes/client-node';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import {
  startTestGitServer,
  TestGitServer,
} from '../workflows/build/__testUtils__/gitServer';
import { BackendProcess } from './__testUtils__/backendProcess';
import { crashSetup } from './__testUtils__/crashSetup';
import { expectStatus } from './__testUtils__/operations';

// The real backend on PostgreSQL, killed with SIGKILL while a workflow's
// Kubernetes job runs on the real node, and again while the run waits for an
// approval. After each restart the run goes on by itself: the job is
// re-attached (exactly one Kubernetes Job, one attempt, its log neither cut
// nor repeated), and the approval still waits on the same record. Then the
// same during a `build` job (the checkout held by the Git server): one Job,
// the image pushed once, its digest the job's output.
jest.setTimeout(10 * 60_000);

const LEASE_SECONDS = 6;
const setup = crashSetup({ name: 'wf' });
const { cluster, realNode } = localEastWithRealNode();
const batch = kubeConfigFor(cluster).makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'wfcrash');
let backend: BackendProcess;
let namespace: string;
let git: TestGitServer;
const REAL_NODE_TOLERATION = {
  key: 'berth.dev/real-node',
  operator: 'Exists',
  effect: 'NoSchedule',
};

beforeAll(
  setup.run(async () => {
    namespace = await namespaces.create();
    // Pods on the real node reach the host at the node IP.
    git = await startTestGitServer({ host: '10.246.0.1', name: 'crash' });
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
            tolerations: [REAL_NODE_TOLERATION],
            nodeSelector: { 'berth.dev/real-node': 'true' },
            namespaces: [namespace],
            pollIntervalMs: 250,
          },
          build: {
            builder: 'local',
            cluster: cluster.name,
            namespace,
            tolerations: [REAL_NODE_TOLERATION],
            nodeSelector: { 'berth.dev/real-node': 'true' },
            local: {
              image: realNode.images.builder,
              registryUrl: `http://${realNode.registry}`,
            },
          },
        },
      },
    });
    await backend.start();
    await setup.waitForProject(backend);
  }),
);
afterAll(async () => {
  await git?.stop();
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

it(
  'resumes a build job killed during its checkout: one Job, one image, its digest as output',
  setup.run(async () => {
    const commit = await git.commit({
      Dockerfile: 'FROM 127.0.0.1:5000/berth/echo:latest\nCOPY v.txt /v.txt\n',
      'v.txt': 'crash\n',
    });
    const workflow = expectStatus(
      await backend.api.post(`${setup.projectPath}/workflows`, {
        name: 'crash-build',
        definition: {
          stages: [
            {
              name: 'build',
              jobs: [
                {
                  name: 'image',
                  type: 'build',
                  spec: {
                    repo: git.url,
                    revision: commit,
                    image: `${realNode.registry}/crash/web`,
                    tag: 'crash',
                    builder: 'local',
                  },
                },
              ],
            },
          ],
        },
      }),
      201,
      'Creating the build workflow',
    );
    // The builder's fetch waits 15 s at the Git server: the backend dies
    // while the build pod is mid-checkout.
    git.delayFetchMs = 15_000;
    const run = expectStatus(
      await backend.api.post(`/workflows/${workflow.id}/runs`, {}),
      201,
      'Starting the build run',
    );
    await waitFor(
      async () => git.requests.some(r => r.endsWith('/git-upload-pack')),
      180_000,
      'the build pod to fetch the commit',
    );
    const building = await getRun(run.id);
    expect(jobOf(building, 'image').status).toBe('running');
    await backend.kill('SIGKILL');
    await backend.start();

    const done = await waitForRun(
      run.id,
      r => ['succeeded', 'failed', 'cancelled'].includes(r.status),
      240_000,
      'the build run to finish after the restart',
    );
    expect(done.status).toBe('succeeded');
    const image = jobOf(done, 'image');
    expect(image).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(image.outputs).toMatchObject({
      commit,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const jobs = await batch.listNamespacedJob({
      namespace,
      labelSelector: `berth.dev/workflow-run=${run.id}`,
    });
    expect(jobs.items).toHaveLength(1);
    // The commit was fetched by that one pod only (one pack request).
    expect(
      git.requests.filter(r => r.endsWith('/git-upload-pack')),
    ).toHaveLength(1);
  }),
);
