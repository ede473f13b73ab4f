import { TestDatabases } from '@backstage/backend-test-utils';
import { BatchV1Api } from '@kubernetes/client-node';
import { Knex } from 'knex';
import {
  kubeConfigFor,
  localEastWithRealNode,
  testNamespaces,
} from '../../__testUtils__/testClusters';
import { applyDatabaseMigrations } from '../../database/migrations';
import { createWorkflowStores, WorkflowStores } from '../engine/engineDeps';
import { KubernetesJobAbortedError } from './abortDeletesJob';
import {
  JOB_RUN_LABEL,
  KubernetesJobRequest,
  WORKFLOW_RUN_LABEL,
} from './KubernetesJobRequest';
import { KubernetesJobRunner } from './KubernetesJobRunner';
import { kubernetesJobName } from './kubernetesJobName';
import { KubernetesJobSlots } from './KubernetesJobSlots';
import { LeftKubernetesJobs } from './LeftKubernetesJobs';

jest.setTimeout(240_000);

// The per-cluster limit with real Jobs on the local clusters' real node: a
// second Job is only created once the first ended; a Job left by a stopped
// replica keeps its slot, is re-attached without a wait, and is deleted by
// the takeover of its run once that run is cancelled.

const { cluster, realNode } = localEastWithRealNode();
const kc = kubeConfigFor(cluster);
const batch = kc.makeApiClient(BatchV1Api);
const namespaces = testNamespaces(cluster, 'k8sjobs-slots');
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const WAITING = `waiting for a Kubernetes Job slot on ${cluster.name}`;

let namespace: string;
let knex: Knex;
let stores: WorkflowStores;
let workflowId: string;
let slots: KubernetesJobSlots;
let runner: KubernetesJobRunner;

