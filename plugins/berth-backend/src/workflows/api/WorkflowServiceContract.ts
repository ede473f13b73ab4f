import {
  BerthWorkflow,
  CreateWorkflowRequest,
  UpdateWorkflowRequest,
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
  WorkflowJobRun,
  WorkflowParamValue,
  WorkflowRevision,
  WorkflowRun,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowRunTrigger,
} from '@berth/plugin-berth-common';
import { Knex } from 'knex';

/**
 * The WorkflowService the API wraps with authorization, exactly as the
 * design (wf-design.md) states it; the lead points this at the real one
 * (`src/workflows/WorkflowService.ts`).
 */

export interface WorkflowActor {
  userRef: string;
  /** From userInfo (user + groups). */
  ownershipRefs: string[];
}

export interface WorkflowListQuery {
  projectRef?: string;
  /** The permission filter in SQL (on the unaliased `berth_workflows`). */
  where?: (qb: Knex.QueryBuilder) => void;
}

export interface WorkflowRunQuery {
  workflowId?: string;
  projectRef?: string;
  status?: WorkflowRunStatus[];
  environmentId?: string;
  limit?: number;
  /** The permission filter in SQL (`berth_workflow_runs` left-joined with `berth_workflows`, unaliased). */
  where?: (qb: Knex.QueryBuilder) => void;
}

export type WorkflowApprovalWithRun = WorkflowApproval & {
  run: WorkflowRunSummary;
};

export interface WorkflowService {
  /** With lastRun. */
  listWorkflows(q: WorkflowListQuery): Promise<BerthWorkflow[]>;
  /** NotFoundError when unknown. */
  getWorkflow(id: string): Promise<BerthWorkflow>;
  getWorkflowByName(projectRef: string, name: string): Promise<BerthWorkflow>;
  /** InputError naming the path; ConflictError on a taken name. */
  createWorkflow(
    projectRef: string,
    req: CreateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow>;
  /** A new revision; ConflictError on a stale baseRevision. */
  updateWorkflow(
    id: string,
    req: UpdateWorkflowRequest,
    actor: string,
  ): Promise<BerthWorkflow>;
  /** Cancels its active runs. */
  deleteWorkflow(id: string, actor: string): Promise<void>;
  listRevisions(id: string): Promise<WorkflowRevision[]>;
  /** InputError on bad params. */
  startRun(
    workflowId: string,
    params: Record<string, WorkflowParamValue>,
    trigger: WorkflowRunTrigger,
    options?: { supersedeKey?: string },
  ): Promise<WorkflowRunSummary>;
  /** Newest first. */
  listRuns(q: WorkflowRunQuery): Promise<WorkflowRunSummary[]>;
  getRun(runId: string): Promise<WorkflowRun>;
  /** ConflictError when finished. */
  cancelRun(runId: string, actor: string): Promise<WorkflowRunSummary>;
  /** ConflictError unless failed. */
  retryFailed(runId: string, actor: string): Promise<WorkflowRunSummary>;
  /** Same params, newest revision. */
  rerun(runId: string, actor: string): Promise<WorkflowRunSummary>;
  continueStage(
    runId: string,
    stage: string,
    actor: string,
  ): Promise<WorkflowRunSummary>;
  listApprovals(q: {
    status?: WorkflowApproval['status'][];
    approverRefs?: string[];
    runId?: string;
  }): Promise<WorkflowApprovalWithRun[]>;
  getApproval(id: string): Promise<WorkflowApprovalWithRun>;
  /**
   * NotAllowedError when the actor is not among the approvers (intersection
   * of ownershipRefs and approvers) or is the run's creator (unless
   * allowSelfApproval); ConflictError when not waiting or already decided by
   * this actor.
   */
  decideApproval(
    id: string,
    req: WorkflowApprovalDecisionRequest,
    actor: WorkflowActor,
  ): Promise<WorkflowApproval>;
  /** NotFoundError when not of that run. */
  jobRunOf(runId: string, jobRunId: string): Promise<WorkflowJobRun>;
}
