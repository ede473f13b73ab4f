import { HttpAuthService } from '@backstage/backend-plugin-api';
import { berthEnvironmentReadPermission } from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EnvironmentStore } from '../database/EnvironmentStore';
import {
  parseRequest,
  serviceSettingsSchema,
  yamlText,
} from '../http/parseRequest';
import { environmentAccess } from '../http/authorizedEnvironment';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { RenderingService } from './RenderingService';

const recordId = z.string().min(1).max(64);

/** Query of the deployment diff. */
export const deploymentDiffQuery = z
  .object({ from: recordId, to: recordId })
  .strict();

/** Body of the environment-wide values change preview. */
export const valuesChangeSchema = z.object({ values: yamlText }).strict();

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
  const router = Router();
  const { rendering } = deps;

  const access = environmentAccess(deps);
  async function readableEnvironment(req: Request) {
    return (await access(req, berthEnvironmentReadPermission)).environment;
  }

  router.post(
    '/environments/:id/services/:service/preview',
    async (req, res) => {
      const environment = await readableEnvironment(req);
      const proposed = parseRequest(serviceSettingsSchema, req.body ?? {});
      res.json(
        await rendering.preview(environment, req.params.service, proposed),
      );
    },
  );

  router.get(
    '/environments/:id/services/:service/deployments/diff',
    async (req, res) => {
      const environment = await readableEnvironment(req);
      const { from, to } = parseRequest(
        deploymentDiffQuery,
        req.query,
        'query',
      );
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
    const { values } = parseRequest(valuesChangeSchema, req.body);
    res.json(await rendering.valuesChange(environment, values));
  });

  return router;
}
