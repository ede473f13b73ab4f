import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Berth page. */
export const rootRouteRef = createRouteRef({ id: 'berth' });

/** A page under the Berth page, with id `berth/<name>`. */
function berthSubRoute<Path extends string>(name: string, path: Path) {
  return createSubRouteRef({ id: `berth/${name}`, parent: rootRouteRef, path });
}

/** An environment's page, under the Berth page. */
export const environmentRouteRef = berthSubRoute(
  'environment',
  '/environments/:id',
);

/** A project's services, under the Berth page. */
export const projectServicesRouteRef = berthSubRoute(
  'project-services',
  '/projects/:namespace/:name/services',
);

/** The Helm import wizard of a project. */
export const importChartsRouteRef = berthSubRoute(
  'import-charts',
  '/projects/:namespace/:name/import',
);

/** A service of a project: its chart, revisions, values and preview. */
export const serviceRouteRef = berthSubRoute(
  'service',
  '/projects/:namespace/:name/services/:service',
);

/** A project's workflows. */
export const projectWorkflowsRouteRef = berthSubRoute(
  'project-workflows',
  '/projects/:namespace/:name/workflows',
);

/** The editor of a new workflow of a project. */
export const newWorkflowRouteRef = berthSubRoute(
  'new-workflow',
  '/projects/:namespace/:name/workflows/new',
);

/** A workflow: its runs, trigger deliveries and revisions. */
export const workflowRouteRef = berthSubRoute(
  'workflow',
  '/workflows/:workflowId',
);

/** The editor of a workflow. */
export const editWorkflowRouteRef = berthSubRoute(
  'edit-workflow',
  '/workflows/:workflowId/edit',
);

/** A workflow run (the link of its notifications: /berth/workflow-runs/<runId>). */
export const workflowRunRouteRef = berthSubRoute(
  'workflow-run',
  '/workflow-runs/:runId',
);

/** The approvals waiting for the signed-in user. */
export const workflowApprovalsRouteRef = berthSubRoute(
  'workflow-approvals',
  '/workflow-approvals',
);

/** A sandbox of a base environment: its forks, routing key, explain route. */
export const sandboxRouteRef = berthSubRoute(
  'sandbox',
  '/sandboxes/:sandboxId',
);

/**
 * Every route of the plugin by name, as both frontend systems declare them
 * (`createPlugin({ routes })` and, converted, `createFrontendPlugin`).
 */
export const berthRouteRefs = {
  root: rootRouteRef,
  environment: environmentRouteRef,
  projectServices: projectServicesRouteRef,
  importCharts: importChartsRouteRef,
  service: serviceRouteRef,
  projectWorkflows: projectWorkflowsRouteRef,
  newWorkflow: newWorkflowRouteRef,
  workflow: workflowRouteRef,
  editWorkflow: editWorkflowRouteRef,
  workflowRun: workflowRunRouteRef,
  workflowApprovals: workflowApprovalsRouteRef,
  sandbox: sandboxRouteRef,
};

/** The routes of the workflow pages, by page. */
export const workflowPageRouteRefs = {
  project: projectWorkflowsRouteRef,
  create: newWorkflowRouteRef,
  workflow: workflowRouteRef,
  edit: editWorkflowRouteRef,
  run: workflowRunRouteRef,
  approvals: workflowApprovalsRouteRef,
};
