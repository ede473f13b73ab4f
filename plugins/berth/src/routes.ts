import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Berth page. */
export const rootRouteRef = createRouteRef({ id: 'berth' });

/** An environment's page, under the Berth page. */
export const environmentRouteRef = createSubRouteRef({
  id: 'berth/environment',
  parent: rootRouteRef,
  path: '/environments/:id',
});

/** A project's services, under the Berth page. */
export const projectServicesRouteRef = createSubRouteRef({
  id: 'berth/project-services',
  parent: rootRouteRef,
  path: '/projects/:namespace/:name/services',
});

/** The Helm import wizard of a project. */
export const importChartsRouteRef = createSubRouteRef({
  id: 'berth/import-charts',
  parent: rootRouteRef,
  path: '/projects/:namespace/:name/import',
});

/** A service of a project: its chart, revisions, values and preview. */
export const serviceRouteRef = createSubRouteRef({
  id: 'berth/service',
  parent: rootRouteRef,
  path: '/projects/:namespace/:name/services/:service',
});

/** A project's workflows. */
export const projectWorkflowsRouteRef = createSubRouteRef({
  id: 'berth/project-workflows',
  parent: rootRouteRef,
  path: '/projects/:namespace/:name/workflows',
});

/** The editor of a new workflow of a project. */
export const newWorkflowRouteRef = createSubRouteRef({
  id: 'berth/new-workflow',
  parent: rootRouteRef,
  path: '/projects/:namespace/:name/workflows/new',
});

/** A workflow: its runs, trigger deliveries and revisions. */
export const workflowRouteRef = createSubRouteRef({
  id: 'berth/workflow',
  parent: rootRouteRef,
  path: '/workflows/:workflowId',
});

/** The editor of a workflow. */
export const editWorkflowRouteRef = createSubRouteRef({
  id: 'berth/edit-workflow',
  parent: rootRouteRef,
  path: '/workflows/:workflowId/edit',
});

/** A workflow run (the link of its notifications: /berth/workflow-runs/<runId>). */
export const workflowRunRouteRef = createSubRouteRef({
  id: 'berth/workflow-run',
  parent: rootRouteRef,
  path: '/workflow-runs/:runId',
});

/** The approvals waiting for the signed-in user. */
export const workflowApprovalsRouteRef = createSubRouteRef({
  id: 'berth/workflow-approvals',
  parent: rootRouteRef,
  path: '/workflow-approvals',
});
