import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  WorkflowApproval,
  WorkflowApprovalDecisionRequest,
} from '@berth/plugin-berth-common';
import { ApprovalStore, RunStore } from '../store';

/** Who acts: the user and the refs they own through (user + groups, from userInfo). */
export interface WorkflowActor {
  userRef: string;
  ownershipRefs: string[];
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Records an approver's decision. InputError for a bad body;
 * NotAllowedError when the actor is not among the approvers (by user or
 * group) or created the run (unless allowSelfApproval); ConflictError when
 * the approval is not waiting or the actor decided already.
 */
export async function decideApproval(
  stores: { approvals: ApprovalStore; runs: RunStore },
  id: string,
  request: WorkflowApprovalDecisionRequest,
  actor: WorkflowActor,
): Promise<WorkflowApproval> {
  const body = request as Partial<WorkflowApprovalDecisionRequest> | undefined;
  if (body?.decision !== 'approve' && body?.decision !== 'reject') {
    throw new InputError("decision must be 'approve' or 'reject'");
  }
  if (
    body.comment !== undefined &&
    (typeof body.comment !== 'string' || body.comment.length > 4000)
  ) {
    throw new InputError('comment must be a string of at most 4000 characters');
  }
  const approval = await stores.approvals.get(id);
  const run = await stores.runs.get(approval.runId);
  const mine = new Set([actor.userRef, ...actor.ownershipRefs].map(lower));
  if (!approval.approvers.some(ref => mine.has(lower(ref)))) {
    throw new NotAllowedError(
      `${actor.userRef} is not among the approvers (${approval.approvers.join(
        ', ',
      )})`,
    );
  }
  if (
    !approval.allowSelfApproval &&
    lower(run.createdBy) === lower(actor.userRef)
  ) {
    throw new NotAllowedError(
      `${actor.userRef} started run #${run.sequence} of ${run.workflowName} and may not approve it`,
    );
  }
  if (approval.status !== 'waiting') {
    throw new ConflictError(`The approval is ${approval.status}, not waiting`);
  }
  if (approval.decisions.some(d => lower(d.by) === lower(actor.userRef))) {
    throw new ConflictError(
      `${actor.userRef} has decided on this approval already`,
    );
  }
  return stores.approvals.decide(id, {
    by: actor.userRef,
    decision: body.decision,
    ...(body.comment && { comment: body.comment }),
    at: new Date().toISOString(),
  });
}
