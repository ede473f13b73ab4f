export { WorkflowRunPage } from './WorkflowRunPage';
export { ApprovalCount, ApprovalDecisions } from './ApprovalCard';
export { ApprovalDecisionForm } from './ApprovalDecisionForm';
