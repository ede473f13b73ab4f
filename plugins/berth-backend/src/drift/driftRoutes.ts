import { BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';
import { DriftService } from './DriftService';

/** Drift of an environment's services: whether live still matches what Berth deployed. */
export const driftRoutes = defineRouteGroup(addDriftRoutes);

/** What the drift routes use. */
interface DriftRouteDeps {
  requests: RouteRequests;
  drift: DriftService;
}

function addDriftRoutes(router: BerthRouter, { ...deps }: DriftRouteDeps) {
  const readable = deps.requests.readableEnvironment;

  router.get('/environments/:id/drift', async (req, res) => {
    res.json(await deps.drift.environmentDrift(await readable(req)));
  });

  router.get('/environments/:id/services/:service/drift', async (req, res) => {
    const environment = await readable(req);
    res.json(await deps.drift.serviceDrift(environment, req.params.service));
  });
}
