import { useRouteRef } from '@backstage/core-plugin-api';
import { workflowPageRouteRefs as routes } from '../../../routes';
import { toProjectRef } from '../../../lib/refs';

/** The links of the workflow pages under the Berth page. */
export function useWorkflowLinks() {
  const workflow = useRouteRef(routes.workflow);
  const edit = useRouteRef(routes.edit);
  const run = useRouteRef(routes.run);
  const create = useRouteRef(routes.create);
  const project = useRouteRef(routes.project);
  const approvals = useRouteRef(routes.approvals);
  return {
    workflow: (workflowId: string) => workflow({ workflowId }),
    edit: (workflowId: string) => edit({ workflowId }),
    run: (runId: string) => run({ runId }),
    create: (projectRef: string) => create(toProjectRef(projectRef)),
    project: (projectRef: string) => project(toProjectRef(projectRef)),
    approvals: () => approvals(),
  };
}
