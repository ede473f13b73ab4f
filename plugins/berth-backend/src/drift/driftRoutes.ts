import { HttpAuthService } from '@backstage/backend-plugin-api';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { environmentAccess } from '../http/authorizedEnvironment';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { DriftService } from './DriftService';
import { routeGroup } from '../http/routeGroup';

/** Drift of an environment's services: whether live still matches what Berth deployed. */
export function driftRoutes(deps: {
  httpAuth: HttpAuthService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  drift: DriftService;
}): express.Router {
  const router = routeGroup();

  const access = environmentAccess(deps);
  async function readableEnvironment(req: Request) {
    return (await access(req, berthEnvironmentReadPermission)).environment;
  }

  router.get('/environments/:id/drift', async (req, res) => {
    const environment = await readableEnvironment(req);
    res.json(await deps.drift.environmentDrift(environment));
  });

  router.get('/environments/:id/services/:service/drift', async (req, res) => {
    const environment = await readableEnvironment(req);
    res.json(await deps.drift.serviceDrift(environment, req.params.service));
  });

  return router;
}
