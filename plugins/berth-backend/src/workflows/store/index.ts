export { WorkflowStore } from './WorkflowStore';
export type {
  StoredWorkflow,
  NewWorkflow,
  WorkflowChange,
  WorkflowTargets,
  SavedWorkflow,
} from './WorkflowStore';
export { RunStore, toSummary, ACTIVE_RUN_STATUSES } from './RunStore';
export type { StoredRun, NewRun, RunQuery, TriggerRevisions } from './RunStore';
export {
  JobRunStore,
  latestAttempts,
  toPublicJobRun,
  FINISHED_JOB_STATUSES,
} from './JobRunStore';
export type { StoredJobRun, NewJobRun } from './JobRunStore';
export { ApprovalStore } from './ApprovalStore';
export type { NewApproval } from './ApprovalStore';
export { TABLES } from './rows';
