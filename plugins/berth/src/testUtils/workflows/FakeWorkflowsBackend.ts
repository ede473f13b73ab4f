import {
  BERTH_WORKFLOW_SIGNAL_CHANNEL,
  BerthWorkflow,
  CreateWorkflowRequest,
  isTerminalWorkflowRunStatus,
  ProjectRef,
  StartWorkflowRunRequest,
  UpdateWorkflowRequest,
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
  WorkflowDefinition,
  WorkflowJobRun,
  WorkflowLogChunk,
  WorkflowRevision,
  WorkflowRun,
  WorkflowRunSignal,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowTriggerDelivery,
} from '@berth/plugin-berth-common';
import { parse } from 'yaml';
import type {
  RunsQuery,
  WorkflowApprovalsQuery,
  WorkflowApprovalWithRun,
  WorkflowRunsQuery,
  WorkflowsApi,
} from '../../components/workflows/api';
import { httpError } from '../fakeHost';
import { FakeSignalApi } from '../signals/fakeSignalApi';
import { definitionProblem } from './definitionProblem';

/** What the fake backend holds of workflows. */
export interface FakeWorkflowsData {
  workflows: BerthWorkflow[];
  /** Revisions by workflow id (the newest is added on create and update). */
  revisions: Record<string, WorkflowRevision[]>;
  deliveries: WorkflowTriggerDelivery[];
  runs: WorkflowRun[];
  /** Log chunks by job run id. */
  logs: Record<string, WorkflowLogChunk[]>;
}

