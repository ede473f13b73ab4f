import {
  WorkflowApproval,
  WorkflowRun,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';

/**
 * What the workflow engine tells about runs (an optional dependency of the
 * engine): a run finished, an approval job waits for its approvers. Each
 * may be told more than once (a takeover); implementations deduplicate.
 */
export interface WorkflowRunEvents {
  runFinished(run: WorkflowRun): Promise<void>;
  approvalRequested(
    approval: WorkflowApproval,
    run: WorkflowRunSummary,
  ): Promise<void>;
}
