import { useApi } from '@backstage/core-plugin-api';
import {
  BerthApi,
  BerthWorkflow,
  CreateWorkflowRequest,
  ProjectRef,
  StartWorkflowRunRequest,
  UpdateWorkflowRequest,
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
  WorkflowLogChunk,
  WorkflowRevision,
  WorkflowRun,
  WorkflowRunStatus,
  WorkflowRunSummary,
  WorkflowTriggerDelivery,
} from '@berth/plugin-berth-common';
import { berthApiRef } from '../../api';

/** `GET /workflows/{id}/runs` query. */
export interface WorkflowRunsQuery {
  status?: WorkflowRunStatus[];
  limit?: number;
}

/** `GET /workflow-runs` query. */
export interface RunsQuery extends WorkflowRunsQuery {
  /** System entity ref of the project. */
  projectRef?: string;
  environmentId?: string;
}

/** `GET /workflow-approvals` query. */
export interface WorkflowApprovalsQuery {
  status?: WorkflowApproval['status'][];
  /** Only those the caller may decide. */
  mine?: boolean;
}

/** An approval with its run, as the inbox lists it. */
export type WorkflowApprovalWithRun = WorkflowApproval & {
  run: WorkflowRunSummary;
};

/**
 * The workflow methods of the Berth API (issue #14) the portal calls. The
 * BerthClient of `@berth/plugin-berth-common` implements them; once its
 * `BerthApi` declares them, `useWorkflowsApi` needs no cast.
 */
export interface WorkflowsApi {
  listWorkflows(project: ProjectRef): Promise<BerthWorkflow[]>;
  getWorkflow(id: string): Promise<BerthWorkflow>;
  createWorkflow(
    project: ProjectRef,
    req: CreateWorkflowRequest,
  ): Promise<BerthWorkflow>;
  updateWorkflow(
    id: string,
    req: UpdateWorkflowRequest,
  ): Promise<BerthWorkflow>;
  deleteWorkflow(id: string): Promise<void>;
  listWorkflowRevisions(id: string): Promise<WorkflowRevision[]>;
  listWorkflowDeliveries(id: string): Promise<WorkflowTriggerDelivery[]>;
  startWorkflowRun(
    id: string,
    req: StartWorkflowRunRequest,
  ): Promise<WorkflowRunSummary>;
  listWorkflowRuns(
    id: string,
    q?: WorkflowRunsQuery,
  ): Promise<WorkflowRunSummary[]>;
  listRuns(q: RunsQuery): Promise<WorkflowRunSummary[]>;
  getWorkflowRun(runId: string): Promise<WorkflowRun>;
  cancelWorkflowRun(runId: string): Promise<WorkflowRunSummary>;
  retryWorkflowRun(runId: string): Promise<WorkflowRunSummary>;
  rerunWorkflowRun(runId: string): Promise<WorkflowRunSummary>;
  continueWorkflowStage(
    runId: string,
    stage: string,
  ): Promise<WorkflowRunSummary>;
  /** Chunks after the `after` sequence (all without it). */
  getJobLogs(
    runId: string,
    jobRunId: string,
    after?: number,
  ): Promise<WorkflowLogChunk[]>;
  /** The absolute URL of the job's log stream (text/event-stream). */
  streamJobLogsUrl(runId: string, jobRunId: string): Promise<string>;
  /**
   * The same stream through the authenticated fetch (EventSource cannot send
   * the Backstage token), as wf-api's BerthClient offers it; optional: the
   * portal uses EventSource without it.
   */
  openWorkflowJobLogStream?(
    runId: string,
    jobRunId: string,
    options?: { after?: number; signal?: AbortSignal },
  ): Promise<Response>;
  listWorkflowApprovals(
    q?: WorkflowApprovalsQuery,
  ): Promise<WorkflowApprovalWithRun[]>;
  decideWorkflowApproval(
    id: string,
    req: WorkflowApprovalDecisionRequest,
  ): Promise<WorkflowApproval>;
}

/** The Berth API with its workflow methods. */
export type BerthWorkflowsApi = BerthApi & WorkflowsApi;

/** The Berth API as the workflow pages use it. */
export function useWorkflowsApi(): BerthWorkflowsApi {
  return useApi(berthApiRef) as BerthWorkflowsApi;
}
