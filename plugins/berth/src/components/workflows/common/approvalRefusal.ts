import { WorkflowApproval } from '@berth/plugin-berth-common';

/** Why the user may not decide an approval (the backend's checks, in its order). */
export type ApprovalRefusal =
  /** Not allowed `berth.workflow.approve` on the workflow. */
  | 'permission'
  /** Neither the user nor one of their groups is among the approvers. */
  | 'notApprover'
  /** The user started the run and the approval does not allow self-approval. */
  | 'creator'
  /** The approval no longer waits. */
  | 'notWaiting'
  /** The user has decided already. */
  | 'decided';

/** The signed-in user as the approver check sees them. */
export interface ApproverIdentity {
  userEntityRef: string;
  /** The user and their groups. */
  ownershipEntityRefs: string[];
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Why `user` may not approve or reject `approval` of a run started by
 * `runCreatedBy`; undefined when they may. Mirrors the backend's
 * decideApproval (entity refs compared case-insensitively).
 */
export function approvalRefusal(
  approval: Pick<
    WorkflowApproval,
    'approvers' | 'allowSelfApproval' | 'status' | 'decisions'
  >,
  runCreatedBy: string,
  user: ApproverIdentity,
  mayApprove: boolean,
): ApprovalRefusal | undefined {
  if (!mayApprove) return 'permission';
  const mine = new Set(
    [user.userEntityRef, ...user.ownershipEntityRefs].map(lower),
  );
  if (!approval.approvers.some(ref => mine.has(lower(ref)))) {
    return 'notApprover';
  }
  if (
    !approval.allowSelfApproval &&
    lower(runCreatedBy) === lower(user.userEntityRef)
  ) {
    return 'creator';
  }
  if (approval.status !== 'waiting') return 'notWaiting';
  if (approval.decisions.some(d => lower(d.by) === lower(user.userEntityRef))) {
    return 'decided';
  }
  return undefined;
}
