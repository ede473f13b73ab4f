import { Knex } from 'knex';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { createWorkflowStores, WorkflowStores } from '../engine/engineDeps';
import { KubernetesJobAbortedError } from './abortDeletesJob';
import { KubernetesJobSlots } from './KubernetesJobSlots';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('KubernetesJobSlots on %s', id => {
  let knex: Knex;
  let stores: WorkflowStores;
  let workflowId: string;

  beforeEach(async () => {
    knex = await migratedDatabase(databases, id);
    stores = createWorkflowStores(knex);
    workflowId = (
      await stores.workflows.create({
        projectRef: 'system:default/shop',
        name: 'wf',
        title: 'Test',
        enabled: true,
        definition: {
          stages: [{ name: 'main', jobs: [{ name: 'a', type: 'script' }] }],
        } as any,
        targets: { tiers: [], clusters: [], environments: [] },
        actor: 'user:default/ada',
      })
    ).id;
  });

  /** A running run (leased by `owner`) with one running job; its ids. */
  async function runningJob(owner = 'replica-a') {
    const run = await stores.runs.insert({
      workflowId,
      projectRef: 'system:default/shop',
      workflowName: 'wf',
      revision: 1,
      params: {},
      trigger: { type: 'manual', actor: 'user:default/ada' },
      concurrencyGroup: `g-${Math.random()}`,
      concurrencyLimit: 1,
      jobs: [{ stageIndex: 0, stage: 'main', job: 'a', type: 'script' }],
    });
    await knex('berth_workflow_runs')
      .where({ id: run.id })
      .update({
        status: 'running',
        lease_owner: owner,
        lease_expires_at: new Date(Date.now() + 60_000),
      });
    const [jobRun] = await stores.jobRuns.forRun(run.id);
    await knex('berth_workflow_job_runs')
      .where({ id: jobRun.id })
      .update({ status: 'running' });
    return { runId: run.id, jobRunId: jobRun.id };
  }

  function request(
    ids: { runId: string; jobRunId: string },
    signal = new AbortController().signal,
    onWaiting?: (m: string | undefined) => void,
  ) {
    return {
      cluster: 'east',
      namespace: 'berth-jobs',
      jobName: `berth-${ids.jobRunId.slice(0, 8)}-a-1`,
      ...ids,
      signal,
      onWaiting,
    };
  }

  it('with a limit of 2, five concurrent acquirers on two replicas never hold more than 2', async () => {
    const replicas = [
      new KubernetesJobSlots(knex, { limit: 2, pollIntervalMs: 20 }),
      new KubernetesJobSlots(knex, { limit: 2, pollIntervalMs: 20 }),
    ];
    const jobs = [];
    for (let i = 0; i < 5; i++) jobs.push(await runningJob());
    let holding = 0;
    let most = 0;
    const waited: string[] = [];
    const order: number[] = [];
    await Promise.all(
      jobs.map(async (ids, i) => {
        const slots = replicas[i % 2];
        await slots.acquire(
          request(ids, undefined, m => {
            if (m) waited.push(m);
          }),
        );
        holding++;
        most = Math.max(most, holding);
        order.push(i);
        expect(await slots.inUse('east')).toBeLessThanOrEqual(2);
        await new Promise(r => setTimeout(r, 400));
        holding--;
        await slots.release(ids.jobRunId);
      }),
    );
    expect(most).toBe(2);
    expect(order).toHaveLength(5);
    expect(waited).toContain('waiting for a Kubernetes Job slot on east');
    expect(waited.length).toBeGreaterThanOrEqual(3);
    expect(await replicas[0].inUse('east')).toBe(0);
  });

  it('grants waiting attempts in the order they asked', async () => {
    const slots = new KubernetesJobSlots(knex, {
      limit: 1,
      pollIntervalMs: 20,
    });
    const holder = await runningJob();
    await slots.acquire(request(holder));
    const first = await runningJob();
    const second = await runningJob();
    expect(await slots.tryAcquire(request(first))).toBe(false);
    expect(await slots.tryAcquire(request(second))).toBe(false);
    await slots.release(holder.jobRunId);
    // the second asks first now: the first asked before it and gets the slot
    expect(await slots.tryAcquire(request(second))).toBe(false);
    expect(await slots.tryAcquire(request(first))).toBe(true);
    // other clusters have slots of their own
    const west = await runningJob();
    expect(await slots.tryAcquire({ ...request(west), cluster: 'west' })).toBe(
      true,
    );
  });

  it("keeps a dead replica's slot for the takeover's re-attach, and reclaims it once the attempt ended", async () => {
    const slots = new KubernetesJobSlots(knex, {
      limit: 1,
      pollIntervalMs: 20,
    });
    const dead = await runningJob('replica-a');
    await slots.acquire(request(dead));
    // replica-a dies: its lease expires; the Job it created still runs
    await knex('berth_workflow_runs')
      .where({ id: dead.runId })
      .update({ lease_expires_at: new Date(Date.now() - 1000) });
    const other = await runningJob('replica-b');
    expect(await slots.tryAcquire(request(other))).toBe(false);
    // replica-b takes the run over and re-attaches: the slot is there, no wait
    await knex('berth_workflow_runs')
      .where({ id: dead.runId })
      .update({
        lease_owner: 'replica-b',
        lease_expires_at: new Date(Date.now() + 60_000),
      });
    const messages: Array<string | undefined> = [];
    await slots.acquire(
      request(dead, undefined, m => {
        messages.push(m);
      }),
    );
    expect(messages).toEqual([]);
    expect(await slots.inUse('east')).toBe(1);
    // the attempt ended without a release (its replica died again after
    // finishing it): the slot is free for the next one all the same
    await knex('berth_workflow_job_runs')
      .where({ id: dead.jobRunId })
      .update({ status: 'cancelled', finished_at: new Date() });
    expect(await slots.inUse('east')).toBe(0);
    expect(await slots.tryAcquire(request(other))).toBe(true);
    // and the dead row is gone
    expect(await slots.ofRun(dead.runId)).toEqual([]);
  });

  it('frees the slots of a run that ended (failed, cancelled)', async () => {
    const slots = new KubernetesJobSlots(knex, { limit: 1 });
    const ended = await runningJob();
    await slots.acquire(request(ended));
    await knex('berth_workflow_runs')
      .where({ id: ended.runId })
      .update({ status: 'failed', lease_owner: null, lease_expires_at: null });
    const next = await runningJob();
    expect(await slots.tryAcquire(request(next))).toBe(true);
  });

  it('a waiting request of a run whose lease expired does not hold up the others', async () => {
    const slots = new KubernetesJobSlots(knex, { limit: 1 });
    const holder = await runningJob();
    await slots.acquire(request(holder));
    const stale = await runningJob('replica-a');
    expect(await slots.tryAcquire(request(stale))).toBe(false);
    await knex('berth_workflow_runs')
      .where({ id: stale.runId })
      .update({ lease_expires_at: new Date(Date.now() - 1000) });
    const fresh = await runningJob('replica-b');
    expect(await slots.tryAcquire(request(fresh))).toBe(false);
    await slots.release(holder.jobRunId);
    expect(await slots.tryAcquire(request(fresh))).toBe(true);
  });

  it('a cancel while waiting stops the wait and withdraws the request', async () => {
    const slots = new KubernetesJobSlots(knex, {
      limit: 1,
      pollIntervalMs: 20,
    });
    const holder = await runningJob();
    await slots.acquire(request(holder));
    const waiting = await runningJob();
    const controller = new AbortController();
    const messages: Array<string | undefined> = [];
    const acquired = slots.acquire(
      request(waiting, controller.signal, m => {
        messages.push(m);
      }),
    );
    for (let i = 0; i < 100 && messages.length === 0; i++) {
      await new Promise(r => setTimeout(r, 10));
    }
    expect(messages).toEqual(['waiting for a Kubernetes Job slot on east']);
    controller.abort('cancel');
    const error = await acquired.catch(e => e);
    expect(error).toBeInstanceOf(KubernetesJobAbortedError);
    expect(error.abortReason).toBe('cancel');
    expect(error.deleted).toBe(false);
    expect(await slots.ofRun(waiting.runId)).toEqual([]);
    expect(await slots.inUse('east')).toBe(1);
  });

  it('a stopping replica leaves its place in the queue for the takeover', async () => {
    const slots = new KubernetesJobSlots(knex, {
      limit: 1,
      pollIntervalMs: 20,
    });
    const holder = await runningJob();
    await slots.acquire(request(holder));
    const waiting = await runningJob();
    const controller = new AbortController();
    controller.abort('stop');
    await expect(
      slots.acquire(request(waiting, controller.signal)),
    ).rejects.toThrow(KubernetesJobAbortedError);
    // aborted before its first try: nothing asked; now ask, then stop
    expect(await slots.tryAcquire(request(waiting))).toBe(false);
    await expect(
      slots.acquire(request(waiting, controller.signal)),
    ).rejects.toThrow(KubernetesJobAbortedError);
    expect(await slots.ofRun(waiting.runId)).toMatchObject([
      { jobRunId: waiting.jobRunId, cluster: 'east', granted: false },
    ]);
  });

  it('refuses a request without a cluster, and a limit below 1', async () => {
    const slots = new KubernetesJobSlots(knex, { limit: 1 });
    const ids = await runningJob();
    await expect(
      slots.acquire({ ...request(ids), cluster: '' }),
    ).rejects.toThrow('A Kubernetes Job slot request needs a cluster');
    expect(() => new KubernetesJobSlots(knex, { limit: 0 })).toThrow(
      'at least 1',
    );
  });
});
