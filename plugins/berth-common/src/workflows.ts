import { isEndedStatus } from './endedStatus';

/**
 * Workflows: stages of jobs (build, deploy, test, approval, notification...)
 * run durably by the backend. These are the shapes of the API; the backend
 * validates definitions (`../shared/reference/workflows.md` is the spec).
 */

/** @public */
export type WorkflowParamType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'choice'
  | 'multiChoice'
  | 'environment'
  | 'component'
  | 'image'
  | 'secretRef';

/** @public */
export const WORKFLOW_PARAM_TYPES: readonly WorkflowParamType[] = [
  'string',
  'number',
  'boolean',
  'choice',
  'multiChoice',
  'environment',
  'component',
  'image',
  'secretRef',
];

/** A value a run is started with. @public */
export type WorkflowParamValue = string | number | boolean | string[];

/** @public */
export interface WorkflowParam {
  name: string;
  type: WorkflowParamType;
  title?: string;
  description?: string;
  default?: WorkflowParamValue;
  required?: boolean;
  /** For `choice` and `multiChoice`. */
  options?: string[];
  /** Options read live: the project's environments or components. */
  optionsFrom?: 'environments' | 'components';
}

/** What to do when a job fails (after its retries). @public */
export type WorkflowJobOnError = 'stop' | 'ignore' | 'manual';

/** @public */
export interface WorkflowJob {
  name: string;
  /** A registered job type: deploy, build, script, test, approval, notification, trigger-workflow, or a module's. */
  type: string;
  /** The job type's input; strings may hold `${params.x}` and `${jobs.build.outputs.image}`. */
  spec: Record<string, unknown>;
  timeoutMinutes?: number;
  retry?: { max: number; backoffSeconds?: number };
  /** Default `stop`. */
  onError?: WorkflowJobOnError;
  /** An optional job is skipped when its spec says nothing to do; its failure never fails the run. */
  optional?: boolean;
}

/** @public */
export interface WorkflowStage {
  name: string;
  /** Run in parallel. */
  jobs: WorkflowJob[];
  /** The stage waits for a click (Continue) before it starts. */
  manual?: boolean;
  /** A failed job of this stage does not stop the run. */
  continueOnError?: boolean;
}

/** @public */
export interface WorkflowGitTrigger {
  type: 'git';
  name: string;
  provider: 'github' | 'gitlab';
  /** `owner/name` (GitHub) or the project path (GitLab). */
  repo: string;
  events: Array<'push' | 'pull_request' | 'tag'>;
  /** Regular expression over the branch name. */
  branches?: string;
  /** Globs over the changed files; none = every change. */
  paths?: string[];
  /** Param values; may use `${event.branch}`, `${event.commit}`, `${event.repo}`. */
  params?: Record<string, WorkflowParamValue>;
  /** Cancel older runs started by this trigger for the same branch. */
  supersede?: boolean;
}

/** @public */
export interface WorkflowCronTrigger {
  type: 'cron';
  name: string;
  cron: string;
  timeZone?: string;
  params?: Record<string, WorkflowParamValue>;
}

/** @public */
export type WorkflowTrigger = WorkflowGitTrigger | WorkflowCronTrigger;

/** @public */
export interface WorkflowConcurrency {
  /** Runs of one group at once; default 1. */
  limit?: number;
  /** An expression over params, e.g. `${params.environment}`; default: the whole workflow. */
  group?: string;
  /** A new run waits (`queue`, default) or cancels the older ones of its group (`supersede`). */
  onNew?: 'queue' | 'supersede';
}

/** A workflow's definition: what its YAML holds. @public */
export interface WorkflowDefinition {
  title?: string;
  description?: string;
  params?: WorkflowParam[];
  stages: WorkflowStage[];
  triggers?: WorkflowTrigger[];
  concurrency?: WorkflowConcurrency;
}

/** @public */
export interface BerthWorkflow {
  id: string;
  /** System entity ref of the project. */
  projectRef: string;
  /** Unique in the project; DNS label. */
  name: string;
  title: string;
  enabled: boolean;
  /** The newest revision's number; every edit makes a new one. */
  revision: number;
  definition: WorkflowDefinition;
  /** Tiers and clusters of the environments it deploys to (for permission rules). */
  targets: { tiers: string[]; clusters: string[]; environments: string[] };
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
  lastRun?: WorkflowRunSummary;
}

/** @public */
export interface WorkflowRevision {
  revision: number;
  definition: WorkflowDefinition;
  createdBy: string;
  createdAt: string;
}

/** @public */
export type WorkflowRunStatus =
  | 'queued'
  | 'running'
  | 'waiting'
  | 'cancelling'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/** @public */
export const WORKFLOW_RUN_STATUSES: readonly WorkflowRunStatus[] = [
  'queued',
  'running',
  'waiting',
  'cancelling',
  'succeeded',
  'failed',
  'cancelled',
];

/** @public */
export function isTerminalWorkflowRunStatus(status: WorkflowRunStatus) {
  return isEndedStatus(status);
}

