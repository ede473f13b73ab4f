import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  berthWorkflowApprovePermission,
  berthWorkflowDeletePermission,
  berthWorkflowRunPermission,
  berthWorkflowUpdatePermission,
} from '@berth/plugin-berth-common';
import { useResourcePermissions } from './useResourcePermissions';

/** What the user may do with a workflow and its runs; false while the answers load. */
export interface WorkflowPermissions {
  /** Some answer is still loading. */
  loading: boolean;
  /** Edit it (a new revision), enable or disable it. */
  canUpdate: boolean;
  canDelete: boolean;
  /**
   * Start, cancel, retry, rerun and continue its runs. A run also needs
   * `berth.environment.deploy` on the environments it deploys to, which the
   * backend checks when the run starts.
   */
  canRun: boolean;
  /**
   * `berth.workflow.approve`: the backend also wants the user among the
   * approval's approvers (see useWorkflowApprovalPermission).
   */
  canApprove: boolean;
}

const workflowPermissions: Record<
  Exclude<keyof WorkflowPermissions, 'loading'>,
  ResourcePermission
> = {
  canUpdate: berthWorkflowUpdatePermission,
  canDelete: berthWorkflowDeletePermission,
  canRun: berthWorkflowRunPermission,
  canApprove: berthWorkflowApprovePermission,
};

/**
 * Asks the permission framework about one workflow, by its id (the resource
 * ref of `berth-workflow`, loaded by the backend's resource loader so that
 * conditional policies — project owner, target tier, cluster — are answered
 * for it), or about one run with `workflowRunResourceRef(runId)` (then rules
 * about the run, such as `isRunCreator`, count too).
 */
export function useWorkflowPermissions(
  resourceRef: string,
): WorkflowPermissions {
  const { loading, allowed } = useResourcePermissions(
    resourceRef,
    workflowPermissions,
  );
  return { loading, ...allowed };
}
