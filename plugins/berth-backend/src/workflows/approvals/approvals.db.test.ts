import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import {
  ada,
  engineKit,
  EngineKit,
} from '../engine/__testUtils__/engineTestKit';
import { createApprovalJobType } from './approvalJobType';
import { decideApproval } from './decideApproval';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

const bob = {
  userRef: 'user:default/bob',
  ownershipRefs: ['user:default/bob', 'group:default/ops'],
};
const carol = {
  userRef: 'user:default/carol',
  ownershipRefs: ['user:default/carol', 'group:default/ops'],
};
const dave = {
  userRef: 'user:default/dave',
  ownershipRefs: ['user:default/dave', 'group:default/dev'],
};
const adaActor = {
  userRef: 'user:default/ada',
  ownershipRefs: ['user:default/ada', 'group:default/ops'],
};

function gated(spec: Record<string, unknown>): WorkflowDefinition {
  return {
    stages: [
      { name: 'approve', jobs: [{ name: 'gate', type: 'approval', spec }] },
      { name: 'after', jobs: [{ name: 'after', type: 'sample', spec: {} }] },
    ],
  };
}

describe.each(databases.eachSupportedId())('approvals on %s', id => {
  let kit: EngineKit;
  const decide = (
    approvalId: string,
    decision: 'approve' | 'reject',
    actor: typeof bob,
    comment?: string,
  ) => decideApproval(kit.stores, approvalId, { decision, comment }, actor);

  beforeEach(async () => {
    kit = engineKit(await migratedDatabase(databases, id));
    kit.jobTypes.set(
      'approval',
      createApprovalJobType({
        approvals: kit.stores.approvals,
        runs: kit.stores.runs,
        events: kit.events,
        pollIntervalMs: 20,
      }),
    );
  });
  afterEach(async () => {
    await kit.stopAll();
  });

  async function waitingApproval(spec: Record<string, unknown>) {
    const wf = await kit.createWorkflow(gated(spec));
    const engine = kit.engine();
    engine.start();
    const run = await engine.enqueue(wf, {}, ada);
    const waiting = await kit.waitFor(
      run.id,
      r =>
        r.stages[0].jobs[0]?.approval !== undefined && r.status === 'waiting',
    );
    return {
      engine,
      run: waiting,
      approval: waiting.stages[0].jobs[0].approval!,
    };
  }

  it('shows the job and run waiting, refuses non-approvers and the creator, and goes on when approved', async () => {
    const { run, approval } = await waitingApproval({
      approvers: ['group:default/ops'],
    });
    expect(run.stages[0].jobs[0].status).toBe('waiting');
    expect(run.message).toMatch(
      /Waiting for 1 approval\(s\) from group:default\/ops/,
    );
    expect(kit.events.approvals).toHaveLength(1);
    await expect(decide(approval.id, 'approve', dave)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    await expect(decide(approval.id, 'approve', adaActor)).rejects.toThrow(
      /may not approve/,
    );
    await expect(
      decideApproval(
        kit.stores,
        approval.id,
        { decision: 'maybe' } as any,
        bob,
      ),
    ).rejects.toBeInstanceOf(InputError);
    const decided = await decide(approval.id, 'approve', bob, 'ship it');
    expect(decided).toMatchObject({
      status: 'approved',
      decisions: [{ by: 'user:default/bob', comment: 'ship it' }],
    });
    const done = await kit.waitFor(run.id);
    expect(done.status).toBe('succeeded');
    expect(done.stages[0].jobs[0].outputs).toEqual({
      approvedBy: ['user:default/bob'],
    });
    await expect(decide(approval.id, 'approve', carol)).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it('lets the creator approve with allowSelfApproval', async () => {
    const { run, approval } = await waitingApproval({
      approvers: ['user:default/ada'],
      allowSelfApproval: true,
    });
    await decide(approval.id, 'approve', adaActor);
    expect((await kit.waitFor(run.id)).status).toBe('succeeded');
  });

  it('needs two approvals when needed is 2, one decision per approver', async () => {
    const { run, approval } = await waitingApproval({
      approvers: ['group:default/ops'],
      needed: 2,
    });
    expect((await decide(approval.id, 'approve', bob)).status).toBe('waiting');
    await expect(decide(approval.id, 'approve', bob)).rejects.toThrow(
      /decided on this approval already/,
    );
    await new Promise(r => setTimeout(r, 100));
    expect((await kit.stores.runs.get(run.id)).status).toBe('waiting');
    expect((await decide(approval.id, 'approve', carol)).status).toBe(
      'approved',
    );
    expect((await kit.waitFor(run.id)).status).toBe('succeeded');
  });

  it('fails the run on a rejection', async () => {
    const { run, approval } = await waitingApproval({
      approvers: ['group:default/ops'],
      needed: 2,
    });
    await decide(approval.id, 'reject', bob, 'not today');
    const done = await kit.waitFor(run.id);
    expect(done.status).toBe('failed');
    expect(done.message).toMatch(/Rejected by user:default\/bob: not today/);
    expect(done.stages[1].jobs[0].status).toBe('skipped');
  });

  it('rejects when nobody decides before the timeout', async () => {
    const wf = await kit.createWorkflow(
      gated({ approvers: ['group:default/ops'], timeoutMinutes: 0.003 }),
    );
    const engine = kit.engine();
    engine.start();
    const done = await kit.waitFor((await engine.enqueue(wf, {}, ada)).id);
    expect(done.status).toBe('failed');
    expect(done.stages[0].jobs[0]).toMatchObject({
      error: expect.stringMatching(/No decision within .* rejected/),
      approval: { status: 'expired' },
    });
  });

  it('survives a takeover: the resumed job waits on the same approval', async () => {
    const { engine, run, approval } = await waitingApproval({
      approvers: ['group:default/ops'],
    });
    await engine.stop();
    const second = kit.engine();
    second.start();
    await kit.waitFor(run.id, () => second.runningHere().includes(run.id));
    await new Promise(r => setTimeout(r, 100));
    const again = await kit.waitFor(run.id, r => r.status === 'waiting');
    expect(again.stages[0].jobs[0].approval?.id).toBe(approval.id);
    expect(await kit.stores.approvals.list({ runId: run.id })).toHaveLength(1);
    expect(kit.events.approvals).toHaveLength(1);
    await decide(approval.id, 'approve', bob);
    expect((await kit.waitFor(run.id)).status).toBe('succeeded');
  });

  it('cancels the waiting approval when the run is cancelled', async () => {
    const { engine, run, approval } = await waitingApproval({
      approvers: ['group:default/ops'],
    });
    await engine.cancel(run.id, 'user:default/ada');
    expect((await kit.waitFor(run.id)).status).toBe('cancelled');
    expect((await kit.stores.approvals.get(approval.id)).status).toBe(
      'cancelled',
    );
  });
});
