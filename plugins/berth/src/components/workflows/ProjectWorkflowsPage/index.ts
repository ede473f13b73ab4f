export { ProjectWorkflowsPage } from './ProjectWorkflowsPage';
