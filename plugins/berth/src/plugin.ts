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
import { berthRouteRefs, rootRouteRef } from './routes';

/** The Berth API client, backed by the Berth backend, in both frontend systems. */
export const berthApiFactory = createApiFactory({
  api: berthApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: deps => new BerthClient(deps),
});

/**
 * Berth for apps on the legacy frontend system.
 *
 * @public
 */
export const berthPlugin = createPlugin({
  id: 'berth',
  apis: [berthApiFactory],
  routes: berthRouteRefs,
});

/**
 * The Berth page, for a `<Route path="/berth" element={<BerthPage />} />`.
 * It renders its own routes: the projects at its root, an environment at
 * `environments/:id`, and under `projects/:namespace/:name/` a project's
 * `services`, its Helm `import` wizard and `services/:service` pages; the
 * workflow pages (`projects/:namespace/:name/workflows`, `workflows/:id`,
 * `workflow-runs/:runId`, `workflow-approvals`); a sandbox at
 * `sandboxes/:sandboxId`.
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
 * The components of the entity page tabs, loaded when shown (in both
 * frontend systems).
 */
export const entityContentLoaders = {
  system: () =>
    import('./components/entity/EntityBerthContent').then(
      m => m.EntityBerthContent,
    ),
  deployments: () =>
    import('./components/entity/EntityBerthDeploymentsContent').then(
      m => m.EntityBerthDeploymentsContent,
    ),
  workflowRuns: () =>
    import('./components/workflows/EntityWorkflowRunsContent').then(
      m => m.EntityWorkflowRunsContent,
    ),
  environment: () =>
    import('./components/entity/EntityBerthEnvironmentContent').then(
      m => m.EntityBerthEnvironmentContent,
    ),
};

/** An entity page tab (a component of the plugin), loaded when shown. */
function lazyEntityContent<T extends () => JSX.Element>(
  name: string,
  lazy: () => Promise<T>,
): T {
  return berthPlugin.provide(
    createComponentExtension({ name, component: { lazy } }),
  );
}

/**
 * The Berth tab of a System entity page.
 *
 * @public
 */
export const EntityBerthContent = lazyEntityContent(
  'EntityBerthContent',
  entityContentLoaders.system,
);

/**
 * The Deployments tab of a Component entity page: where the Component runs.
 *
 * @public
 */
export const EntityBerthDeploymentsContent = lazyEntityContent(
  'EntityBerthDeploymentsContent',
  entityContentLoaders.deployments,
);

/**
 * The Workflow runs tab of a Component entity page: runs of its System's
 * workflows that deploy it.
 *
 * @public
 */
export const EntityBerthWorkflowRunsContent = lazyEntityContent(
  'EntityBerthWorkflowRunsContent',
  entityContentLoaders.workflowRuns,
);

/**
 * The Environment tab of a Berth environment's catalog `Resource` (type
 * `environment`): its services and actions.
 *
 * @public
 */
export const EntityBerthEnvironmentContent = lazyEntityContent(
  'EntityBerthEnvironmentContent',
  entityContentLoaders.environment,
);
