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
