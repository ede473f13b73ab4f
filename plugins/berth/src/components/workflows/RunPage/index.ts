export { WorkflowRunPage } from './WorkflowRunPage';
export {
  ApprovalCount,
  ApprovalDecisionForm,
  ApprovalDecisions,
} from './ApprovalCard';
