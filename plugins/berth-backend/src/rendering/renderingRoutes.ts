import { checkServiceSettingsKeys } from '../http/serviceSettingsKeys';
import { RenderingService } from './RenderingService';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';

/**
 * Previews (rendered manifests and their diff against the live objects),
 * deployment record diffs and environment-wide values change previews. They
 * change nothing, so reading the environment is enough.
 */
export const renderingRoutes = defineRouteGroup(addRenderingRoutes);

/** What the rendering routes use. */
interface RenderingRouteDeps {
  requests: RouteRequests;
  rendering: RenderingService;
}

function addRenderingRoutes(
  router: BerthRouter,
  { rendering, ...deps }: RenderingRouteDeps,
) {
  const { readableEnvironment } = deps.requests;

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
}
