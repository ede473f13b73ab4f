export { WorkflowRunPage } from './WorkflowRunPage';
export { ApprovalDecisionForm, ApprovalDecisions } from './ApprovalCard';
