import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import express from 'express';
import { AnyRequest, routeGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';
import { DriftService } from './DriftService';

/** Drift of an environment's services: whether live still matches what Berth deployed. */
export function driftRoutes(deps: {
  requests: RouteRequests;
  drift: DriftService;
}): express.Router {
  const router = routeGroup();
  const readable = async (req: AnyRequest) =>
    (await deps.requests.environment(req, berthEnvironmentReadPermission))
      .environment;

  router.get('/environments/:id/drift', async (req, res) => {
    res.json(await deps.drift.environmentDrift(await readable(req)));
  });

  router.get('/environments/:id/services/:service/drift', async (req, res) => {
    const environment = await readable(req);
    res.json(await deps.drift.serviceDrift(environment, req.params.service));
  });

  return router;
}
