export { WorkflowsCard, NewWorkflowButton } from './WorkflowsCard';
