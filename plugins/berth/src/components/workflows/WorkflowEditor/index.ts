export { NewWorkflowPage, EditWorkflowPage } from './WorkflowEditorPage';
export { WorkflowEditor } from './WorkflowEditor';
