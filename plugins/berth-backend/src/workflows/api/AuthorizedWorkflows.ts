import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  BerthWorkflow,
  berthWorkflowApprovePermission,
  berthWorkflowCreatePermission,
  berthWorkflowDeletePermission,
  berthWorkflowReadPermission,
  berthWorkflowRunPermission,
  berthWorkflowUpdatePermission,
  CreateWorkflowRequest,
  UpdateWorkflowRequest,
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
  WorkflowDefinition,
  WorkflowParamValue,
  WorkflowRun,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import { assertApprovalBeforeTiers } from './requireApprovalForTiers';
import { requestedDefinition } from './requestedDefinition';
import { assertMayDeployTo, deployEnvironmentIds } from './deployPermission';
import { allTargets, deployTargetsOf, DeployJobTargets } from './deployTargets';
import {
  TriggeredWorkflows,
  TriggeredWorkflowsDeps,
} from './TriggeredWorkflows';
import { WorkflowPermission } from './WorkflowAuthorizer';
import { workflowResource } from './workflowResource';
import { TriggerRevisions } from '../store';
import {
  WorkflowActor,
  WorkflowApprovalWithRun,
  WorkflowRunQuery,
  WorkflowService,
} from './WorkflowServiceContract';

/** What TriggeredWorkflows needs, with the whole service and the approval tiers. */
export interface AuthorizedWorkflowsDeps
  extends Omit<TriggeredWorkflowsDeps, 'service' | 'maxDepth'> {
  service: WorkflowService;
  /** `berth.workflows.requireApprovalForTiers`. */
  requireApprovalForTiers: readonly string[];
}

/**
 * The authorization layer in front of the WorkflowService: a workflow, run
 * or approval is handed out or changed only for a caller allowed the
 * `berth.workflow.*` permission on it. Unknown ids are a NotFoundError
 * (404) before any permission check; refusals are NotAllowedErrors (403),
 * audited. Lists are filtered in SQL. Starting (also retrying, rerunning)
 * a run also needs `berth.environment.deploy` on every environment it may
 * deploy to, and what a run of each workflow its `trigger-workflow` jobs
 * may start (transitively) needs (TriggeredWorkflows); saving a definition
 * needs the run permission on each of those. Deciding an approval also
 * needs the caller among its approvers.
 */
export class AuthorizedWorkflows {
  private readonly triggered: TriggeredWorkflows;

  constructor(private readonly deps: AuthorizedWorkflowsDeps) {
    this.triggered = new TriggeredWorkflows(deps);
  }

  /** The workflows the caller may read, of one project (404 when not a project). */
  async list(
    credentials: BackstageCredentials,
    projectRef: string,
  ): Promise<BerthWorkflow[]> {
    await this.deps.projects.get(projectRef);
    const where = await this.deps.authorizer.readFilter(
      credentials,
      'workflows',
    );
    return this.deps.service.listWorkflows({ projectRef, where });
  }

  /** Workflow `id` when the caller may do `permission` on it. */
  async get(
    credentials: BackstageCredentials,
    id: string,
    permission: WorkflowPermission,
  ): Promise<BerthWorkflow> {
    const workflow = await this.deps.service.getWorkflow(id);
    await this.deps.authorizer.authorize(
      credentials,
      permission,
      await workflowResource(this.deps.projects, workflow),
    );
    return workflow;
  }

