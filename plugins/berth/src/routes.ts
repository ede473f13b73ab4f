import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Berth page. */
export const rootRouteRef = createRouteRef({ id: 'berth' });

/** An environment's page, under the Berth page. */
export const environmentRouteRef = createSubRouteRef({
  id: 'berth/environment',
  parent: rootRouteRef,
  path: '/environments/:id',
});
