import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { BerthClient } from '@berth/plugin-berth-common';
import DirectionsBoatIcon from '@material-ui/icons/DirectionsBoat';
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

const routes = convertLegacyRouteRefs({
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
});

/** The Berth API client, backed by the Berth backend. */
export const berthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: berthApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: deps => new BerthClient(deps),
      }),
    ),
});

/**
 * The Berth page at /berth (environments at /berth/environments/:id, a
 * project's services, Helm import and service pages under
 * /berth/projects/:namespace/:name/), with its item in the sidebar.
 */
export const berthPage = PageBlueprint.make({
  params: {
    path: '/berth',
    title: 'Berth',
    icon: <DirectionsBoatIcon fontSize="inherit" />,
    routeRef: routes.root,
    // BerthPage brings its own Header, the same in both frontend systems.
    noHeader: true,
    loader: () =>
      import('./components/pages/BerthPage').then(m =>
        compatWrapper(<m.BerthPage />),
      ),
  },
});

/** The Berth tab on System entity pages. */
export const berthEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'berth',
    title: 'Berth',
    filter: 'kind:system',
    loader: () =>
      import('./components/entity/EntityBerthContent').then(m =>
        compatWrapper(<m.EntityBerthContent />),
      ),
  },
});

/** The Deployments tab on Component entity pages. */
export const berthEntityDeploymentsContent = EntityContentBlueprint.make({
  name: 'deployments',
  params: {
    path: 'berth-deployments',
    title: 'Deployments',
    filter: 'kind:component',
    loader: () =>
      import('./components/entity/EntityBerthDeploymentsContent').then(m =>
        compatWrapper(<m.EntityBerthDeploymentsContent />),
      ),
  },
});

/** The Workflow runs tab on Component entity pages. */
export const berthEntityWorkflowRunsContent = EntityContentBlueprint.make({
  name: 'workflow-runs',
  params: {
    path: 'berth-workflow-runs',
    title: 'Workflow runs',
    filter: 'kind:component',
    loader: () =>
      import('./components/workflows/EntityWorkflowRunsContent').then(m =>
        compatWrapper(<m.EntityWorkflowRunsContent />),
      ),
  },
});

/**
 * Berth for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'berth',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    berthApi,
    berthPage,
    berthEntityContent,
    berthEntityDeploymentsContent,
    berthEntityWorkflowRunsContent,
  ],
  routes,
});

export { berthTranslationRef } from './translation';