/** @public */
export type WorkflowJobRunStatus =
  | 'pending'
  | 'queued'
  | 'running'
  | 'waiting'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'cancelled'
  | 'timedOut';

/** How a run was started. @public */
export interface WorkflowRunTrigger {
  type: 'manual' | 'git' | 'cron' | 'workflow' | 'rerun';
  /** User or service ref that started it (for git and cron: who saved the trigger). */
  actor: string;
  /** The trigger's name in the definition. */
  name?: string;
  deliveryId?: string;
  commit?: string;
  branch?: string;
  /** For `workflow`: the parent run; for `rerun`: the run rerun. */
  runId?: string;
}

/** @public */
export interface WorkflowRunSummary {
  id: string;
  workflowId: string;
  workflowName: string;
  projectRef: string;
  /** 1, 2, 3... per workflow. */
  sequence: number;
  revision: number;
  status: WorkflowRunStatus;
  params: Record<string, WorkflowParamValue>;
  trigger: WorkflowRunTrigger;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The concurrency group this run belongs to. */
  concurrencyGroup: string;
  /** Why it failed, was cancelled or waits. */
  message?: string;
}

/** @public */
export interface WorkflowApprovalDecision {
  by: string;
  decision: 'approve' | 'reject';
  comment?: string;
  at: string;
}

/** @public */
export interface WorkflowApproval {
  id: string;
  runId: string;
  jobRunId: string;
  /** User and group entity refs. */
  approvers: string[];
  needed: number;
  allowSelfApproval: boolean;
  decisions: WorkflowApprovalDecision[];
  status: 'waiting' | 'approved' | 'rejected' | 'expired' | 'cancelled';
  expiresAt?: string;
  message?: string;
}

/** @public */
export interface WorkflowJobRun {
  id: string;
  runId: string;
  stage: string;
  job: string;
  type: string;
  attempt: number;
  status: WorkflowJobRunStatus;
  /** The spec after `${...}` were resolved. */
  spec: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Where it runs: a Kubernetes Job, an environment operation... */
  externalRef?: {
    cluster?: string;
    namespace?: string;
    jobName?: string;
    operationId?: string;
    environmentId?: string;
    runId?: string;
  };
  /** Test results of `test` jobs. */
  testSummary?: {
    passed: number;
    failed: number;
    skipped: number;
    failures: string[];
  };
  startedAt?: string;
  finishedAt?: string;
  error?: string;
  approval?: WorkflowApproval;
}

/** @public */
export interface WorkflowStageRun {
  name: string;
  manual: boolean;
  status:
    | 'pending'
    | 'waiting'
    | 'running'
    | 'succeeded'
    | 'failed'
    | 'skipped'
    | 'cancelled';
  jobs: WorkflowJobRun[];
}

/** A run with its stages and jobs. @public */
export interface WorkflowRun extends WorkflowRunSummary {
  stages: WorkflowStageRun[];
  cancelRequestedBy?: string;
}

/** One chunk of a job's log. @public */
export interface WorkflowLogChunk {
  /** Increasing per job run; resume after the last one seen. */
  sequence: number;
  jobRunId: string;
  attempt: number;
  /** The time of the chunk's first line. */
  at: string;
  text: string;
}

/** A webhook delivery or cron tick and what Berth made of it. @public */
export interface WorkflowTriggerDelivery {
  id: string;
  workflowId: string;
  trigger: string;
  source: 'github' | 'gitlab' | 'cron';
  deliveryId?: string;
  event: string;
  receivedAt: string;
  outcome: 'matched' | 'ignored' | 'duplicate' | 'failed';
  reason: string;
  runId?: string;
}

/** Signal channel of workflow runs (payload: WorkflowRunSignal). @public */
export const BERTH_WORKFLOW_SIGNAL_CHANNEL = 'berth:workflows';

/** @public */
export interface WorkflowRunSignal {
  runId: string;
  workflowId: string;
  projectRef: string;
  status: WorkflowRunStatus;
  /** Set when one job changed. */
  jobRunId?: string;
  jobStatus?: WorkflowJobRunStatus;
}

/** Body of POST .../workflows. @public */
export interface CreateWorkflowRequest {
  name: string;
  /** The definition as an object, or YAML text. */
  definition?: WorkflowDefinition;
  yaml?: string;
  enabled?: boolean;
}

/** Body of PUT .../workflows/:name (a new revision). @public */
export interface UpdateWorkflowRequest {
  definition?: WorkflowDefinition;
  yaml?: string;
  enabled?: boolean;
  /** The revision the edit started from; a newer one answers 409. */
  baseRevision?: number;
}

/** Body of POST .../workflows/:name/runs. @public */
export interface StartWorkflowRunRequest {
  params?: Record<string, WorkflowParamValue>;
}

/** Body of POST .../approvals/:id/decision. @public */
export interface WorkflowApprovalDecisionRequest {
  decision: 'approve' | 'reject';
  comment?: string;
}
