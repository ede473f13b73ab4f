import { createRouteRef } from '@backstage/core-plugin-api';

/** The Berth page. */
export const rootRouteRef = createRouteRef({ id: 'berth' });
