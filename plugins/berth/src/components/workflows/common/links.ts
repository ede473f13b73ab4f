import { useRouteRef } from '@backstage/core-plugin-api';
import {
  editWorkflowRouteRef,
  newWorkflowRouteRef,
  projectWorkflowsRouteRef,
  workflowApprovalsRouteRef,
  workflowRouteRef,
  workflowRunRouteRef,
} from '../../../routes';
import { toProjectRef } from '../../../lib/refs';

/** The links of the workflow pages under the Berth page. */
export function useWorkflowLinks() {
  const workflow = useRouteRef(workflowRouteRef);
  const edit = useRouteRef(editWorkflowRouteRef);
  const run = useRouteRef(workflowRunRouteRef);
  const create = useRouteRef(newWorkflowRouteRef);
  const project = useRouteRef(projectWorkflowsRouteRef);
  const approvals = useRouteRef(workflowApprovalsRouteRef);
  return {
    workflow: (workflowId: string) => workflow({ workflowId }),
    edit: (workflowId: string) => edit({ workflowId }),
    run: (runId: string) => run({ runId }),
    create: (projectRef: string) => create(toProjectRef(projectRef)),
    project: (projectRef: string) => project(toProjectRef(projectRef)),
    approvals: () => approvals(),
  };
}
