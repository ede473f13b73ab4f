import { mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { createApprovalJobType } from './approvals';
import { engineKit, EngineKit } from './engine/__testUtils__/engineTestKit';
import { createWorkflowTriggerTarget } from './engine/workflowTriggerTarget';
import { WorkflowEngine } from './engine/WorkflowEngine';
import { DefaultWorkflowService } from './WorkflowService';

jest.setTimeout(120_000);

const databases = createBerthTestDatabases();
const shop = 'system:default/shop';
const ada = 'user:default/ada';

const environments: Record<
  string,
  { id: string; tier: string; cluster: string }
> = {
  dev: { id: 'env-dev', tier: 'development', cluster: 'local' },
  prod: { id: 'env-prod', tier: 'production', cluster: 'prod-1' },
};

const yaml = `
title: Build and ship
params:
  - { name: env, type: choice, options: [dev, prod], default: dev }
  - { name: fail, type: boolean, default: false }
stages:
  - name: build
    jobs: [{ name: build, type: sample, spec: { outputs: { image: repo/app } } }]
  - name: ship
    jobs: [{ name: ship, type: deploy, spec: { environment: '\${params.env}', value: '\${jobs.build.outputs.image}' } }]
triggers:
  - { type: cron, name: nightly, cron: '0 3 * * *' }
`;

describe.each(databases.eachSupportedId())('WorkflowService on %s', id => {
  let kit: EngineKit;
  let engine: WorkflowEngine;
  let service: DefaultWorkflowService;
  const auditor = mockServices.auditor.mock();

  beforeEach(async () => {
    kit = engineKit(await migratedDatabase(databases, id));
    // `deploy` here is the sample job type under the name the targets look for.
    kit.jobTypes.set('deploy', kit.sample.jobType);
    kit.jobTypes.set(
      'approval',
      createApprovalJobType({
        approvals: kit.stores.approvals,
        runs: kit.stores.runs,
        pollIntervalMs: 20,
      }),
    );
    engine = kit.engine();
    service = new DefaultWorkflowService({
      stores: kit.stores,
      engine,
      jobTypes: kit.jobTypes,
      resolveEnvironment: async (projectRef, name) =>
        projectRef === shop ? environments[name] : undefined,
      logs: kit.logs,
      auditor,
      logger: mockServices.logger.mock(),
    });
  });
  afterEach(async () => {
    await kit.stopAll();
  });

  it('creates workflows from YAML with targets, refusing bad names, taken names and bad definitions', async () => {
    const wf = await service.createWorkflow(shop, { name: 'ship', yaml }, ada);
    expect(wf).toMatchObject({
      title: 'Build and ship',
      revision: 1,
      enabled: true,
      targets: {
        tiers: ['development', 'production'],
        clusters: ['local', 'prod-1'],
        environments: ['env-dev', 'env-prod'],
      },
    });
    await expect(
      service.createWorkflow(shop, { name: 'Ship!', yaml }, ada),
    ).rejects.toThrow(/name: a workflow name/);
    await expect(
      service.createWorkflow(shop, { name: 'ship', yaml }, ada),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      service.createWorkflow(
        shop,
        { name: 'other', yaml: yaml.replace('type: sample', 'type: buidl') },
        ada,
      ),
    ).rejects.toThrow(/stages\[0\]\.jobs\[0\]\.type: unknown job type 'buidl'/);
    await expect(
      service.createWorkflow(
        shop,
        { name: 'other', yaml: yaml.replace("'${params.env}'", 'staging') },
        ada,
      ),
    ).rejects.toThrow(
      /spec\.environment: project system:default\/shop has no environment 'staging'/,
    );
    expect(
      (await service.listWorkflows({ projectRef: shop })).map(w => w.name),
    ).toEqual(['ship']);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'berth-workflow-create' }),
    );
  });

  it('updates into new revisions, refusing stale edits', async () => {
    const wf = await service.createWorkflow(shop, { name: 'ship', yaml }, ada);
    const next = await service.updateWorkflow(
      wf.id,
      { yaml: yaml.replace('Build and ship', 'Ship it'), baseRevision: 1 },
      'user:default/bob',
    );
    expect(next).toMatchObject({
      revision: 2,
      title: 'Ship it',
      updatedBy: 'user:default/bob',
    });
    await expect(
      service.updateWorkflow(wf.id, { yaml, baseRevision: 1 }, ada),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(service.updateWorkflow(wf.id, {}, ada)).rejects.toBeInstanceOf(
      InputError,
    );
    expect((await service.listRevisions(wf.id)).map(r => r.revision)).toEqual([
      2, 1,
    ]);
    const disabled = await service.updateWorkflow(
      wf.id,
      { enabled: false },
      ada,
    );
    expect(disabled).toMatchObject({ enabled: false, revision: 2 });
    await expect(
      service.startRun(wf.id, {}, { type: 'manual', actor: ada }),
    ).rejects.toThrow(/disabled/);
  });

  it('starts runs with checked params, lists, describes, reruns and cancels them', async () => {
    const wf = await service.createWorkflow(shop, { name: 'ship', yaml }, ada);
    await expect(
      service.startRun(wf.id, { env: 'qa' }, { type: 'manual', actor: ada }),
    ).rejects.toThrow(/param 'env' 'qa' is not among the options/);
    expect(await service.listRuns({ workflowId: wf.id })).toEqual([]);

    engine.start();
    const started = await service.startRun(
      wf.id,
      { env: 'prod' },
      { type: 'manual', actor: ada },
    );
    expect(started).toMatchObject({
      sequence: 1,
      status: 'queued',
      params: { env: 'prod', fail: false },
    });
    const run = await kit.waitFor(started.id);
    expect(run.status).toBe('succeeded');
    expect(run.stages[1].jobs[0].spec).toEqual({
      environment: 'prod',
      value: 'repo/app',
    });
    expect((await service.getWorkflow(wf.id)).lastRun?.id).toBe(run.id);

    const again = await service.rerun(run.id, 'user:default/bob');
    expect(again).toMatchObject({
      sequence: 2,
      params: { env: 'prod', fail: false },
      trigger: { type: 'rerun', actor: 'user:default/bob', runId: run.id },
    });
    await kit.waitFor(again.id);
    expect(
      (await service.listRuns({ environmentId: 'env-prod' })).map(
        r => r.sequence,
      ),
    ).toEqual([2, 1]);
    expect(await service.listRuns({ environmentId: 'env-other' })).toEqual([]);
    expect(
      await service.listRuns({
        where: qb =>
          qb.where('berth_workflows.project_ref', 'system:default/other'),
      }),
    ).toEqual([]);
    await expect(service.cancelRun(run.id, ada)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(service.retryFailed(run.id, ada)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(
      service.continueStage(run.id, 'nope', ada),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      service.jobRunOf(again.id, run.stages[0].jobs[0].id),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(
      await service.jobRunOf(run.id, run.stages[0].jobs[0].id),
    ).toMatchObject({ job: 'build' });
  });

  it('runs a given revision, and keeps the revisions its triggers may start (a retry replaces them)', async () => {
    const wf = await service.createWorkflow(
      shop,
      {
        name: 'flaky',
        yaml: `
stages:
  - name: first
    jobs: [{ name: one, type: sample, spec: { failWhile: broken } }]
`,
      },
      ada,
    );
    await service.updateWorkflow(
      wf.id,
      { yaml: yaml.replace('Build and ship', 'Ship it'), baseRevision: 1 },
      ada,
    );
    await expect(
      service.startRun(
        wf.id,
        {},
        { type: 'manual', actor: ada },
        { revision: 7 },
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    kit.sample.flags.add('broken');
    engine.start();
    const started = await service.startRun(
      wf.id,
      {},
      { type: 'manual', actor: ada },
      { revision: 1, triggerRevisions: { 'wf-a': 3 } },
    );
    const run = await kit.waitFor(started.id);
    expect(run).toMatchObject({ revision: 1, status: 'failed' });
    expect(run.stages.map(st => st.name)).toEqual(['first']);
    expect(await service.triggerRevisionsOf(run.id)).toEqual({ 'wf-a': 3 });

    kit.sample.flags.delete('broken');
    await service.retryFailed(run.id, ada, {
      triggerRevisions: { 'wf-a': 4 },
    });
    expect((await kit.waitFor(run.id)).status).toBe('succeeded');
    expect(await service.triggerRevisionsOf(run.id)).toEqual({ 'wf-a': 4 });

    const newest = await service.startRun(
      wf.id,
      {},
      { type: 'manual', actor: ada },
    );
    expect(newest.revision).toBe(2);
    expect(await service.triggerRevisionsOf(newest.id)).toBeUndefined();
  });

  it('lists and decides approvals with their runs', async () => {
    const wf = await service.createWorkflow(
      shop,
      {
        name: 'gated',
        definition: {
          stages: [
            {
              name: 'gate',
              jobs: [
                {
                  name: 'gate',
                  type: 'approval',
                  spec: { approvers: ['group:default/ops'] },
                },
              ],
            },
          ],
        },
      },
      ada,
    );
    engine.start();
    const run = await service.startRun(
      wf.id,
      {},
      { type: 'manual', actor: ada },
    );
    await kit.waitFor(
      run.id,
      r => r.status === 'waiting' && Boolean(r.stages[0].jobs[0].approval),
    );
    const [approval] = await service.listApprovals({
      status: ['waiting'],
      approverRefs: ['group:default/ops'],
    });
    expect(approval.run.id).toBe(run.id);
    expect(
      await service.listApprovals({ approverRefs: ['group:default/dev'] }),
    ).toEqual([]);
    await expect(
      service.decideApproval(
        approval.id,
        { decision: 'approve' },
        { userRef: 'user:default/eve', ownershipRefs: [] },
      ),
    ).rejects.toBeInstanceOf(NotAllowedError);
    await service.decideApproval(
      approval.id,
      { decision: 'approve' },
      { userRef: 'user:default/bob', ownershipRefs: ['group:default/ops'] },
    );
    expect((await kit.waitFor(run.id)).status).toBe('succeeded');
    expect((await service.getApproval(approval.id)).status).toBe('approved');
  });

  it('deletes a workflow: cancels its active runs and removes the finished ones', async () => {
    const wf = await service.createWorkflow(
      shop,
      {
        name: 'slow',
        definition: {
          stages: [
            {
              name: 's',
              jobs: [{ name: 'a', type: 'sample', spec: { block: 'x' } }],
            },
          ],
        },
      },
      ada,
    );
    engine.start();
    const running = await service.startRun(
      wf.id,
      {},
      { type: 'manual', actor: ada },
    );
    const queued = await service.startRun(
      wf.id,
      {},
      { type: 'manual', actor: ada },
    );
    await kit.waitFor(
      running.id,
      r => r.stages[0].jobs[0]?.status === 'running',
    );
    await service.deleteWorkflow(wf.id, ada);
    // the running run is cancelled, reported, then deleted with its workflow
    for (
      let i = 0;
      i < 400 && !kit.finished.some(r => r.id === running.id);
      i++
    ) {
      await new Promise(r => setTimeout(r, 25));
    }
    expect(kit.finished.find(r => r.id === running.id)?.status).toBe(
      'cancelled',
    );
    expect(kit.sample.aborts).toEqual([{ job: 'a', reason: 'cancel' }]);
    for (let i = 0; i < 400 && engine.runningHere().length > 0; i++) {
      await new Promise(r => setTimeout(r, 25));
    }
    await expect(service.getRun(running.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.getRun(queued.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.getWorkflow(wf.id)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('serves the triggers: enabled workflows with triggers, runs through the service', async () => {
    const wf = await service.createWorkflow(shop, { name: 'ship', yaml }, ada);
    await service.createWorkflow(
      shop,
      {
        name: 'plain',
        definition: {
          stages: [
            { name: 's', jobs: [{ name: 'a', type: 'sample', spec: {} }] },
          ],
        },
      },
      ada,
    );
    const target = createWorkflowTriggerTarget(service, kit.stores.workflows);
    expect(await target.listTriggers()).toEqual([
      expect.objectContaining({
        workflowId: wf.id,
        workflowName: 'ship',
        savedBy: ada,
        triggers: [expect.objectContaining({ name: 'nightly' })],
      }),
    ]);
    const { runId } = await target.startRun(
      wf.id,
      { env: 'dev' },
      { type: 'cron', actor: ada, name: 'nightly' },
    );
    expect((await service.getRun(runId)).trigger).toMatchObject({
      type: 'cron',
      name: 'nightly',
    });
    await expect(
      target.startRun(wf.id, { env: 7 } as any, { type: 'cron', actor: ada }),
    ).rejects.toBeInstanceOf(InputError);
  });
});
