export { WorkflowPage } from './WorkflowPage';
export { RunsTable, RunStatusFilter } from './RunsTable';
