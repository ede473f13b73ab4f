import { ConflictError } from '@backstage/errors';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { ApprovalStore } from './ApprovalStore';
import { JobRunStore, toPublicJobRun } from './JobRunStore';
import { NewRun, RunStore } from './RunStore';
import { WorkflowStore } from './WorkflowStore';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();
const definition = { stages: [{ name: 's', jobs: [] }] };
const targets = { tiers: ['dev'], clusters: ['c1'], environments: ['e1'] };

function newRun(workflowId: string, group = 'g', limit = 1): NewRun {
  return {
    workflowId,
    projectRef: 'system:default/shop',
    workflowName: 'ci',
    revision: 1,
    params: { a: 1 },
    trigger: { type: 'manual', actor: 'user:default/ada' },
    concurrencyGroup: group,
    concurrencyLimit: limit,
  };
}

describe.each(databases.eachSupportedId())('workflow stores on %s', id => {
  it('keeps workflows with revisions, unique names and stale-edit conflicts', async () => {
    const knex = await migratedDatabase(databases, id);
    const store = new WorkflowStore(knex);
    const wf = await store.create({
      projectRef: 'system:default/shop',
      name: 'ci',
      title: 'CI',
      enabled: true,
      definition,
      targets,
      actor: 'user:default/ada',
    });
    expect(wf).toMatchObject({ revision: 1, targets, enabled: true });
    await expect(
      store.create({
        projectRef: 'system:default/shop',
        name: 'ci',
        title: 'x',
        enabled: true,
        definition,
        targets,
        actor: 'user:default/ada',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    const next = await store.update(wf.id, {
      definition: { ...definition, title: 'two' },
      baseRevision: 1,
      actor: 'user:default/bob',
    });
    expect(next).toMatchObject({ revision: 2, updatedBy: 'user:default/bob' });
    await expect(
      store.update(wf.id, { definition, baseRevision: 1, actor: 'x' }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await store.revisions(wf.id)).map(r => r.revision)).toEqual([2, 1]);
    expect((await store.revision(wf.id, 1)).definition).toEqual(definition);
    expect(
      await store.list({ where: qb => qb.where('berth_workflows.name', 'ci') }),
    ).toHaveLength(1);
    const [saved] = await store.listEnabled();
    expect(saved).toMatchObject({ id: wf.id, savedBy: 'user:default/bob' });
    await store.delete(wf.id);
    await expect(store.get(wf.id)).rejects.toThrow(/No workflow/);
  });

  it('claims runs FIFO per group within group and global limits, and takes over expired leases', async () => {
    const knex = await migratedDatabase(databases, id);
    const runs = new RunStore(knex);
    const a1 = await runs.insert(newRun('w1', 'A'));
    const a2 = await runs.insert(newRun('w1', 'A'));
    const b1 = await runs.insert(newRun('w1', 'B'));
    const c1 = await runs.insert(newRun('w1', 'C'));
    expect([a1, a2, b1].map(r => r.sequence)).toEqual([1, 2, 3]);

    expect((await runs.claim('r1', 30_000, 2))?.run.id).toBe(a1.id);
    // a2 waits for a1 (limit 1 in A); b1 is next.
    expect((await runs.claim('r1', 30_000, 2))?.run.id).toBe(b1.id);
    // global limit 2 reached: c1 waits.
    expect(await runs.claim('r1', 30_000, 2)).toBeUndefined();
    expect(await runs.finish(a1.id, 'r1', 'succeeded')).toBe(true);
    expect((await runs.claim('r2', 30_000, 2))?.run.id).toBe(a2.id);
    expect(await runs.claim('r2', 30_000, 3)).toMatchObject({
      run: { id: c1.id },
      resumed: false,
    });

    // r1 dies: its lease on b1 expires and r2 takes it over.
    await knex('berth_workflow_runs')
      .where({ id: b1.id })
      .update({ lease_expires_at: new Date(Date.now() - 1000) });
    const taken = await runs.claim('r2', 30_000, 3);
    expect(taken).toMatchObject({
      run: { id: b1.id, leaseOwner: 'r2' },
      resumed: true,
    });
    expect(await runs.finish(b1.id, 'r1', 'failed')).toBe(false);
    expect(await runs.renewLease(b1.id, 'r1', 30_000)).toBeUndefined();
  });

  it('cancels queued runs at once and active runs through cancelling; refuses finished ones', async () => {
    const runs = new RunStore(await migratedDatabase(databases, id));
    const q = await runs.insert(newRun('w1', 'A'));
    const r = await runs.insert(newRun('w1', 'B'));
    await runs.claim('me', 30_000, 10);
    await runs.claim('me', 30_000, 10);
    const done = await runs.insert(newRun('w1', 'C'));
    expect(await runs.requestCancel(done.id, 'user:default/ada')).toMatchObject(
      {
        ended: true,
        run: { status: 'cancelled' },
      },
    );
    expect(
      (await runs.requestCancel(r.id, 'user:default/ada')).run.status,
    ).toBe('cancelling');
    await runs.finish(q.id, 'me', 'succeeded');
    await expect(runs.requestCancel(q.id, 'x')).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(runs.continueStage(q.id, 's')).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('fences job run writes by the run lease and decides approvals', async () => {
    const knex = await migratedDatabase(databases, id);
    const runs = new RunStore(knex);
    const jobs = new JobRunStore(knex);
    const approvals = new ApprovalStore(knex);
    const run = await runs.insert(newRun('w1'));
    await runs.claim('me', 30_000, 10);
    const job = await jobs.insert({
      runId: run.id,
      stageIndex: 0,
      stage: 's',
      job: 'j',
      type: 'approval',
      attempt: 1,
    });
    expect(await jobs.start(job.id, 'other', { spec: {} })).toBe(false);
    expect(await jobs.start(job.id, 'me', { spec: { x: 1 } })).toBe(true);
    expect(await jobs.saveCheckpoint(job.id, 'me', { k: 'v' })).toBe(true);
    expect(await jobs.get(job.id)).toMatchObject({
      status: 'running',
      spec: { x: 1 },
      checkpoint: { k: 'v' },
    });

    const input = {
      runId: run.id,
      jobRunId: job.id,
      approvers: ['group:default/ops'],
      needed: 2,
      allowSelfApproval: false,
    };
    const { approval, created } = await approvals.ensure(input);
    expect(created).toBe(true);
    expect((await approvals.ensure(input)).approval.id).toBe(approval.id);
    const at = new Date().toISOString();
    const one = await approvals.decide(approval.id, {
      by: 'user:default/a',
      decision: 'approve',
      at,
    });
    expect(one.status).toBe('waiting');
    const two = await approvals.decide(approval.id, {
      by: 'user:default/b',
      decision: 'approve',
      at,
    });
    expect(two).toMatchObject({
      status: 'approved',
      decisions: [{ by: 'user:default/a' }, { by: 'user:default/b' }],
    });
    await expect(
      approvals.decide(approval.id, {
        by: 'user:default/c',
        decision: 'reject',
        at,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(
      await approvals.list({ approverRefs: ['GROUP:default/ops'] }),
    ).toHaveLength(1);
    expect(
      await approvals.list({ approverRefs: ['group:default/dev'] }),
    ).toHaveLength(0);
  });
});

describe('toPublicJobRun', () => {
  const base = {
    id: 'j',
    runId: 'r',
    stageIndex: 0,
    stage: 's',
    job: 'j',
    type: 'test',
    attempt: 1,
    status: 'succeeded' as const,
    spec: {},
  };
  it('derives where a job ran and its test summary from what it saved', () => {
    expect(
      toPublicJobRun({
        ...base,
        checkpoint: { cluster: 'c', namespace: 'n', name: 'berth-x' },
        outputs: { passed: 3, failed: 1, skipped: 0, failures: ['a'] },
      }),
    ).toMatchObject({
      externalRef: { cluster: 'c', namespace: 'n', jobName: 'berth-x' },
      testSummary: { passed: 3, failed: 1, skipped: 0, failures: ['a'] },
    });
    expect(
      toPublicJobRun({
        ...base,
        outputs: { operationId: 'op', environmentId: 'e' },
      }),
    ).toMatchObject({ externalRef: { operationId: 'op', environmentId: 'e' } });
    expect(
      toPublicJobRun({ ...base, outputs: {} }).externalRef,
    ).toBeUndefined();
  });
});
