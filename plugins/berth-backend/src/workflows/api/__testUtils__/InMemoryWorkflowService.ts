import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  BerthWorkflow,
  CreateWorkflowRequest,
  isTerminalWorkflowRunStatus,
  UpdateWorkflowRequest,
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
  WorkflowDefinition,
  WorkflowJobRun,
  WorkflowParamValue,
  WorkflowRevision,
  WorkflowRun,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { randomUUID } from 'crypto';
import knexFactory, { Knex } from 'knex';
import {
  allTargets,
  deployTargetsOf,
  TargetEnvironment,
} from '../deployTargets';
import { requestedDefinition } from '../requestedDefinition';
import {
  WorkflowActor,
  WorkflowApprovalWithRun,
  WorkflowListQuery,
  WorkflowRunQuery,
  WorkflowService,
} from '../WorkflowServiceContract';
import { RunAgainOptions, StartRunOptions } from '../../WorkflowService';
import { TriggerRevisions } from '../../store';
import { createFilterTables } from './filterTables';

type ProjectEnvironment = TargetEnvironment & { projectRef: string };

/**
 * A WorkflowService in memory for the API's tests, keeping the contract of
 * the design (errors included). Workflows and runs are mirrored into a
 * SQLite database with the columns permission filters use, so the `where`
 * of a list is applied as SQL, as the real service does. Nothing runs: a
 * test moves runs on with `setStatus` and asks approvals with `askApproval`.
 */
export class InMemoryWorkflowService implements WorkflowService {
  readonly workflows = new Map<string, BerthWorkflow>();
  readonly revisions = new Map<string, WorkflowRevision[]>();
  readonly runs = new Map<string, WorkflowRun>();
  readonly approvals = new Map<string, WorkflowApproval>();
  /** The revisions a run's `trigger-workflow` jobs may start, by run id, as the API passed them. */
  readonly triggerRevisions = new Map<string, TriggerRevisions>();
  /** Every change made, in order: `create <name>`, `start <workflowId>`... */
  readonly changes: string[] = [];

  private constructor(
    private readonly knex: Knex,
    private readonly environments: ProjectEnvironment[],
  ) {}

  static async create(options: {
    projects: Array<{ ref: string; ownerRef?: string }>;
    environments: ProjectEnvironment[];
  }): Promise<InMemoryWorkflowService> {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await createFilterTables(knex);
    for (const p of options.projects) {
      await knex('berth_projects').insert({
        ref: p.ref,
        owner_ref: p.ownerRef ?? null,
      });
    }
    return new InMemoryWorkflowService(knex, options.environments);
  }

  async close() {
    await this.knex.destroy();
  }

  async listWorkflows(q: WorkflowListQuery): Promise<BerthWorkflow[]> {
    const query = this.knex('berth_workflows').select('berth_workflows.id');
    if (q.projectRef) query.where('berth_workflows.project_ref', q.projectRef);
    if (q.where) query.where(q.where);
    const ids = (await query).map((r: { id: string }) => r.id);
    return [...this.workflows.values()]
      .filter(w => ids.includes(w.id))
      .map(w => ({ ...w, lastRun: this.lastRun(w.id) }));
  }

  async getWorkflow(id: string): Promise<BerthWorkflow> {
    const workflow = this.workflows.get(id);
    if (!workflow) throw new NotFoundError(`No workflow with id '${id}'`);
    return { ...workflow, lastRun: this.lastRun(id) };
  }

  async getWorkflowByName(projectRef: string, name: string) {
    const found = [...this.workflows.values()].find(
      w => w.projectRef === projectRef && w.name === name,
    );
    if (!found) throw new NotFoundError(`No workflow '${name}'`);
    return found;
  }

