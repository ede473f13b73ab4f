import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
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
import { BerthJobType } from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { decideApproval, WorkflowActor } from './approvals/decideApproval';
import {
  computeTargets,
  parseDefinition,
  resolveRunParams,
  ResolveEnvironment,
  validateDefinition,
} from './definitions';
import { AuditMeta, auditWorkflowAction } from './engine/auditWorkflowAction';
import { WorkflowStores } from './engine/engineDeps';
import { WorkflowEngine } from './engine/WorkflowEngine';
import { JobLogs } from './logs';
import {
  StoredWorkflow,
  TABLES,
  toPublicJobRun,
  toSummary,
  TriggerRevisions,
} from './store';

export type { WorkflowActor } from './approvals/decideApproval';

export interface WorkflowListQuery {
  projectRef?: string;
  /** A permission filter over the unaliased `berth_workflows` table. */
  where?: (qb: Knex.QueryBuilder) => void;
}

export interface WorkflowRunQuery {
  workflowId?: string;
  projectRef?: string;
  status?: WorkflowRunStatus[];
  /** Runs of workflows that deploy to this environment. */
  environmentId?: string;
  limit?: number;
  /** A permission filter over `berth_workflow_runs` left-joined with `berth_workflows` (both unaliased). */
  where?: (qb: Knex.QueryBuilder) => void;
}

export type ApprovalWithRun = WorkflowApproval & { run: WorkflowRunSummary };

export interface WorkflowService {
  listWorkflows(q: WorkflowListQuery): Promise<BerthWorkflow[]>;
  getWorkflow(id: string): Promise<BerthWorkflow>;
  getWorkflowByName(projectRef: string, name: string): Promise<BerthWorkflow>;
  createWorkflow(
    projectRef: string,
    req: CreateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow>;
  updateWorkflow(
    id: string,
    req: UpdateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow>;
  deleteWorkflow(id: string, actor: string): Promise<void>;
  listRevisions(id: string): Promise<WorkflowRevision[]>;
  startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options?: StartRunOptions,
  ): Promise<WorkflowRunSummary>;
  listRuns(q: WorkflowRunQuery): Promise<WorkflowRunSummary[]>;
  getRun(runId: string): Promise<WorkflowRun>;
  cancelRun(runId: string, actor: string): Promise<WorkflowRunSummary>;
  retryFailed(
    runId: string,
    actor: string,
    options?: RunAgainOptions,
  ): Promise<WorkflowRunSummary>;
  rerun(
    runId: string,
    actor: string,
    options?: RunAgainOptions,
  ): Promise<WorkflowRunSummary>;
  /** What a run's `trigger-workflow` jobs may start (undefined: the newest revisions). */
  triggerRevisionsOf(runId: string): Promise<TriggerRevisions | undefined>;
  continueStage(
    runId: string,
    stage: string,
    actor: string,
  ): Promise<WorkflowRunSummary>;
  listApprovals(q: {
    status?: WorkflowApproval['status'][];
    approverRefs?: string[];
    runId?: string;
  }): Promise<ApprovalWithRun[]>;
  getApproval(id: string): Promise<ApprovalWithRun>;
  decideApproval(
    id: string,
    req: WorkflowApprovalDecisionRequest,
    actor: WorkflowActor,
  ): Promise<WorkflowApproval>;
  jobRunOf(runId: string, jobRunId: string): Promise<WorkflowJobRun>;
}

export interface StartRunOptions {
  supersedeKey?: string;
  /** Run this revision of the workflow instead of the newest. */
  revision?: number;
  /** What the run's `trigger-workflow` jobs may start, as checked. */
  triggerRevisions?: TriggerRevisions;
}

export interface RunAgainOptions {
  /** What the run's `trigger-workflow` jobs may start, as checked now. */
  triggerRevisions?: TriggerRevisions;
}

export interface WorkflowServiceDeps {
  stores: WorkflowStores;
  engine: WorkflowEngine;
  /** The same map the engine runs. */
  jobTypes: ReadonlyMap<string, BerthJobType>;
  /** An environment of the project by name or id (for deploy jobs' targets). */
  resolveEnvironment: ResolveEnvironment;
  /** Logs of deleted runs are deleted with them. */
  logs?: JobLogs;
  auditor?: AuditorService;
  logger: LoggerService;
}

const WORKFLOW_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Workflows, runs and approvals over the stores and the engine; no authorization (wf-api adds it). */
export class DefaultWorkflowService implements WorkflowService {
  constructor(private readonly deps: WorkflowServiceDeps) {}

  private get s() {
    return this.deps.stores;
  }

  private audit<T>(
    action: string,
    meta: AuditMeta,
    work: () => Promise<T>,
    describe?: (result: T) => AuditMeta,
  ) {
    return auditWorkflowAction(this.deps, action, meta, work, describe);
  }

  async listWorkflows(q: WorkflowListQuery): Promise<BerthWorkflow[]> {
    const workflows = await this.s.workflows.list(q);
    const last = await this.s.runs.lastRuns(workflows.map(w => w.id));
    return workflows.map(w => {
      const run = last.get(w.id);
      return run ? { ...w, lastRun: toSummary(run) } : w;
    });
  }

