import {
  WorkflowApproval,
  WorkflowRun,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';

/** What the engine tells others (notifications) about runs. Failures are logged, never fail a run. */
export interface WorkflowRunEvents {
  /** A run ended: succeeded, failed or cancelled. */
  runFinished(run: WorkflowRun): Promise<void>;
  /** An approval job asks its approvers (once per approval). */
  approvalRequested(
    approval: WorkflowApproval,
    run: WorkflowRunSummary,
  ): Promise<void>;
}