  async createWorkflow(
    projectRef: string,
    req: CreateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow> {
    const definition = this.validDefinition(requestedDefinition(req));
    if (
      [...this.workflows.values()].some(
        w => w.projectRef === projectRef && w.name === req.name,
      )
    ) {
      throw new ConflictError(`Workflow '${req.name}' exists`);
    }
    const now = new Date().toISOString();
    const workflow: BerthWorkflow = {
      id: randomUUID(),
      projectRef,
      name: req.name,
      title: definition.title ?? req.name,
      enabled: req.enabled ?? true,
      revision: 1,
      definition,
      targets: this.targetsOf(projectRef, definition),
      createdBy: actor,
      updatedBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    await this.save(workflow);
    this.revisions.set(workflow.id, [
      { revision: 1, definition, createdBy: actor, createdAt: now },
    ]);
    this.changes.push(`create ${req.name}`);
    return workflow;
  }

  async updateWorkflow(
    id: string,
    req: UpdateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow> {
    const current = await this.getWorkflow(id);
    if (
      req.baseRevision !== undefined &&
      req.baseRevision !== current.revision
    ) {
      throw new ConflictError(
        `Revision ${current.revision} was saved after ${req.baseRevision}`,
      );
    }
    const given = requestedDefinition(req);
    const definition = given ? this.validDefinition(given) : current.definition;
    const now = new Date().toISOString();
    const updated: BerthWorkflow = {
      ...current,
      lastRun: undefined,
      enabled: req.enabled ?? current.enabled,
      revision: current.revision + 1,
      definition,
      title: definition.title ?? current.name,
      targets: this.targetsOf(current.projectRef, definition),
      updatedBy: actor,
      updatedAt: now,
    };
    await this.save(updated);
    this.revisions.get(id)!.unshift({
      revision: updated.revision,
      definition,
      createdBy: actor,
      createdAt: now,
    });
    this.changes.push(`update ${current.name}`);
    return updated;
  }

  async deleteWorkflow(id: string, _actor: string): Promise<void> {
    const workflow = await this.getWorkflow(id);
    this.workflows.delete(id);
    await this.knex('berth_workflows').where({ id }).delete();
    for (const run of [...this.runs.values()]) {
      if (run.workflowId === id) this.runs.delete(run.id);
    }
    await this.knex('berth_workflow_runs').where({ workflow_id: id }).delete();
    this.changes.push(`delete ${workflow.name}`);
  }

  async listRevisions(id: string): Promise<WorkflowRevision[]> {
    await this.getWorkflow(id);
    return this.revisions.get(id) ?? [];
  }

  async startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options: StartRunOptions = {},
  ): Promise<WorkflowRunSummary> {
    const workflow = await this.getWorkflow(workflowId);
    if (
      options.revision !== undefined &&
      options.revision !== workflow.revision
    ) {
      throw new ConflictError(
        `In memory, only the newest revision runs (${workflow.revision}, not ${options.revision})`,
      );
    }
    const resolved: Record<string, WorkflowParamValue> = {};
    for (const param of workflow.definition.params ?? []) {
      const value = params[param.name] ?? param.default;
      if (value === undefined && param.required) {
        throw new InputError(`params.${param.name}: required`);
      }
      if (value !== undefined) resolved[param.name] = value;
    }
    for (const name of Object.keys(params)) {
      if (!(workflow.definition.params ?? []).some(p => p.name === name)) {
        throw new InputError(`params.${name}: not a param of the workflow`);
      }
    }
    const sequence =
      [...this.runs.values()].filter(r => r.workflowId === workflowId).length +
      1;
    const id = randomUUID();
    const run: WorkflowRun = {
      id,
      workflowId,
      workflowName: workflow.name,
      projectRef: workflow.projectRef,
      sequence,
      revision: workflow.revision,
      status: 'queued',
      params: resolved,
      trigger,
      createdBy: trigger.actor,
      createdAt: new Date().toISOString(),
      concurrencyGroup: workflowId,
      stages: workflow.definition.stages.map(stage => ({
        name: stage.name,
        manual: stage.manual ?? false,
        status: 'pending',
        jobs: stage.jobs.map(job => ({
          id: randomUUID(),
          runId: id,
          stage: stage.name,
          job: job.name,
          type: job.type,
          attempt: 1,
          status: 'pending',
          spec: job.spec,
          outputs: {},
        })),
      })),
    };
    this.runs.set(id, run);
    if (options.triggerRevisions) {
      this.triggerRevisions.set(id, options.triggerRevisions);
    }
    await this.knex('berth_workflow_runs').insert({
      id,
      workflow_id: workflowId,
      project_ref: workflow.projectRef,
      created_by: trigger.actor,
      seq: this.runs.size,
    });
    this.changes.push(`start ${workflow.name}`);
    return summary(run);
  }

  async listRuns(q: WorkflowRunQuery): Promise<WorkflowRunSummary[]> {
    const query = this.knex('berth_workflow_runs')
      .leftJoin(
        'berth_workflows',
        'berth_workflows.id',
        'berth_workflow_runs.workflow_id',
      )
      .select('berth_workflow_runs.id')
      .orderBy('berth_workflow_runs.seq', 'desc');
    if (q.workflowId)
      query.where('berth_workflow_runs.workflow_id', q.workflowId);
    if (q.projectRef)
      query.where('berth_workflow_runs.project_ref', q.projectRef);
    if (q.where) query.where(q.where);
    const ids = (await query).map((r: { id: string }) => r.id);
    return ids
      .map(id => this.runs.get(id)!)
      .filter(r => !q.status || q.status.includes(r.status))
      .filter(
        r =>
          !q.environmentId ||
          this.workflows
            .get(r.workflowId)
            ?.targets.environments.includes(q.environmentId),
      )
      .slice(0, q.limit ?? 50)
      .map(summary);
  }

  async getRun(runId: string): Promise<WorkflowRun> {
    const run = this.runs.get(runId);
    if (!run) throw new NotFoundError(`No workflow run with id '${runId}'`);
    return run;
  }

  async cancelRun(runId: string, actor: string) {
    const run = await this.getRun(runId);
    if (isTerminalWorkflowRunStatus(run.status)) {
      throw new ConflictError(`Run ${runId} has finished`);
    }
    run.status = 'cancelled';
    run.cancelRequestedBy = actor;
    this.changes.push(`cancel ${runId}`);
    return summary(run);
  }

  async retryFailed(
    runId: string,
    _actor: string,
    options: RunAgainOptions = {},
  ) {
    const run = await this.getRun(runId);
    if (run.status !== 'failed') {
      throw new ConflictError(`Run ${runId} has not failed`);
    }
    run.status = 'queued';
    if (options.triggerRevisions) {
      this.triggerRevisions.set(runId, options.triggerRevisions);
    }
    this.changes.push(`retry ${runId}`);
    return summary(run);
  }

  async rerun(runId: string, actor: string, options: RunAgainOptions = {}) {
    const run = await this.getRun(runId);
    this.changes.push(`rerun ${runId}`);
    return this.startRun(
      run.workflowId,
      run.params,
      { type: 'rerun', actor, runId },
      options,
    );
  }

  async triggerRevisionsOf(runId: string) {
    await this.getRun(runId);
    return this.triggerRevisions.get(runId);
  }

  async continueStage(runId: string, stage: string, _actor: string) {
    const run = await this.getRun(runId);
    const found = run.stages.find(s => s.name === stage);
    if (!found) throw new NotFoundError(`Run ${runId} has no stage '${stage}'`);
    if (!found.manual || found.status !== 'waiting') {
      throw new ConflictError(`Stage '${stage}' does not wait`);
    }
    found.status = 'running';
    run.status = 'running';
    this.changes.push(`continue ${runId} ${stage}`);
    return summary(run);
  }

  async listApprovals(q: {
    status?: WorkflowApproval['status'][];
    approverRefs?: string[];
    runId?: string;
  }): Promise<WorkflowApprovalWithRun[]> {
    return [...this.approvals.values()]
      .filter(a => !q.status || q.status.includes(a.status))
      .filter(a => !q.runId || a.runId === q.runId)
      .filter(
        a =>
          !q.approverRefs ||
          a.approvers.some(ref => q.approverRefs!.includes(ref)),
      )
      .map(a => ({ ...a, run: summary(this.runs.get(a.runId)!) }));
  }

  async getApproval(id: string): Promise<WorkflowApprovalWithRun> {
    const approval = this.approvals.get(id);
    if (!approval) throw new NotFoundError(`No approval with id '${id}'`);
    return { ...approval, run: summary(this.runs.get(approval.runId)!) };
  }

  async decideApproval(
    id: string,
    req: WorkflowApprovalDecisionRequest,
    actor: WorkflowActor,
  ): Promise<WorkflowApproval> {
    const approval = this.approvals.get(id);
    if (!approval) throw new NotFoundError(`No approval with id '${id}'`);
    const run = this.runs.get(approval.runId)!;
    if (!approval.approvers.some(ref => actor.ownershipRefs.includes(ref))) {
      throw new NotAllowedError(`${actor.userRef} is not an approver`);
    }
    if (!approval.allowSelfApproval && run.createdBy === actor.userRef) {
      throw new NotAllowedError('The run creator may not approve it');
    }
    if (approval.status !== 'waiting') {
      throw new ConflictError(`Approval is ${approval.status}`);
    }
    if (approval.decisions.some(d => d.by === actor.userRef)) {
      throw new ConflictError(`${actor.userRef} has decided already`);
    }
    approval.decisions.push({
      by: actor.userRef,
      decision: req.decision,
      comment: req.comment,
      at: new Date().toISOString(),
    });
    if (req.decision === 'reject') approval.status = 'rejected';
    else if (
      approval.decisions.filter(d => d.decision === 'approve').length >=
      approval.needed
    ) {
      approval.status = 'approved';
    }
    this.changes.push(`${req.decision} ${id}`);
    return approval;
  }

  async jobRunOf(runId: string, jobRunId: string): Promise<WorkflowJobRun> {
    const run = await this.getRun(runId);
    const job = run.stages.flatMap(s => s.jobs).find(j => j.id === jobRunId);
    if (!job) {
      throw new NotFoundError(`Run ${runId} has no job run '${jobRunId}'`);
    }
    return job;
  }

  /** Test helper: sets a run's status (and its first job's, when given). */
  setStatus(
    runId: string,
    status: WorkflowRunStatus,
    jobStatus?: WorkflowJobRun['status'],
  ) {
    const run = this.runs.get(runId)!;
    run.status = status;
    if (jobStatus) run.stages[0].jobs[0].status = jobStatus;
  }

  /** Test helper: the run waits for an approval of its first job. */
  askApproval(
    runId: string,
    options: { approvers: string[]; allowSelfApproval?: boolean },
  ): WorkflowApproval {
    const run = this.runs.get(runId)!;
    const approval: WorkflowApproval = {
      id: randomUUID(),
      runId,
      jobRunId: run.stages[0].jobs[0].id,
      approvers: options.approvers,
      needed: 1,
      allowSelfApproval: options.allowSelfApproval ?? false,
      decisions: [],
      status: 'waiting',
    };
    run.status = 'waiting';
    this.approvals.set(approval.id, approval);
    return approval;
  }

  private lastRun(workflowId: string): WorkflowRunSummary | undefined {
    const runs = [...this.runs.values()].filter(
      r => r.workflowId === workflowId,
    );
    return runs.length ? summary(runs[runs.length - 1]) : undefined;
  }

  private validDefinition(
    definition: WorkflowDefinition | undefined,
  ): WorkflowDefinition {
    if (!definition) throw new InputError('definition: required');
    if (!Array.isArray(definition.stages) || definition.stages.length === 0) {
      throw new InputError('definition.stages: at least one stage');
    }
    return definition;
  }

  private targetsOf(projectRef: string, definition: WorkflowDefinition) {
    const environments = allTargets(
      deployTargetsOf(
        definition,
        this.environments.filter(e => e.projectRef === projectRef),
      ),
    );
    return {
      tiers: [...new Set(environments.map(e => e.tier))],
      clusters: [...new Set(environments.map(e => e.cluster))],
      environments: environments.map(e => e.id),
    };
  }

  private async save(workflow: BerthWorkflow) {
    const row = {
      id: workflow.id,
      project_ref: workflow.projectRef,
      target_tiers: JSON.stringify(workflow.targets.tiers),
      target_clusters: JSON.stringify(workflow.targets.clusters),
      created_by: workflow.createdBy,
    };
    await this.knex('berth_workflows').insert(row).onConflict('id').merge();
    const { lastRun: _, ...stored } = workflow;
    this.workflows.set(workflow.id, stored);
  }
}

function summary(run: WorkflowRun): WorkflowRunSummary {
  const { stages: _s, cancelRequestedBy: _c, ...rest } = run;
  return { ...rest };
}
