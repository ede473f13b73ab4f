// The WorkflowService the API wraps with authorization: the engine's own.
export type {
  WorkflowService,
  WorkflowActor,
  WorkflowListQuery,
  WorkflowRunQuery,
  ApprovalWithRun as WorkflowApprovalWithRun,
} from '../WorkflowService';
