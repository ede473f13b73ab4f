import { createApiRef } from '@backstage/core-plugin-api';
import { BerthApi } from '@berth/plugin-berth-common';

/**
 * The Berth backend's API, as a Backstage utility API.
 *
 * @public
 */
export const berthApiRef = createApiRef<BerthApi>({ id: 'plugin.berth.api' });
