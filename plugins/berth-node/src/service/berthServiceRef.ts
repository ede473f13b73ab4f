import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { BerthService } from './BerthService';
import { BerthServiceClient } from './BerthServiceClient';

/**
 * The service other backend plugins and modules read Berth through
 * (projects, environments, services, clusters). By default a client of
 * Berth's REST API, called with the caller's service credentials.
 *
 * @public
 */
export const berthServiceRef = createServiceRef<BerthService>({
  id: 'berth.service',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        new BerthServiceClient({ discovery, auth }),
    }),
});
