import { HttpAuthService } from '@backstage/backend-plugin-api';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { checkServiceSettingsKeys } from '../http/serviceSettingsKeys';
import { environmentAccess } from '../http/authorizedEnvironment';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { RenderingService } from './RenderingService';
import { routeGroup } from '../http/routeGroup';

/**
 * Previews (rendered manifests and their diff against the live objects),
 * deployment record diffs and environment-wide values change previews. They
 * change nothing, so reading the environment is enough.
 */
export function renderingRoutes(deps: {
  httpAuth: HttpAuthService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  rendering: RenderingService;
}): express.Router {
  const router = routeGroup();
  const { rendering } = deps;

  const access = environmentAccess(deps);
  async function readableEnvironment(req: Request) {
    return (await access(req, berthEnvironmentReadPermission)).environment;
  }

  router.post(
    '/environments/:id/services/:service/preview',
    async (req, res) => {
      const environment = await readableEnvironment(req);
      const proposed = req.body ?? {};
      checkServiceSettingsKeys(proposed, 'settings');
      res.json(
        await rendering.preview(environment, req.params.service, proposed),
      );
    },
  );

  router.get(
    '/environments/:id/services/:service/deployments/diff',
    async (req, res) => {
      const environment = await readableEnvironment(req);
      // The generated type calls `from` `_from` (a reserved word in its
      // generator); the query parameter is `from`.
      const { from, to } = req.query as unknown as { from: string; to: string };
      res.json(
        await rendering.deploymentDiff(
          environment,
          req.params.service,
          from,
          to,
        ),
      );
    },
  );

  router.post('/environments/:id/values/preview', async (req, res) => {
    const environment = await readableEnvironment(req);
    const { values } = req.body;
    res.json(await rendering.valuesChange(environment, values));
  });

  return router;
}
