import { HttpAuthService } from '@backstage/backend-plugin-api';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { DriftService } from './DriftService';

/** Drift of an environment's services: whether live still matches what Berth deployed. */
export function driftRoutes(deps: {
  httpAuth: HttpAuthService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  drift: DriftService;
}): express.Router {
  const router = Router();

  async function readableEnvironment(req: Request) {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const environment = await deps.environments.getById(req.params.id);
    await deps.authorizer.authorize(
      credentials,
      berthEnvironmentReadPermission,
      environment,
    );
    return environment;
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
