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
import DirectionsBoatIcon from '@material-ui/icons/DirectionsBoat';
import { berthApiFactory, entityContentLoaders } from './plugin';
import { berthRouteRefs } from './routes';

const routes = convertLegacyRouteRefs(berthRouteRefs);

/** The Berth API client, backed by the Berth backend. */
export const berthApi = ApiBlueprint.make({
  params: defineParams => defineParams(berthApiFactory),
});

/**
 * The Berth page at /berth (environments at /berth/environments/:id, sandboxes
 * at /berth/sandboxes/:sandboxId, a project's services, Helm import and
 * service pages under /berth/projects/:namespace/:name/), with its item in
 * the sidebar.
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

/**
 * A tab of the entity pages `filter` selects, at `berth-<name>` (the one
 * without a name at `berth`), its component loaded when shown.
 */
function entityTab<TName extends string | undefined = undefined>(tab: {
  name?: TName;
  title: string;
  filter: string;
  component: () => Promise<() => JSX.Element>;
}) {
  const { name, title, filter } = tab;
  return EntityContentBlueprint.make({
    name,
    params: {
      path: name ? `berth-${name}` : 'berth',
      title,
      filter,
      loader: () => tab.component().then(Tab => compatWrapper(<Tab />)),
    },
  });
}

/** The Berth tab on System entity pages. */
export const berthEntityContent = entityTab({
  title: 'Berth',
  filter: 'kind:system',
  component: entityContentLoaders.system,
});

/** The Deployments tab on Component entity pages. */
export const berthEntityDeploymentsContent = entityTab({
  name: 'deployments',
  title: 'Deployments',
  filter: 'kind:component',
  component: entityContentLoaders.deployments,
});

/** The Workflow runs tab on Component entity pages. */
export const berthEntityWorkflowRunsContent = entityTab({
  name: 'workflow-runs',
  title: 'Workflow runs',
  filter: 'kind:component',
  component: entityContentLoaders.workflowRuns,
});

/**
 * The Environment tab on the Resource entities of Berth's environments (an
 * entity predicate, unlike the string filters of the tabs above).
 */
export const berthEntityEnvironmentContent = EntityContentBlueprint.make({
  name: 'environment',
  params: {
    path: 'berth-environment',
    title: 'Environment',
    filter: { kind: 'resource', 'spec.type': 'environment' },
    loader: () =>
      entityContentLoaders.environment().then(Tab => compatWrapper(<Tab />)),
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
    berthEntityEnvironmentContent,
  ],
  routes,
});

export { berthTranslationRef } from './translation';