export interface FakeWorkflowsOptions {
  signals?: FakeSignalApi;
  actor?: () => string;
  now?: () => string;
  /** Fails every call with this error. */
  error?: Error;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function refString(ref: ProjectRef): string {
  return `system:${ref.namespace}/${ref.name}`.toLowerCase();
}

function summaryOf(run: WorkflowRun): WorkflowRunSummary {
  const {
    stages: _stages,
    cancelRequestedBy: _cancel,
    ...summary
  } = clone(run);
  return summary;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The workflow routes of an in-memory Berth backend: it validates what the
 * backend validates (names, definitions, params, run states), answers 4xx
 * ResponseErrors with the server's message and publishes run signals.
 */
/** The fake has no authenticated log stream: the portal falls back to EventSource or polling. */
export type FakeWorkflowsApi = Omit<WorkflowsApi, 'openWorkflowJobLogStream'>;

export class FakeWorkflowsBackend implements FakeWorkflowsApi {
  readonly data: FakeWorkflowsData;
  /** Every call, as `[method, ...args]`, for tests that check what was asked. */
  readonly calls: Array<[string, ...unknown[]]> = [];
  private readonly options: FakeWorkflowsOptions;
  private ids = 0;
  private clock = Date.parse('2026-02-01T10:00:00Z');

  constructor(
    data: Partial<FakeWorkflowsData>,
    options: FakeWorkflowsOptions = {},
  ) {
    this.data = clone({
      workflows: [],
      revisions: {},
      deliveries: [],
      runs: [],
      logs: {},
      ...data,
    });
    this.options = options;
  }

  async listWorkflows(project: ProjectRef): Promise<BerthWorkflow[]> {
    this.call('listWorkflows', project);
    const ref = refString(project);
    return this.data.workflows
      .filter(w => w.projectRef.toLowerCase() === ref)
      .map(w => this.withLastRun(w));
  }

  async getWorkflow(id: string): Promise<BerthWorkflow> {
    this.call('getWorkflow', id);
    return this.withLastRun(await this.workflow(id));
  }

  async createWorkflow(
    project: ProjectRef,
    req: CreateWorkflowRequest,
  ): Promise<BerthWorkflow> {
    this.call('createWorkflow', project, req);
    const projectRef = refString(project);
    if (!DNS_LABEL.test(req.name ?? '')) {
      throw await httpError(
        400,
        'InputError',
        `name: "${req.name}" is not a DNS label`,
      );
    }
    if (
      this.data.workflows.some(
        w => w.projectRef === projectRef && w.name === req.name,
      )
    ) {
      throw await httpError(
        409,
        'ConflictError',
        `Workflow ${req.name} already exists`,
      );
    }
    const definition = await this.definitionOf(req);
    const now = this.now();
    const workflow: BerthWorkflow = {
      id: `wf-${++this.ids}`,
      projectRef,
      name: req.name,
      title: definition.title ?? req.name,
      enabled: req.enabled ?? true,
      revision: 1,
      definition,
      targets: { tiers: [], clusters: [], environments: [] },
      createdBy: this.actor(),
      updatedBy: this.actor(),
      createdAt: now,
      updatedAt: now,
    };
    this.data.workflows.push(workflow);
    this.data.revisions[workflow.id] = [
      { revision: 1, definition, createdBy: this.actor(), createdAt: now },
    ];
    return clone(workflow);
  }

  async updateWorkflow(
    id: string,
    req: UpdateWorkflowRequest,
  ): Promise<BerthWorkflow> {
    this.call('updateWorkflow', id, req);
    const workflow = await this.workflow(id);
    if (
      req.baseRevision !== undefined &&
      req.baseRevision !== workflow.revision
    ) {
      throw await httpError(
        409,
        'ConflictError',
        `Workflow ${workflow.name} is at revision ${workflow.revision}, not ${req.baseRevision}`,
      );
    }
    if (req.definition || req.yaml) {
      const definition = await this.definitionOf(req);
      workflow.revision += 1;
      workflow.definition = definition;
      workflow.title = definition.title ?? workflow.name;
      (this.data.revisions[id] ??= []).push({
        revision: workflow.revision,
        definition,
        createdBy: this.actor(),
        createdAt: this.now(),
      });
    }
    if (req.enabled !== undefined) workflow.enabled = req.enabled;
    workflow.updatedBy = this.actor();
    workflow.updatedAt = this.now();
    return this.withLastRun(workflow);
  }

  async deleteWorkflow(id: string): Promise<void> {
    this.call('deleteWorkflow', id);
    await this.workflow(id);
    this.data.workflows = this.data.workflows.filter(w => w.id !== id);
  }

  async listWorkflowRevisions(id: string): Promise<WorkflowRevision[]> {
    this.call('listWorkflowRevisions', id);
    await this.workflow(id);
    return clone([...(this.data.revisions[id] ?? [])].reverse());
  }

  async listWorkflowDeliveries(
    id: string,
    _options?: { limit?: number },
  ): Promise<WorkflowTriggerDelivery[]> {
    this.call('listWorkflowDeliveries', id);
    await this.workflow(id);
    return clone(this.data.deliveries.filter(d => d.workflowId === id));
  }

  async startWorkflowRun(
    id: string,
    req: StartWorkflowRunRequest = {},
  ): Promise<WorkflowRunSummary> {
    this.call('startWorkflowRun', id, req);
    const workflow = await this.workflow(id);
    const params = { ...req.params };
    for (const param of workflow.definition.params ?? []) {
      if (params[param.name] === undefined && param.default !== undefined) {
        params[param.name] = param.default;
      }
      if (param.required && (params[param.name] ?? '') === '') {
        throw await httpError(
          400,
          'InputError',
          `params.${param.name}: is required`,
        );
      }
    }
    const run = this.newRun(workflow, params, {
      type: 'manual',
      actor: this.actor(),
    });
    return summaryOf(run);
  }

  async listWorkflowRuns(
    id: string,
    q: WorkflowRunsQuery = {},
  ): Promise<WorkflowRunSummary[]> {
    this.call('listWorkflowRuns', id, q);
    await this.workflow(id);
    return this.runsWhere(r => r.workflowId === id, q);
  }

  async listRuns(q: RunsQuery = {}): Promise<WorkflowRunSummary[]> {
    this.call('listRuns', q);
    return this.runsWhere(
      r =>
        !q.projectRef ||
        r.projectRef.toLowerCase() === q.projectRef.toLowerCase(),
      q,
    );
  }

  async getWorkflowRun(runId: string): Promise<WorkflowRun> {
    this.call('getWorkflowRun', runId);
    return clone(await this.run(runId));
  }

  async cancelWorkflowRun(runId: string): Promise<WorkflowRunSummary> {
    this.call('cancelWorkflowRun', runId);
    const run = await this.run(runId);
    if (isTerminalWorkflowRunStatus(run.status)) {
      throw await httpError(
        409,
        'ConflictError',
        `Run ${run.sequence} has already finished`,
      );
    }
    run.cancelRequestedBy = this.actor();
    this.setStatus(run, 'cancelling');
    return summaryOf(run);
  }

  async retryWorkflowRun(runId: string): Promise<WorkflowRunSummary> {
    this.call('retryWorkflowRun', runId);
    const run = await this.run(runId);
    if (run.status !== 'failed') {
      throw await httpError(
        409,
        'ConflictError',
        `Run ${run.sequence} has not failed`,
      );
    }
    for (const job of run.stages.flatMap(s => s.jobs)) {
      if (job.status === 'failed' || job.status === 'timedOut') {
        job.status = 'queued';
        job.attempt += 1;
      }
    }
    this.setStatus(run, 'queued');
    return summaryOf(run);
  }

  async rerunWorkflowRun(runId: string): Promise<WorkflowRunSummary> {
    this.call('rerunWorkflowRun', runId);
    const old = await this.run(runId);
    const workflow = await this.workflow(old.workflowId);
    return summaryOf(
      this.newRun(workflow, old.params, {
        type: 'rerun',
        actor: this.actor(),
        runId,
      }),
    );
  }

  async continueWorkflowStage(
    runId: string,
    stage: string,
  ): Promise<WorkflowRunSummary> {
    this.call('continueWorkflowStage', runId, stage);
    const run = await this.run(runId);
    const found = run.stages.find(s => s.name === stage);
    if (!found) {
      throw await httpError(
        404,
        'NotFoundError',
        `Run ${run.sequence} has no stage ${stage}`,
      );
    }
    if (!found.manual || found.status !== 'waiting') {
      throw await httpError(
        409,
        'ConflictError',
        `Stage ${stage} is not waiting`,
      );
    }
    found.status = 'running';
    this.setStatus(run, 'running');
    return summaryOf(run);
  }

  async getJobLogs(
    runId: string,
    jobRunId: string,
    after?: number,
  ): Promise<WorkflowLogChunk[]> {
    this.call('getJobLogs', runId, jobRunId, after);
    await this.job(runId, jobRunId);
    return clone(
      (this.data.logs[jobRunId] ?? []).filter(
        c => after === undefined || c.sequence > after,
      ),
    );
  }

  async streamJobLogsUrl(runId: string, jobRunId: string): Promise<string> {
    this.call('streamJobLogsUrl', runId, jobRunId);
    return `http://localhost:7007/api/berth/workflow-runs/${runId}/jobs/${jobRunId}/logs/stream`;
  }

  async listWorkflowApprovals(
    q: WorkflowApprovalsQuery = {},
  ): Promise<WorkflowApprovalWithRun[]> {
    this.call('listWorkflowApprovals', q);
    return this.data.runs.flatMap(run =>
      run.stages
        .flatMap(s => s.jobs)
        .filter(j => j.approval)
        .map(j => j.approval!)
        .filter(a => !q.status || q.status.includes(a.status))
        .filter(a => !q.mine || a.approvers.includes(this.actor()))
        .map(a => ({ ...clone(a), run: summaryOf(run) })),
    );
  }

  async decideWorkflowApproval(
    id: string,
    req: WorkflowApprovalDecisionRequest,
  ): Promise<WorkflowApproval> {
    this.call('decideWorkflowApproval', id, req);
    this.check();
    const found = this.data.runs.flatMap(run =>
      run.stages
        .flatMap(s => s.jobs)
        .filter(j => j.approval?.id === id)
        .map(job => ({ run, job })),
    )[0];
    if (!found) {
      throw await httpError(404, 'NotFoundError', `No approval ${id}`);
    }
    const approval = found.job.approval!;
    if (!approval.approvers.includes(this.actor())) {
      throw await httpError(
        403,
        'NotAllowedError',
        `${this.actor()} is not an approver`,
      );
    }
    if (approval.status !== 'waiting') {
      throw await httpError(
        409,
        'ConflictError',
        `Approval is ${approval.status}`,
      );
    }
    approval.decisions.push({
      by: this.actor(),
      decision: req.decision,
      comment: req.comment,
      at: this.now(),
    });
    const approvals = approval.decisions.filter(d => d.decision === 'approve');
    if (req.decision === 'reject') {
      approval.status = 'rejected';
      found.job.status = 'failed';
      this.setStatus(found.run, 'failed');
    } else if (approvals.length >= approval.needed) {
      approval.status = 'approved';
      found.job.status = 'succeeded';
      this.setStatus(found.run, 'running');
    }
    return clone(approval);
  }

  /** Changes a run's status as the engine would, with its signal. */
  setRunStatus(runId: string, status: WorkflowRunStatus): void {
    const run = this.data.runs.find(r => r.id === runId)!;
    this.setStatus(run, status);
  }

  /** Changes a job run as the engine would, with its signal. */
  updateJob(runId: string, jobRunId: string, change: Partial<WorkflowJobRun>) {
    const run = this.data.runs.find(r => r.id === runId)!;
    const job = run.stages.flatMap(s => s.jobs).find(j => j.id === jobRunId)!;
    Object.assign(job, change);
    this.signal(run, job);
  }

  /** Appends a log chunk to a job run. */
  appendLog(jobRunId: string, text: string): WorkflowLogChunk {
    const chunks = (this.data.logs[jobRunId] ??= []);
    const chunk: WorkflowLogChunk = {
      sequence: chunks.length + 1,
      jobRunId,
      attempt: 1,
      at: this.now(),
      text,
    };
    chunks.push(chunk);
    return chunk;
  }

  private newRun(
    workflow: BerthWorkflow,
    params: WorkflowRun['params'],
    trigger: WorkflowRun['trigger'],
  ): WorkflowRun {
    const sequence =
      Math.max(
        0,
        ...this.data.runs
          .filter(r => r.workflowId === workflow.id)
          .map(r => r.sequence),
      ) + 1;
    const id = `run-${++this.ids}`;
    const run: WorkflowRun = {
      id,
      workflowId: workflow.id,
      workflowName: workflow.name,
      projectRef: workflow.projectRef,
      sequence,
      revision: workflow.revision,
      status: 'queued',
      params: clone(params),
      trigger,
      createdBy: this.actor(),
      createdAt: this.now(),
      concurrencyGroup: workflow.name,
      stages: workflow.definition.stages.map(stage => ({
        name: stage.name,
        manual: Boolean(stage.manual),
        status: 'pending',
        jobs: stage.jobs.map(job => ({
          id: `${id}-${job.name}`,
          runId: id,
          stage: stage.name,
          job: job.name,
          type: job.type,
          attempt: 1,
          status: 'pending',
          spec: clone(job.spec),
          outputs: {},
        })),
      })),
    };
    this.data.runs.unshift(run);
    this.signal(run);
    return run;
  }

  private runsWhere(
    match: (run: WorkflowRun) => boolean,
    q: WorkflowRunsQuery,
  ): WorkflowRunSummary[] {
    return this.data.runs
      .filter(match)
      .filter(r => !q.status?.length || q.status.includes(r.status))
      .slice(0, q.limit ?? 100)
      .map(summaryOf);
  }

  private setStatus(run: WorkflowRun, status: WorkflowRunStatus) {
    run.status = status;
    if (isTerminalWorkflowRunStatus(status)) run.finishedAt = this.now();
    this.signal(run);
  }

  private signal(run: WorkflowRun, job?: WorkflowJobRun) {
    const signal: WorkflowRunSignal = {
      runId: run.id,
      workflowId: run.workflowId,
      projectRef: run.projectRef,
      status: run.status,
      ...(job ? { jobRunId: job.id, jobStatus: job.status } : {}),
    };
    this.options.signals?.publish(BERTH_WORKFLOW_SIGNAL_CHANNEL, signal);
  }

  private withLastRun(workflow: BerthWorkflow): BerthWorkflow {
    const last = this.data.runs.find(r => r.workflowId === workflow.id);
    return clone({
      ...workflow,
      ...(last ? { lastRun: summaryOf(last) } : {}),
    });
  }

  private async definitionOf(
    req: CreateWorkflowRequest | UpdateWorkflowRequest,
  ): Promise<WorkflowDefinition> {
    let definition: unknown = req.definition;
    if (req.yaml !== undefined) {
      try {
        definition = parse(req.yaml);
      } catch (e) {
        throw await httpError(
          400,
          'InputError',
          `yaml: ${(e as Error).message}`,
        );
      }
    }
    const problem = definitionProblem(definition);
    if (problem) throw await httpError(400, 'InputError', problem);
    return clone(definition as WorkflowDefinition);
  }

  private async workflow(id: string): Promise<BerthWorkflow> {
    this.check();
    const found = this.data.workflows.find(w => w.id === id);
    if (!found)
      throw await httpError(404, 'NotFoundError', `No workflow ${id}`);
    return found;
  }

  private async run(runId: string): Promise<WorkflowRun> {
    this.check();
    const found = this.data.runs.find(r => r.id === runId);
    if (!found) throw await httpError(404, 'NotFoundError', `No run ${runId}`);
    return found;
  }

  private async job(runId: string, jobRunId: string): Promise<WorkflowJobRun> {
    const run = await this.run(runId);
    const job = run.stages.flatMap(s => s.jobs).find(j => j.id === jobRunId);
    if (!job)
      throw await httpError(404, 'NotFoundError', `No job run ${jobRunId}`);
    return job;
  }

  private call(method: string, ...args: unknown[]) {
    this.calls.push([method, ...args]);
    this.check();
  }

  private check() {
    if (this.options.error) throw this.options.error;
  }

  private actor(): string {
    return this.options.actor?.() ?? 'user:default/guest';
  }

  private now(): string {
    if (this.options.now) return this.options.now();
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }
}
