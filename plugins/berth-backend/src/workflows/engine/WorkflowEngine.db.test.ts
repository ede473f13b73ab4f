import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../../__testUtils__/testDatabases';
import { createApprovalJobType } from '../approvals/approvalJobType';
import { decideApproval } from '../approvals/decideApproval';
import {
  ada,
  engineKit,
  EngineKit,
  sampleWorkflow,
} from './__testUtils__/engineTestKit';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('WorkflowEngine on %s', id => {
  let kit: EngineKit;
  beforeEach(async () => {
    kit = engineKit(await migratedDatabase(databases, id));
  });
  afterEach(async () => {
    await kit.stopAll();
  });

  it('runs stages in order, jobs of a stage in parallel, with expressions, outputs and logs', async () => {
    const wf = await kit.createWorkflow({
      params: [{ name: 'who', type: 'string', default: 'world' }],
      stages: [
        {
          name: 'one',
          jobs: [
            {
              name: 'a',
              type: 'sample',
              spec: { sleepMs: 100, outputs: { image: 'repo/app' } },
            },
            {
              name: 'b',
              type: 'sample',
              spec: { sleepMs: 100, log: 'hello ${params.who}' },
            },
          ],
        },
        {
          name: 'two',
          jobs: [
            {
              name: 'c',
              type: 'sample',
              spec: { value: '${jobs.a.outputs.image}:${run.sequence}' },
            },
          ],
        },
      ],
    });
    kit.engine().start();
    const queued = await kit.engine().enqueue(wf, { who: 'berth' }, ada);
    const run = await kit.waitFor(queued.id);
    expect(run.status).toBe('succeeded');
    expect(run.stages.map(s => s.status)).toEqual(['succeeded', 'succeeded']);
    expect(kit.sample.maxRunning).toBe(2);
    const c = run.stages[1].jobs[0];
    expect(c).toMatchObject({
      spec: { value: 'repo/app:1' },
      outputs: { value: 'repo/app:1' },
    });
    const b = run.stages[0].jobs.find(j => j.job === 'b')!;
    const chunks = await kit.logs.read(b.id);
    expect(chunks.map(ch => ch.text).join('')).toContain('hello berth');
    // signals go to the creator and the project owners, never broadcast
    expect(kit.published.length).toBeGreaterThan(0);
    for (const p of kit.published) {
      expect(p.recipients).toEqual({
        type: 'user',
        entityRef: ['user:default/ada', 'group:default/team-shop'],
      });
    }
    // reported once, after the run ended
    for (let i = 0; i < 200 && kit.finished.length === 0; i++) {
      await new Promise(r => setTimeout(r, 25));
    }
    expect(kit.finished.map(r => [r.id, r.status])).toEqual([
      [run.id, 'succeeded'],
    ]);
  });

  it('gives jobs the outputs upstream and masks values in their logs', async () => {
    const wf = await kit.createWorkflow({
      stages: [
        {
          name: 'one',
          jobs: [
            {
              name: 'a',
              type: 'sample',
              spec: { outputs: { token: 's3cr3t' } },
            },
          ],
        },
        {
          name: 'two',
          jobs: [
            {
              name: 'b',
              type: 'sample',
              spec: {
                mask: '${jobs.a.outputs.token}',
                log: 'token is ${jobs.a.outputs.token}',
              },
            },
          ],
        },
      ],
    });
    const engine = kit.engine();
    engine.start();
    const run = await kit.waitFor((await engine.enqueue(wf, {}, ada)).id);
    expect(run.status).toBe('succeeded');
    expect(kit.sample.starts[1].upstream).toEqual({ a: { token: 's3cr3t' } });
    const text = (await kit.logs.read(run.stages[1].jobs[0].id))
      .map(c => c.text)
      .join('');
    expect(text).toContain('token is ***');
    expect(text).not.toContain('s3cr3t');
  });

  it('goes on past failures of continueOnError stages and optional jobs', async () => {
    const wf = await kit.createWorkflow({
      stages: [
        {
          name: 'lenient',
          continueOnError: true,
          jobs: [{ name: 'a', type: 'sample', spec: { failAttempts: 1 } }],
        },
        {
          name: 'strict',
          jobs: [
            {
              name: 'b',
              type: 'sample',
              spec: { failAttempts: 1 },
              optional: true,
            },
            { name: 'c', type: 'sample', spec: {} },
          ],
        },
        { name: 'last', jobs: [{ name: 'd', type: 'sample', spec: {} }] },
      ],
    });
    const engine = kit.engine();
    engine.start();
    const run = await kit.waitFor((await engine.enqueue(wf, {}, ada)).id);
    expect(run.status).toBe('succeeded');
    expect(
      run.stages.flatMap(s => s.jobs.map(j => `${j.job}:${j.status}`)),
    ).toEqual(['a:failed', 'b:failed', 'c:succeeded', 'd:succeeded']);
  });

  it('claims FIFO within a concurrency group', async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([{ name: 'a', spec: { sleepMs: 20 } }]),
    );
    const engine = kit.engine();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await engine.enqueue(wf, {}, ada)).id);
    engine.start();
    for (const runId of ids)
      expect((await kit.waitFor(runId)).status).toBe('succeeded');
    expect(kit.sample.starts.map(s => s.runId)).toEqual(ids);
    expect(kit.sample.maxRunning).toBe(1);
  });

  it('keeps a concurrency limit of 2 over 20 runs', async () => {
    const wf = await kit.createWorkflow(
      // Jobs long enough that two overlap even on a loaded machine.
      sampleWorkflow([{ name: 'a', spec: { sleepMs: 400 } }], {
        concurrency: { limit: 2 },
      }),
    );
    const engine = kit.engine();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++)
      ids.push((await engine.enqueue(wf, {}, ada)).id);
    engine.start();
    for (const runId of ids)
      expect((await kit.waitFor(runId)).status).toBe('succeeded');
    expect(kit.sample.maxRunning).toBe(2);
  });

  it('keeps the global limit across workflows', async () => {
    const engine = kit.engine({ maxRunningRuns: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const wf = await kit.createWorkflow(
        sampleWorkflow([{ name: 'a', spec: { sleepMs: 150 } }]),
      );
      ids.push((await engine.enqueue(wf, {}, ada)).id);
    }
    engine.start();
    for (const runId of ids)
      expect((await kit.waitFor(runId)).status).toBe('succeeded');
    expect(kit.sample.maxRunning).toBeLessThanOrEqual(3);
    expect(kit.sample.maxRunning).toBeGreaterThan(1);
  });

  it('supersedes: a new run cancels the older runs of its group', async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([{ name: 'a', spec: { block: 'x' } }], {
        params: [{ name: 'env', type: 'string' }],
        concurrency: { group: '${params.env}', onNew: 'supersede' },
      }),
    );
    const engine = kit.engine();
    engine.start();
    const first = await engine.enqueue(wf, { env: 'dev' }, ada);
    await kit.waitFor(first.id, r => r.stages[0].jobs[0]?.status === 'running');
    const other = await engine.enqueue(wf, { env: 'prod' }, ada);
    const second = await engine.enqueue(wf, { env: 'dev' }, ada);
    const cancelled = await kit.waitFor(first.id);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      message: 'Superseded by run #3',
    });
    expect(cancelled.stages[0].jobs[0].status).toBe('cancelled');
    expect(kit.sample.aborts).toContainEqual({ job: 'a', reason: 'cancel' });
    await kit.waitFor(
      second.id,
      r => r.stages[0].jobs[0]?.status === 'running',
    );
    expect((await kit.stores.runs.get(other.id)).status).toBe('running');
  });

  it('cancels a running run: its job is aborted with reason cancel', async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([{ name: 'a', spec: { block: 'x' } }]),
    );
    const engine = kit.engine();
    engine.start();
    const run = await engine.enqueue(wf, {}, ada);
    await kit.waitFor(run.id, r => r.stages[0].jobs[0]?.status === 'running');
    expect((await engine.cancel(run.id, 'user:default/bob')).status).toBe(
      'cancelling',
    );
    const done = await kit.waitFor(run.id);
    expect(done).toMatchObject({
      status: 'cancelled',
      cancelRequestedBy: 'user:default/bob',
    });
    expect(kit.sample.aborts).toEqual([{ job: 'a', reason: 'cancel' }]);
    await expect(engine.cancel(run.id, 'x')).rejects.toThrow(
      /already cancelled/,
    );
  });

  it('times a job out (reason timeout) and fails the run', async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([
        { name: 'a', spec: { sleepMs: 10_000 }, timeoutMinutes: 0.005 },
      ]),
    );
    const engine = kit.engine();
    engine.start();
    const run = await kit.waitFor((await engine.enqueue(wf, {}, ada)).id);
    expect(run.status).toBe('failed');
    expect(run.stages[0].jobs[0]).toMatchObject({ status: 'timedOut' });
    expect(kit.sample.aborts).toEqual([{ job: 'a', reason: 'timeout' }]);
  });

  it('retries a failing job in new attempts', async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([
        { name: 'a', spec: { failAttempts: 2 }, retry: { max: 2 } },
      ]),
    );
    const engine = kit.engine();
    engine.start();
    const run = await kit.waitFor((await engine.enqueue(wf, {}, ada)).id);
    expect(run.status).toBe('succeeded');
    expect(run.stages[0].jobs[0].attempt).toBe(3);
    expect(kit.sample.starts.map(s => s.attempt)).toEqual([1, 2, 3]);
    const rows = await kit.stores.jobRuns.forRun(run.id);
    expect(rows.map(r => r.status)).toEqual(['failed', 'failed', 'succeeded']);
  });

  it('retry-failed reruns only the failed jobs and what never ran', async () => {
    kit.sample.flags.add('broken');
    const wf = await kit.createWorkflow({
      stages: [
        {
          name: 'one',
          jobs: [
            { name: 'ok', type: 'sample', spec: {} },
            { name: 'bad', type: 'sample', spec: { failWhile: 'broken' } },
          ],
        },
        { name: 'two', jobs: [{ name: 'later', type: 'sample', spec: {} }] },
      ],
    });
    const engine = kit.engine();
    engine.start();
    const failed = await kit.waitFor((await engine.enqueue(wf, {}, ada)).id);
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/job 'bad' failed: failing while broken/);
    expect(failed.stages[1].jobs[0].status).toBe('skipped');
    kit.sample.flags.delete('broken');
    await expect(engine.retryFailed(failed.id)).resolves.toMatchObject({
      status: 'queued',
    });
    const retried = await kit.waitFor(failed.id, r => r.status === 'succeeded');
    expect(kit.sample.starts.map(s => `${s.job}#${s.attempt}`).sort()).toEqual([
      'bad#1',
      'bad#2',
      'later#2',
      'ok#1',
    ]);
    expect(retried.stages[0].jobs.find(j => j.job === 'ok')!.attempt).toBe(1);
    await expect(engine.retryFailed(failed.id)).rejects.toThrow(
      /only a failed run/,
    );
  });

  it('waits at a manual stage until continued', async () => {
    const wf = await kit.createWorkflow({
      stages: [
        { name: 'one', jobs: [{ name: 'a', type: 'sample', spec: {} }] },
        {
          name: 'deploy',
          manual: true,
          jobs: [{ name: 'b', type: 'sample', spec: {} }],
        },
      ],
    });
    const engine = kit.engine();
    engine.start();
    const run = await engine.enqueue(wf, {}, ada);
    const waiting = await kit.waitFor(run.id, r => r.status === 'waiting');
    expect(waiting.stages.map(s => s.status)).toEqual(['succeeded', 'waiting']);
    expect(waiting.message).toMatch(/Stage 'deploy' waits/);
    await new Promise(r => setTimeout(r, 150));
    expect(kit.sample.starts.map(s => s.job)).toEqual(['a']);
    await engine.continueStage(run.id, 'deploy');
    expect((await kit.waitFor(run.id)).status).toBe('succeeded');
    expect(kit.sample.starts.map(s => s.job)).toEqual(['a', 'b']);
  });

  it('onError ignore goes on; onError manual waits for continue', async () => {
    const wf = await kit.createWorkflow({
      stages: [
        {
          name: 'one',
          jobs: [
            {
              name: 'a',
              type: 'sample',
              spec: { failAttempts: 9 },
              onError: 'ignore',
            },
          ],
        },
        {
          name: 'two',
          jobs: [
            {
              name: 'b',
              type: 'sample',
              spec: { failAttempts: 9 },
              onError: 'manual',
            },
          ],
        },
        { name: 'three', jobs: [{ name: 'c', type: 'sample', spec: {} }] },
      ],
    });
    const engine = kit.engine();
    engine.start();
    const run = await engine.enqueue(wf, {}, ada);
    const waiting = await kit.waitFor(run.id, r => r.status === 'waiting');
    expect(waiting.message).toMatch(/Stage 'two': job 'b' failed.*Continue/);
    expect(waiting.stages[0].jobs[0].status).toBe('failed');
    await engine.continueStage(run.id, 'two');
    const done = await kit.waitFor(run.id);
    expect(done.status).toBe('succeeded');
    expect(done.stages[2].jobs[0].status).toBe('succeeded');
  });

  it("hands a stopped engine's run over: resumed with its checkpoint", async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([{ name: 'a', spec: { block: 'cp-1' } }]),
    );
    const first = kit.engine();
    first.start();
    const run = await first.enqueue(wf, {}, ada);
    await kit.waitFor(run.id, r => r.stages[0].jobs[0]?.status === 'running');
    await new Promise(r => setTimeout(r, 100));
    await first.stop();
    expect(kit.sample.aborts).toEqual([{ job: 'a', reason: 'stop' }]);
    expect((await kit.stores.runs.get(run.id)).leaseOwner).toBeUndefined();
    const second = kit.engine();
    second.start();
    await kit.waitFor(run.id, () => kit.sample.starts.length === 2);
    expect(kit.sample.starts[1]).toMatchObject({
      jobRunId: kit.sample.starts[0].jobRunId,
      resumed: true,
      checkpoint: { at: 'cp-1' },
    });
    expect(second.runningHere()).toEqual([run.id]);
    await second.cancel(run.id, 'user:default/ada');
    expect((await kit.waitFor(run.id)).status).toBe('cancelled');
  });

  it('takes over an expired lease; the old owner loses it and writes nothing', async () => {
    const wf = await kit.createWorkflow(
      sampleWorkflow([{ name: 'a', spec: { block: 'cp-2' } }]),
    );
    const first = kit.engine({ heartbeatMs: 60_000 });
    first.start();
    const run = await first.enqueue(wf, {}, ada);
    await kit.waitFor(run.id, r => r.stages[0].jobs[0]?.status === 'running');
    await new Promise(r => setTimeout(r, 100));
    await kit
      .knex('berth_workflow_runs')
      .where({ id: run.id })
      .update({ lease_expires_at: new Date(Date.now() - 1000) });
    const second = kit.engine();
    second.start();
    await kit.waitFor(run.id, () => kit.sample.starts.length === 2);
    expect(kit.sample.starts[1]).toMatchObject({
      resumed: true,
      checkpoint: { at: 'cp-2' },
    });
    expect((await kit.stores.runs.get(run.id)).leaseOwner).toBe(
      second.replicaId,
    );
  });

  it('a run waiting for an approval keeps its group slot, not a global one', async () => {
    kit.jobTypes.set(
      'approval',
      createApprovalJobType({
        approvals: kit.stores.approvals,
        runs: kit.stores.runs,
        pollIntervalMs: 30,
      }),
    );
    const gated = await kit.createWorkflow({
      stages: [
        {
          name: 'approve',
          jobs: [
            {
              name: 'gate',
              type: 'approval',
              spec: { approvers: ['user:default/bob'] },
            },
          ],
        },
        { name: 'after', jobs: [{ name: 'after', type: 'sample', spec: {} }] },
      ],
    });
    const manual = await kit.createWorkflow({
      stages: [
        {
          name: 'click',
          manual: true,
          jobs: [{ name: 'm', type: 'sample', spec: {} }],
        },
      ],
    });
    const other = await kit.createWorkflow(
      sampleWorkflow([{ name: 'a', spec: { sleepMs: 20 } }]),
    );
    const engine = kit.engine({ maxRunningRuns: 1 });
    engine.start();
    const first = await engine.enqueue(gated, {}, ada);
    await kit.waitFor(first.id, r => r.status === 'waiting');
    // same group (limit 1): waits behind the run waiting for approval
    const second = await engine.enqueue(gated, {}, ada);
    // another workflow: the global limit of 1 does not count the approval wait
    const free = await engine.enqueue(other, {}, ada);
    expect((await kit.waitFor(free.id)).status).toBe('succeeded');
    expect((await kit.stores.runs.get(second.id)).status).toBe('queued');

    // a run waiting at a manual stage does hold a global slot
    const clicked = await engine.enqueue(manual, {}, ada);
    await kit.waitFor(clicked.id, r => r.status === 'waiting');
    const blocked = await engine.enqueue(other, {}, ada);
    await new Promise(r => setTimeout(r, 300));
    expect((await kit.stores.runs.get(blocked.id)).status).toBe('queued');
    await engine.continueStage(clicked.id, 'click');
    expect((await kit.waitFor(clicked.id)).status).toBe('succeeded');
    expect((await kit.waitFor(blocked.id)).status).toBe('succeeded');

    const [approval] = await kit.stores.approvals.list({ runId: first.id });
    await decideApproval(
      kit.stores,
      approval.id,
      { decision: 'approve' },
      { userRef: 'user:default/bob', ownershipRefs: ['user:default/bob'] },
    );
    expect((await kit.waitFor(first.id)).status).toBe('succeeded');
    await kit.waitFor(second.id, r => r.status === 'waiting');
    await engine.cancel(second.id, 'user:default/ada');
    expect((await kit.waitFor(second.id)).status).toBe('cancelled');
  });

  if (id === 'POSTGRES_15') {
    it('two engines on one database run each run once', async () => {
      const engines = [kit.engine(), kit.engine()];
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const wf = await kit.createWorkflow(
          sampleWorkflow([{ name: 'a', spec: { sleepMs: 30 } }]),
        );
        ids.push((await engines[i % 2].enqueue(wf, {}, ada)).id);
      }
      engines.forEach(e => e.start());
      for (const runId of ids)
        expect((await kit.waitFor(runId)).status).toBe('succeeded');
      const perRun = new Map<string, number>();
      kit.sample.starts.forEach(s =>
        perRun.set(s.runId, (perRun.get(s.runId) ?? 0) + 1),
      );
      expect([...perRun.values()]).toEqual(ids.map(() => 1));
      expect(kit.sample.maxRunning).toBeLessThanOrEqual(20);
    });

    it('wakes another replica at once when a run is queued (LISTEN/NOTIFY)', async () => {
      const wf = await kit.createWorkflow(
        sampleWorkflow([{ name: 'a', spec: {} }]),
      );
      const sleepy = kit.engine({ pollIntervalMs: 60_000 });
      sleepy.start();
      await new Promise(r => setTimeout(r, 300)); // its first tick found nothing
      const other = kit.engine(); // never started: it only queues
      const started = Date.now();
      const run = await other.enqueue(wf, {}, ada);
      expect((await kit.waitFor(run.id, undefined, 5000)).status).toBe(
        'succeeded',
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(kit.sample.starts).toHaveLength(1);
    });
  }
});
