export { ActivityPanel } from './ActivityPanel';
export { OperationDetailsDialog } from './OperationDetailsDialog';
