import { Route } from 'react-router-dom';
import { workflowPageRouteRefs } from '../../routes';
import { ApprovalsPage } from './ApprovalsPage';
import { ProjectWorkflowsPage } from './ProjectWorkflowsPage';
import { WorkflowRunPage } from './RunPage';
import { EditWorkflowPage, NewWorkflowPage } from './WorkflowEditor';
import { WorkflowPage } from './WorkflowPage';

/** Each workflow page, by the name of its route in routes.ts. */
const workflowPages: Record<keyof typeof workflowPageRouteRefs, JSX.Element> = {
  project: <ProjectWorkflowsPage />,
  create: <NewWorkflowPage />,
  workflow: <WorkflowPage />,
  edit: <EditWorkflowPage />,
  run: <WorkflowRunPage />,
  approvals: <ApprovalsPage />,
};

/** The workflow pages under the Berth page, as `<Route>`s for its `<Routes>`. */
export function workflowRoutes() {
  const pages = Object.keys(workflowPages) as Array<keyof typeof workflowPages>;
  return pages.map(page => {
    const { path } = workflowPageRouteRefs[page];
    return <Route key={path} path={path} element={workflowPages[page]} />;
  });
}
