import { Route } from 'react-router-dom';
import { ApprovalsPage } from './ApprovalsPage';
import { ProjectWorkflowsPage } from './ProjectWorkflowsPage';
import { WorkflowRunPage } from './RunPage';
import { EditWorkflowPage, NewWorkflowPage } from './WorkflowEditor';
import { WorkflowPage } from './WorkflowPage';

/**
 * The workflow pages under the Berth page, as `<Route>`s for its `<Routes>`
 * (paths as in routes.ts).
 */
export function workflowRoutes() {
  return [
    <Route
      key="project-workflows"
      path="/projects/:namespace/:name/workflows"
      element={<ProjectWorkflowsPage />}
    />,
    <Route
      key="new-workflow"
      path="/projects/:namespace/:name/workflows/new"
      element={<NewWorkflowPage />}
    />,
    <Route
      key="workflow"
      path="/workflows/:workflowId"
      element={<WorkflowPage />}
    />,
    <Route
      key="edit-workflow"
      path="/workflows/:workflowId/edit"
      element={<EditWorkflowPage />}
    />,
    <Route
      key="workflow-run"
      path="/workflow-runs/:runId"
      element={<WorkflowRunPage />}
    />,
    <Route
      key="workflow-approvals"
      path="/workflow-approvals"
      element={<ApprovalsPage />}
    />,
  ];
}
