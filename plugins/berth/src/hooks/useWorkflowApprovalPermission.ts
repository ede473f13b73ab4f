import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  berthWorkflowApprovePermission,
  WorkflowApproval,
  workflowRunResourceRef,
} from '@berth/plugin-berth-common';
import useAsync from 'react-use/esm/useAsync';
import {
  ApprovalRefusal,
  approvalRefusal,
} from '../components/workflows/common/approvalRefusal';

/**
 * Whether the signed-in user may approve or reject `approval` of run
 * `run.id` started by `run.createdBy`: the permission
 * `berth.workflow.approve` on the run (its workflow, with rules about the
 * run such as `isRunCreator`), and the backend's own checks
 * (among the approvers by user or group, not the run's creator unless the
 * approval allows it, still waiting, not decided by them yet). `reason` says
 * why not once everything is known; `allowed` is false while loading.
 */
export function useWorkflowApprovalPermission(
  approval: WorkflowApproval,
  run: { id: string; createdBy: string },
): { loading: boolean; allowed: boolean; reason?: ApprovalRefusal } {
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const permission = usePermission({
    permission: berthWorkflowApprovePermission,
    resourceRef: workflowRunResourceRef(run.id),
  });
  if (permission.loading || identity.loading) {
    return { loading: true, allowed: false };
  }
  if (!identity.value) {
    // Without an identity the backend's approver check cannot pass.
    return { loading: false, allowed: false, reason: 'notApprover' };
  }
  const reason = approvalRefusal(
    approval,
    run.createdBy,
    identity.value,
    permission.allowed,
  );
  return { loading: false, allowed: reason === undefined, reason };
}
