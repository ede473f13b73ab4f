import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { createMockJobContext } from '@berth/plugin-berth-node-test-utils';
import { InMemoryWorkflowRuns } from './__testUtils__/inMemoryWorkflowRuns';
import {
  createTriggerWorkflowJobType,
  triggerWorkflowJobInput,
} from './triggerWorkflowJobType';

const PROJECT = 'system:default/shop';

function setup() {
  const workflows = new InMemoryWorkflowRuns();
  const parentWorkflow = workflows.addWorkflow(PROJECT, 'release');
  const child = workflows.addWorkflow(PROJECT, 'smoke-tests');
  workflows.addWorkflow('system:default/bank', 'other');
  const parent = workflows.addRun(parentWorkflow.id, {
    type: 'manual',
    actor: 'user:default/olivia',
  });
  workflows.setStatus(parent.id, 'running');
  const jobType = createTriggerWorkflowJobType({
    workflows,
    pollIntervalMs: 10,
  });
  const context = (
    spec: unknown,
    extra: { signal?: AbortSignal; resumedFrom?: unknown } = {},
  ) =>
    createMockJobContext({
      params: jobType.inputSchema.parse(spec),
      run: {
        runId: parent.id,
        workflowId: parentWorkflow.id,
        projectRef: PROJECT,
        job: 'smoke',
        createdBy: 'user:default/olivia',
      },
      ...extra,
    });
  /** The run started by the job, once it exists. */
  const started = async () => {
    for (;;) {
      const run = workflows.runs.find(r => r.workflowId === child.id);
      if (run) return run;
      await new Promise(r => setTimeout(r, 5));
    }
  };
  return { workflows, jobType, context, parent, child, started };
}