  async create(
    credentials: BackstageCredentials,
    projectRef: string,
    req: CreateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow> {
    const project = await this.deps.projects.get(projectRef);
    const definition = requestedDefinition(req);
    const planned = await this.planned(projectRef, definition);
    await this.deps.authorizer.authorize(
      credentials,
      berthWorkflowCreatePermission,
      {
        id: '',
        name: req.name,
        projectRef,
        ownerRef: project.ownerRef,
        ...planned.targets,
      },
    );
    if (definition) {
      await this.triggered.assertMaySave(credentials, {
        projectRef,
        name: req.name,
        definition,
      });
    }
    planned.assertApprovals();
    return this.deps.service.createWorkflow(projectRef, req, actor);
  }

  /** A new revision; the caller must be allowed to update it with its targets before and after. */
  async update(
    credentials: BackstageCredentials,
    id: string,
    req: UpdateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow> {
    const workflow = await this.get(
      credentials,
      id,
      berthWorkflowUpdatePermission,
    );
    const definition = requestedDefinition(req);
    if (definition) {
      const planned = await this.planned(workflow.projectRef, definition);
      await this.deps.authorizer.authorize(
        credentials,
        berthWorkflowUpdatePermission,
        {
          ...(await workflowResource(this.deps.projects, workflow)),
          ...planned.targets,
        },
      );
      await this.triggered.assertMaySave(credentials, {
        id: workflow.id,
        projectRef: workflow.projectRef,
        name: workflow.name,
        definition,
      });
      planned.assertApprovals();
    }
    return this.deps.service.updateWorkflow(id, req, actor);
  }

  async delete(
    credentials: BackstageCredentials,
    id: string,
    actor: string,
  ): Promise<void> {
    await this.get(credentials, id, berthWorkflowDeletePermission);
    await this.deps.service.deleteWorkflow(id, actor);
  }

  async revisions(credentials: BackstageCredentials, id: string) {
    await this.get(credentials, id, berthWorkflowReadPermission);
    return this.deps.service.listRevisions(id);
  }

  /** Starts a run as the caller (trigger `manual`). */
  async startRun(
    credentials: BackstageCredentials,
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    actor: string,
  ): Promise<WorkflowRunSummary> {
    const workflow = await this.get(
      credentials,
      workflowId,
      berthWorkflowRunPermission,
    );
    const triggerRevisions = await this.assertMayStart(
      credentials,
      workflow,
      workflow.definition,
      params,
    );
    return this.deps.service.startRun(
      workflow.id,
      params,
      { type: 'manual', actor },
      { revision: workflow.revision, triggerRevisions },
    );
  }

  /** The runs the caller may read (filtered in SQL), newest first. */
  async listRuns(
    credentials: BackstageCredentials,
    query: Omit<WorkflowRunQuery, 'where'>,
  ): Promise<WorkflowRunSummary[]> {
    const where = await this.deps.authorizer.readFilter(credentials, 'runs');
    return this.deps.service.listRuns({ ...query, where });
  }

  /** Run `runId` and its workflow when the caller may do `permission` on the run. */
  async run(
    credentials: BackstageCredentials,
    runId: string,
    permission: WorkflowPermission,
  ): Promise<{ run: WorkflowRun; workflow: BerthWorkflow }> {
    const run = await this.deps.service.getRun(runId);
    const workflow = await this.deps.service.getWorkflow(run.workflowId);
    await this.deps.authorizer.authorize(credentials, permission, {
      ...(await workflowResource(this.deps.projects, workflow, run.createdBy)),
      runId: run.id,
    });
    return { run, workflow };
  }

  /** A job run of a run the caller may read (404 when not of that run). */
  async jobRun(
    credentials: BackstageCredentials,
    runId: string,
    jobRunId: string,
  ) {
    await this.run(credentials, runId, berthWorkflowReadPermission);
    return this.deps.service.jobRunOf(runId, jobRunId);
  }

  async cancel(
    credentials: BackstageCredentials,
    runId: string,
    actor: string,
  ) {
    await this.run(credentials, runId, berthWorkflowRunPermission);
    return this.deps.service.cancelRun(runId, actor);
  }

  async retry(credentials: BackstageCredentials, runId: string, actor: string) {
    const triggerRevisions = await this.assertMayRunAgain(
      credentials,
      runId,
      (workflow, run) => this.definitionOf(workflow, run.revision),
    );
    return this.deps.service.retryFailed(runId, actor, { triggerRevisions });
  }

  async rerun(credentials: BackstageCredentials, runId: string, actor: string) {
    const triggerRevisions = await this.assertMayRunAgain(
      credentials,
      runId,
      async workflow => workflow.definition,
    );
    return this.deps.service.rerun(runId, actor, { triggerRevisions });
  }

  /**
   * What running a run's jobs again needs: the run permission on its
   * workflow, and what starting it with the run's params and the definition
   * `definitionOf` gives needs (a retry runs the run's revision, a rerun the
   * workflow's latest).
   */
  private async assertMayRunAgain(
    credentials: BackstageCredentials,
    runId: string,
    definitionOf: (
      workflow: BerthWorkflow,
      run: WorkflowRun,
    ) => Promise<WorkflowDefinition>,
  ): Promise<TriggerRevisions> {
    const { run, workflow } = await this.run(
      credentials,
      runId,
      berthWorkflowRunPermission,
    );
    return this.assertMayStart(
      credentials,
      workflow,
      await definitionOf(workflow, run),
      run.params,
    );
  }

  async continueStage(
    credentials: BackstageCredentials,
    runId: string,
    stage: string,
    actor: string,
  ) {
    await this.run(credentials, runId, berthWorkflowRunPermission);
    return this.deps.service.continueStage(runId, stage, actor);
  }

  /** Approvals of runs the caller may read. */
  async approvals(
    credentials: BackstageCredentials,
    query: { status?: WorkflowApproval['status'][]; approverRefs?: string[] },
  ): Promise<WorkflowApprovalWithRun[]> {
    const approvals = await this.deps.service.listApprovals(query);
    const workflows = new Map<string, BerthWorkflow | undefined>();
    for (const id of new Set(approvals.map(a => a.run.workflowId))) {
      workflows.set(
        id,
        await this.deps.service.getWorkflow(id).catch(() => undefined),
      );
    }
    const known = approvals.filter(a => workflows.get(a.run.workflowId));
    const resources = await Promise.all(
      known.map(a =>
        workflowResource(
          this.deps.projects,
          workflows.get(a.run.workflowId)!,
          a.run.createdBy,
        ),
      ),
    );
    const allowed = await this.deps.authorizer.allowed(
      credentials,
      berthWorkflowReadPermission,
      resources,
    );
    return known.filter((_, i) => allowed[i]);
  }

  /** Approves or rejects as `actor`: `berth.workflow.approve`, then the service's approver check (both audited). */
  async decide(
    credentials: BackstageCredentials,
    approvalId: string,
    req: WorkflowApprovalDecisionRequest,
    actor: WorkflowActor,
  ): Promise<WorkflowApproval> {
    const approval = await this.deps.service.getApproval(approvalId);
    await this.run(credentials, approval.runId, berthWorkflowApprovePermission);
    try {
      return await this.deps.service.decideApproval(approvalId, req, actor);
    } catch (error) {
      if ((error as Error).name !== NotAllowedError.name) throw error;
      return this.deps.authorizer.refuse(
        credentials,
        berthWorkflowApprovePermission,
        error as Error,
        { approval: approvalId, run: approval.runId },
      );
    }
  }

  /**
   * Throws unless the caller may deploy to every environment a run of
   * `workflow` (its `definition`) with `params` deploys to: its deploy
   * jobs' environments with the params resolved (every environment of the
   * project when a job's environment is an expression), and any value
   * naming no environment of the project tried as an environment id
   * (unknown ones are left to fail in the job); then what the workflows it
   * may trigger need (TriggeredWorkflows.assertMayStart).
   */
  private async assertMayStart(
    credentials: BackstageCredentials,
    workflow: BerthWorkflow,
    definition: WorkflowDefinition,
    params: Record<string, WorkflowParamValue>,
  ): Promise<TriggerRevisions> {
    const environments = await this.deps.environments.list({
      projectRef: workflow.projectRef,
    });
    await assertMayDeployTo(
      this.deps.authorizedEnvironments,
      credentials,
      deployEnvironmentIds(definition, environments, params),
    );
    return this.triggered.assertMayStart(
      credentials,
      {
        id: workflow.id,
        projectRef: workflow.projectRef,
        name: workflow.name,
        definition,
      },
      params,
    );
  }

  /** The definition of `revision` of `workflow` (the newest when not found). */
  private async definitionOf(
    workflow: BerthWorkflow,
    revision: number,
  ): Promise<WorkflowDefinition> {
    if (revision === workflow.revision) return workflow.definition;
    const revisions = await this.deps.service.listRevisions(workflow.id);
    return (
      revisions.find(r => r.revision === revision)?.definition ??
      workflow.definition
    );
  }

  /** The targets of a definition about to be saved, and its approval rule. */
  private async planned(
    projectRef: string,
    definition: WorkflowDefinition | undefined,
  ) {
    const targets: DeployJobTargets[] = definition
      ? deployTargetsOf(
          definition,
          await this.deps.environments.list({ projectRef }),
        )
      : [];
    const environments = allTargets(targets);
    return {
      targets: {
        targetTiers: [...new Set(environments.map(e => e.tier))],
        targetClusters: [...new Set(environments.map(e => e.cluster))],
      },
      assertApprovals: () => {
        if (definition) {
          assertApprovalBeforeTiers(
            definition,
            targets,
            this.deps.requireApprovalForTiers,
          );
        }
      },
    };
  }
}
