export { createApprovalJobType, approvalSpecSchema } from './approvalJobType';
export type { ApprovalJobTypeDeps, ApprovalSpec } from './approvalJobType';
export { decideApproval } from './decideApproval';
export type { WorkflowActor } from './decideApproval';