beforeAll(async () => {
  namespace = await namespaces.create();
  knex = await databases.init('SQLITE_3');
  await applyDatabaseMigrations(knex);
  stores = createWorkflowStores(knex);
  workflowId = (
    await stores.workflows.create({
      projectRef: 'system:default/shop',
      name: 'slots',
      title: 'Slots',
      enabled: true,
      definition: {
        stages: [{ name: 'main', jobs: [{ name: 'job', type: 'script' }] }],
      } as any,
      targets: { tiers: [], clusters: [], environments: [] },
      actor: 'user:default/ada',
    })
  ).id;
  slots = new KubernetesJobSlots(knex, { limit: 1, pollIntervalMs: 200 });
  runner = new KubernetesJobRunner({
    clusters: { kubeConfig: () => kubeConfigFor(cluster) },
    settings: {
      tolerations: [
        {
          key: 'berth.dev/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
      ],
      nodeSelector: { 'berth.dev/real-node': 'true' },
      ttlSecondsAfterFinished: 300,
      pollIntervalMs: 200,
      imagePullTimeoutMs: 30_000,
    },
    slots,
  });
});
afterAll(() => namespaces.cleanUp());

/** A running, leased run with one running job run (what the engine has when a job type runs). */
async function attempt() {
  const run = await stores.runs.insert({
    workflowId,
    projectRef: 'system:default/shop',
    workflowName: 'slots',
    revision: 1,
    params: {},
    trigger: { type: 'manual', actor: 'user:default/ada' },
    concurrencyGroup: `slots-${Math.random()}`,
    concurrencyLimit: 1,
    jobs: [{ stageIndex: 0, stage: 'main', job: 'job', type: 'script' }],
  });
  await knex('berth_workflow_runs')
    .where({ id: run.id })
    .update({
      status: 'running',
      lease_owner: 'int-test',
      lease_expires_at: new Date(Date.now() + 600_000),
    });
  const [jobRun] = await stores.jobRuns.forRun(run.id);
  await knex('berth_workflow_job_runs')
    .where({ id: jobRun.id })
    .update({ status: 'running' });
  return { runId: run.id, jobRunId: jobRun.id };
}

function scriptRequest(
  ids: { runId: string; jobRunId: string },
  script: string,
) {
  const steps: Array<{ step: string; at: number }> = [];
  const waiting: Array<string | undefined> = [];
  const controller = new AbortController();
  const request: KubernetesJobRequest = {
    cluster: cluster.name,
    namespace,
    name: kubernetesJobName(ids.runId, 'job', 1),
    labels: { [WORKFLOW_RUN_LABEL]: ids.runId, [JOB_RUN_LABEL]: ids.jobRunId },
    pod: {
      containers: [
        { name: 'job', image: realNode.images.jobrunner, args: [script] },
      ],
    },
    timeoutSeconds: 600,
    onLog: () => undefined,
    onWaiting: message => {
      waiting.push(message);
    },
    onProgress: step => steps.push({ step, at: Date.now() }),
    signal: controller.signal,
  };
  return { request, steps, waiting, controller };
}

async function jobsOf(request: KubernetesJobRequest) {
  const { items } = await batch.listNamespacedJob({
    namespace,
    labelSelector: `${JOB_RUN_LABEL}=${request.labels[JOB_RUN_LABEL]}`,
  });
  return items.filter(j => !j.metadata?.deletionTimestamp);
}

async function until(check: () => boolean | Promise<boolean>, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('Kubernetes Job slots on the real node', () => {
  it('with a limit of 1, creates the second Job only once the first ended', async () => {
    const first = scriptRequest(await attempt(), 'sleep 5; echo one');
    const second = scriptRequest(await attempt(), 'echo two');
    let firstEnded = false;
    const one = runner.run(first.request).finally(() => {
      firstEnded = true;
    });
    await until(() => first.steps.some(s => s.step === 'created'));
    let createdAfterFirst: boolean | undefined;
    second.request.onProgress = step => {
      if (step === 'created') createdAfterFirst = firstEnded;
      second.steps.push({ step, at: Date.now() });
    };
    const two = runner.run(second.request);
    await until(() => second.waiting.length > 0);
    expect(second.waiting).toEqual([WAITING]);
    expect(await jobsOf(second.request)).toHaveLength(0);

    expect((await one).exitCode).toBe(0);
    expect((await two).exitCode).toBe(0);
    expect(createdAfterFirst).toBe(true);
    expect(second.waiting).toEqual([WAITING, undefined]);
    expect(await slots.inUse(cluster.name)).toBe(0);
  });

  it("keeps a stopped replica's Job and slot, re-attaches without a wait, and the cancelled run's takeover deletes the Job", async () => {
    const ids = await attempt();
    const left = scriptRequest(ids, 'sleep 300');
    const running = runner.run(left.request);
    await until(() => left.steps.some(s => s.step === 'running'));
    left.controller.abort('stop');
    await expect(running).rejects.toThrow(KubernetesJobAbortedError);
    expect(await jobsOf(left.request)).toHaveLength(1);
    expect(await slots.inUse(cluster.name)).toBe(1);

    // another attempt asks meanwhile, and waits
    const other = await attempt();
    expect(
      await slots.tryAcquire({
        cluster: cluster.name,
        namespace,
        jobName: kubernetesJobName(other.runId, 'job', 1),
        ...other,
      }),
    ).toBe(false);

    // the takeover re-attaches with the slot it holds
    const again = scriptRequest(ids, 'sleep 300');
    const reattached = runner.run(again.request);
    await until(() => again.steps.some(s => s.step === 'adopted'));
    expect(again.waiting).toEqual([]);
    again.controller.abort('stop');
    await expect(reattached).rejects.toThrow(KubernetesJobAbortedError);

    // the run is cancelled while no replica drives it; its takeover deletes the Job
    await knex('berth_workflow_runs')
      .where({ id: ids.runId })
      .update({ status: 'cancelling' });
    const lines = await new LeftKubernetesJobs(slots, runner).cancel(
      ids.runId,
      [ids.jobRunId],
    );
    expect(lines.get(ids.jobRunId)).toBe(
      `Deleted Kubernetes Job '${left.request.name}' in namespace '${namespace}' of cluster '${cluster.name}' (the run was cancelled)`,
    );
    await until(async () => (await jobsOf(left.request)).length === 0);
    expect(await slots.ofRun(ids.runId)).toEqual([]);
    await slots.release(other.jobRunId);
  });
});
