import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { BerthClient } from '@berth/plugin-berth-common';
import { berthApiRef } from './api';
import {
  editWorkflowRouteRef,
  environmentRouteRef,
  importChartsRouteRef,
  newWorkflowRouteRef,
  projectServicesRouteRef,
  projectWorkflowsRouteRef,
  rootRouteRef,
  serviceRouteRef,
  workflowApprovalsRouteRef,
  workflowRouteRef,
  workflowRunRouteRef,
} from './routes';

/**
 * Berth for apps on the legacy frontend system.
 *
 * @public
 */
export const berthPlugin = createPlugin({
  id: 'berth',
  apis: [
    createApiFactory({
      api: berthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new BerthClient(deps),
    }),
  ],
  routes: {
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
  },
});

/**
 * The Berth page, for a `<Route path="/berth" element={<BerthPage />} />`.
 * It renders its own routes: the projects at its root, an environment at
 * `environments/:id`, and under `projects/:namespace/:name/` a project's
 * `services`, its Helm `import` wizard and `services/:service` pages; the
 * workflow pages (`projects/:namespace/:name/workflows`, `workflows/:id`,
 * `workflow-runs/:runId`, `workflow-approvals`).
 *
 * @public
 */
export const BerthPage = berthPlugin.provide(
  createRoutableExtension({
    name: 'BerthPage',
    component: () =>
      import('./components/pages/BerthPage').then(m => m.BerthPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Berth tab of a System entity page.
 *
 * @public
 */
export const EntityBerthContent = berthPlugin.provide(
  createComponentExtension({
    name: 'EntityBerthContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityBerthContent').then(
          m => m.EntityBerthContent,
        ),
    },
  }),
);

/**
 * The Deployments tab of a Component entity page: where the Component runs.
 *
 * @public
 */
export const EntityBerthDeploymentsContent = berthPlugin.provide(
  createComponentExtension({
    name: 'EntityBerthDeploymentsContent',
    component: {
      lazy: () =>
        import('./components/entity/EntityBerthDeploymentsContent').then(
          m => m.EntityBerthDeploymentsContent,
        ),
    },
  }),
);

/**
 * The Workflow runs tab of a Component entity page: runs of its System's
 * workflows that deploy it.
 *
 * @public
 */
export const EntityBerthWorkflowRunsContent = berthPlugin.provide(
  createComponentExtension({
    name: 'EntityBerthWorkflowRunsContent',
    component: {
      lazy: () =>
        import('./components/workflows/EntityWorkflowRunsContent').then(
          m => m.EntityWorkflowRunsContent,
        ),
    },
  }),
);
