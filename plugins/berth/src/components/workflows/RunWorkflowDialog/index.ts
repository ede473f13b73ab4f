export { RunWorkflowDialog } from './RunWorkflowDialog';
export { RunWorkflowButton } from './RunWorkflowButton';