  async getWorkflow(id: string): Promise<BerthWorkflow> {
    return this.withLastRun(await this.s.workflows.get(id));
  }

  async getWorkflowByName(
    projectRef: string,
    name: string,
  ): Promise<BerthWorkflow> {
    return this.withLastRun(await this.s.workflows.getByName(projectRef, name));
  }

  private async withLastRun(w: StoredWorkflow): Promise<BerthWorkflow> {
    const run = (await this.s.runs.lastRuns([w.id])).get(w.id);
    return run ? { ...w, lastRun: toSummary(run) } : w;
  }

  /** Parses, validates and computes the targets of a definition given in a request. */
  private async readDefinition(
    projectRef: string,
    req: { definition?: unknown; yaml?: string },
  ): Promise<{
    definition: WorkflowDefinition;
    targets: BerthWorkflow['targets'];
  }> {
    const definition = parseDefinition(req);
    validateDefinition(definition, this.deps.jobTypes);
    const targets = await computeTargets(
      definition,
      projectRef,
      this.deps.resolveEnvironment,
    );
    return { definition, targets };
  }

  async createWorkflow(
    projectRef: string,
    req: CreateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow> {
    return this.audit(
      'create',
      { actor, projectRef, name: req?.name },
      async () => {
        if (
          typeof req?.name !== 'string' ||
          req.name.length > 63 ||
          !WORKFLOW_NAME.test(req.name)
        ) {
          throw new InputError(
            'name: a workflow name is a DNS label (lowercase letters, digits and -, at most 63 characters)',
          );
        }
        if (req.enabled !== undefined && typeof req.enabled !== 'boolean') {
          throw new InputError('enabled must be true or false');
        }
        const { definition, targets } = await this.readDefinition(
          projectRef,
          req,
        );
        return this.s.workflows.create({
          projectRef,
          name: req.name,
          title: definition.title ?? req.name,
          enabled: req.enabled ?? true,
          definition,
          targets,
          actor,
        });
      },
      w => ({ workflowId: w.id, revision: w.revision }),
    );
  }

  async updateWorkflow(
    id: string,
    req: UpdateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow> {
    return this.audit(
      'update',
      { actor, workflowId: id },
      async () => {
        const current = await this.s.workflows.get(id);
        if (req?.enabled !== undefined && typeof req.enabled !== 'boolean') {
          throw new InputError('enabled must be true or false');
        }
        if (
          req?.baseRevision !== undefined &&
          (!Number.isInteger(req.baseRevision) || req.baseRevision < 1)
        ) {
          throw new InputError('baseRevision must be a revision number');
        }
        const changesDefinition =
          req?.definition !== undefined || req?.yaml !== undefined;
        if (!changesDefinition && req?.enabled === undefined) {
          throw new InputError(
            'Give a definition (or yaml) or enabled to change',
          );
        }
        const read = changesDefinition
          ? await this.readDefinition(current.projectRef, req)
          : undefined;
        return this.withLastRun(
          await this.s.workflows.update(id, {
            ...(read && {
              definition: read.definition,
              targets: read.targets,
              title: read.definition.title ?? current.name,
            }),
            enabled: req.enabled,
            baseRevision: req.baseRevision,
            actor,
          }),
        );
      },
      w => ({ revision: w.revision, enabled: w.enabled }),
    );
  }

  async deleteWorkflow(id: string, actor: string): Promise<void> {
    await this.audit('delete', { actor, workflowId: id }, async () => {
      // The workflow goes first: a run that ends from now on finds it gone
      // and deletes itself; the runs that ended already are deleted here.
      await this.s.workflows.delete(id);
      for (const run of await this.s.runs.unfinished({ workflowId: id })) {
        await this.deps.engine
          .cancel(
            run.id,
            actor,
            `Cancelled: the workflow was deleted by ${actor}`,
          )
          .catch(error => {
            if (!(error instanceof ConflictError)) throw error;
          });
      }
      const finished = await this.s.runs.finishedIds(id);
      await this.deps.logs?.deleteRuns(finished);
      await this.s.runs.deleteRuns(finished);
    });
  }

  async listRevisions(id: string): Promise<WorkflowRevision[]> {
    return this.s.workflows.revisions(id);
  }

  async startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options: StartRunOptions = {},
  ): Promise<WorkflowRunSummary> {
    return this.audit(
      'run',
      { actor: trigger?.actor, workflowId, trigger: trigger?.type },
      async () => {
        const { revision, ...enqueueOptions } = options;
        const workflow = await this.workflowAt(workflowId, revision);
        if (!workflow.enabled) {
          throw new ConflictError(`Workflow '${workflow.name}' is disabled`);
        }
        const resolved = resolveRunParams(workflow.definition, params);
        const run = await this.deps.engine.enqueue(
          workflow,
          resolved,
          trigger,
          enqueueOptions,
        );
        return toSummary(run);
      },
      run => ({ runId: run.id, sequence: run.sequence }),
    );
  }

  async listRuns(q: WorkflowRunQuery): Promise<WorkflowRunSummary[]> {
    const { environmentId, where, ...rest } = q;
    const runs = await this.s.runs.list({
      ...rest,
      where: qb => {
        if (environmentId) {
          qb.where(
            `${TABLES.workflows}.target_environments`,
            'like',
            `%${JSON.stringify(environmentId)}%`,
          );
        }
        if (where) qb.where(where);
      },
    });
    return runs.map(toSummary);
  }

  async getRun(runId: string): Promise<WorkflowRun> {
    return this.deps.engine.describe(runId);
  }

  async cancelRun(runId: string, actor: string): Promise<WorkflowRunSummary> {
    return this.audit('cancel', { actor, runId }, async () =>
      toSummary(await this.deps.engine.cancel(runId, actor)),
    );
  }

  async retryFailed(
    runId: string,
    actor: string,
    options: RunAgainOptions = {},
  ): Promise<WorkflowRunSummary> {
    return this.audit('retry', { actor, runId }, async () =>
      toSummary(
        await this.deps.engine.retryFailed(runId, options.triggerRevisions),
      ),
    );
  }

  async triggerRevisionsOf(
    runId: string,
  ): Promise<TriggerRevisions | undefined> {
    return (await this.s.runs.get(runId)).triggerRevisions;
  }

  /** The workflow, with `revision`'s definition when given (NotFoundError when it has none). */
  private async workflowAt(
    workflowId: string,
    revision: number | undefined,
  ): Promise<StoredWorkflow> {
    const workflow = await this.s.workflows.get(workflowId);
    if (revision === undefined || revision === workflow.revision) {
      return workflow;
    }
    const old = await this.s.workflows.revision(workflowId, revision);
    return { ...workflow, revision, definition: old.definition };
  }

  async rerun(
    runId: string,
    actor: string,
    options: RunAgainOptions = {},
  ): Promise<WorkflowRunSummary> {
    return this.audit(
      'rerun',
      { actor, runId },
      async () => {
        const previous = await this.s.runs.get(runId);
        const workflow = await this.s.workflows.get(previous.workflowId);
        const params = resolveRunParams(workflow.definition, previous.params);
        return toSummary(
          await this.deps.engine.enqueue(
            workflow,
            params,
            { type: 'rerun', actor, runId },
            options,
          ),
        );
      },
      run => ({ newRunId: run.id }),
    );
  }

  async continueStage(
    runId: string,
    stage: string,
    actor: string,
  ): Promise<WorkflowRunSummary> {
    return this.audit('continue', { actor, runId, stage }, async () => {
      const run = await this.s.runs.get(runId);
      const revision = await this.s.workflows
        .revision(run.workflowId, run.revision)
        .catch(() => undefined);
      if (!revision?.definition.stages.some(s => s.name === stage)) {
        throw new NotFoundError(`Run #${run.sequence} has no stage '${stage}'`);
      }
      return toSummary(await this.deps.engine.continueStage(runId, stage));
    });
  }

  async listApprovals(q: {
    status?: WorkflowApproval['status'][];
    approverRefs?: string[];
    runId?: string;
  }): Promise<ApprovalWithRun[]> {
    const approvals = await this.s.approvals.list(q);
    const ids = [...new Set(approvals.map(a => a.runId))];
    const runs = new Map(
      (ids.length ? await this.s.runs.list({ ids, limit: 500 }) : []).map(r => [
        r.id,
        r,
      ]),
    );
    return approvals.flatMap(a => {
      const run = runs.get(a.runId);
      return run ? [{ ...a, run: toSummary(run) }] : [];
    });
  }

  async getApproval(id: string): Promise<ApprovalWithRun> {
    const approval = await this.s.approvals.get(id);
    return {
      ...approval,
      run: toSummary(await this.s.runs.get(approval.runId)),
    };
  }

  async decideApproval(
    id: string,
    req: WorkflowApprovalDecisionRequest,
    actor: WorkflowActor,
  ): Promise<WorkflowApproval> {
    return this.audit(
      'approve',
      { actor: actor.userRef, approvalId: id, decision: req?.decision },
      () => decideApproval(this.s, id, req, actor),
      a => ({ status: a.status }),
    );
  }

  async jobRunOf(runId: string, jobRunId: string): Promise<WorkflowJobRun> {
    const job = await this.s.jobRuns.get(jobRunId).catch(() => undefined);
    if (!job || job.runId !== runId) {
      throw new NotFoundError(`Run '${runId}' has no job run '${jobRunId}'`);
    }
    const approval = await this.s.approvals.byJobRun(jobRunId);
    return { ...toPublicJobRun(job), ...(approval && { approval }) };
  }
}

/** Whether a run has ended (for callers that poll). */
export function isRunFinished(run: WorkflowRunSummary): boolean {
  return isTerminalWorkflowRunStatus(run.status);
}