describe('trigger-workflow job type', () => {
  it('starts the workflow with the params, its trigger naming the parent run, and waits for it', async () => {
    const { workflows, jobType, context, parent, started } = setup();
    const ctx = context({
      workflow: 'smoke-tests',
      params: { environment: 'staging', retries: 2, all: true, tags: ['a'] },
    });
    const running = jobType.run(ctx);
    const child = await started();
    expect(child.params).toEqual({
      environment: 'staging',
      retries: 2,
      all: true,
      tags: ['a'],
    });
    expect(child.trigger).toEqual({
      type: 'workflow',
      actor: 'user:default/olivia',
      runId: parent.id,
      name: 'smoke (attempt 1)',
    });
    workflows.setStatus(child.id, 'waiting', 'approval');
    await new Promise(r => setTimeout(r, 50));
    workflows.setStatus(child.id, 'running');
    await new Promise(r => setTimeout(r, 50));
    workflows.setStatus(child.id, 'succeeded');
    await running;
    expect(ctx.outputs).toEqual({ runId: child.id, status: 'succeeded' });
    expect(ctx.checkpoints).toEqual([{ runId: child.id }]);
    expect(ctx.waiting).toEqual([
      "Run #1 of 'smoke-tests' is waiting: approval",
      undefined,
    ]);
  });

  it('fails when the started run fails, naming it', async () => {
    const { workflows, jobType, context, started } = setup();
    const ctx = context({ workflow: 'smoke-tests' });
    const running = jobType.run(ctx);
    const child = await started();
    workflows.setStatus(child.id, 'failed', 'job test failed');
    await expect(running).rejects.toThrow(
      "Run #1 of workflow 'smoke-tests' failed: job test failed",
    );
    expect(ctx.outputs).toEqual({ runId: child.id, status: 'failed' });
  });

  it('does not wait when wait is false', async () => {
    const { jobType, context } = setup();
    const ctx = context({ workflow: 'smoke-tests', wait: false });
    await jobType.run(ctx);
    expect(ctx.outputs).toEqual({
      runId: expect.any(String),
      status: 'queued',
    });
  });

  it('cancelling the job cancels the started run; a replica stopping does not', async () => {
    const { workflows, jobType, context, started } = setup();
    const stop = new AbortController();
    const first = jobType.run(
      context({ workflow: 'smoke-tests' }, { signal: stop.signal }),
    );
    const child = await started();
    stop.abort('replica stopping');
    await expect(first).rejects.toThrow(/aborted/);
    expect(workflows.cancelled).toEqual([]);

    const cancel = new AbortController();
    const resumed = jobType.run(
      context(
        { workflow: 'smoke-tests' },
        { signal: cancel.signal, resumedFrom: { runId: child.id } },
      ),
    );
    await new Promise(r => setTimeout(r, 30));
    cancel.abort('cancel');
    await expect(resumed).rejects.toThrow(/aborted/);
    expect(workflows.cancelled).toEqual([
      { runId: child.id, actor: 'user:default/olivia' },
    ]);
    expect(
      workflows.runs.filter(r => r.workflowId === child.workflowId),
    ).toHaveLength(1);
  });

  it('resumed before its checkpoint was saved, it finds the run it started instead of starting another', async () => {
    const { workflows, jobType, context, parent, child } = setup();
    const earlier = workflows.addRun(child.id, {
      type: 'workflow',
      actor: 'user:default/olivia',
      runId: parent.id,
      name: 'smoke (attempt 1)',
    });
    workflows.setStatus(earlier.id, 'succeeded');
    const ctx = context({ workflow: 'smoke-tests' }, { resumedFrom: null });
    await jobType.run(ctx);
    expect(ctx.outputs).toEqual({ runId: earlier.id, status: 'succeeded' });
    expect(workflows.runs.filter(r => r.workflowId === child.id)).toHaveLength(
      1,
    );
  });

  it('refuses itself, a workflow of another project, too deep a chain and bad specs', async () => {
    const { workflows, jobType, context, parent } = setup();
    await expect(jobType.run(context({ workflow: 'release' }))).rejects.toThrow(
      InputError,
    );
    await expect(jobType.run(context({ workflow: 'other' }))).rejects.toThrow(
      NotFoundError,
    );
    let previous = parent.id;
    for (let i = 0; i < 5; i++) {
      const link = workflows.addRun(parent.workflowId, {
        type: 'workflow',
        actor: 'user:default/olivia',
        runId: previous,
      });
      previous = link.id;
    }
    const deep = createMockJobContext({
      params: jobType.inputSchema.parse({ workflow: 'smoke-tests' }),
      run: {
        runId: previous,
        projectRef: PROJECT,
        workflowId: parent.workflowId,
      },
    });
    await expect(jobType.run(deep)).rejects.toThrow(/nested more than 5 deep/);
    expect(
      triggerWorkflowJobInput.safeParse({ workflow: 'x', params: { a: {} } })
        .success,
    ).toBe(false);
    expect(
      triggerWorkflowJobInput
        .safeParse({ workflow: '', wait: 'yes' })
        .error?.issues.map(i => i.path.join('.')),
    ).toEqual(['workflow', 'wait']);
  });

  it('starts the revision checked when its run was created, and passes those revisions on', async () => {
    const { workflows, jobType, context, parent, child } = setup();
    child.revision = 4;
    const checked = { [child.id]: 3 };
    workflows.triggerRevisions.set(parent.id, checked);
    const ctx = context({ workflow: 'smoke-tests', wait: false });
    await jobType.run(ctx);
    const started = workflows.runs.find(r => r.workflowId === child.id)!;
    expect(started.revision).toBe(3);
    expect(workflows.triggerRevisions.get(started.id)).toEqual(checked);
    expect((ctx.logger.info as jest.Mock).mock.calls.flat().join('\n')).toMatch(
      /revision 3 as checked when this run was created \(the newest is 4\)/,
    );
  });

  it('refuses a workflow its run did not check (created since), starting nothing', async () => {
    const { workflows, jobType, context, parent, child } = setup();
    workflows.triggerRevisions.set(parent.id, { 'wf-other': 1 });
    await expect(
      jobType.run(context({ workflow: 'smoke-tests' })),
    ).rejects.toThrow(
      new NotAllowedError(
        "Workflow 'smoke-tests' was not checked when this run was created (it was created or renamed since); rerun to check it",
      ),
    );
    expect(workflows.runs.filter(r => r.workflowId === child.id)).toEqual([]);
  });

  it('starts the newest revision for a run checked when its workflow was saved (git, cron)', async () => {
    const { workflows, jobType, context, child } = setup();
    child.revision = 4;
    await jobType.run(context({ workflow: 'smoke-tests', wait: false }));
    const started = workflows.runs.find(r => r.workflowId === child.id)!;
    expect(started.revision).toBe(4);
    expect(workflows.triggerRevisions.get(started.id)).toBeUndefined();
  });
});
