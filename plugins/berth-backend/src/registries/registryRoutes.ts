import { berthEnvironmentUpdatePermission } from '@berth/plugin-berth-common';
import { RouteRequests } from '../http/routeRequests';
import { RegistryService } from './RegistryService';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

/** The image registry endpoints: the configured registries and each environment's. */
export const registryRoutes = defineRouteGroup(addRegistryRoutes);

/** What the registry routes use. */
interface RegistryRouteDeps {
  requests: RouteRequests;
  registries: RegistryService;
}

function addRegistryRoutes(
  router: BerthRouter,
  { requests, ...deps }: RegistryRouteDeps,
) {
  router.get(
    '/registries',
    requests.configuredList(() => deps.registries.list()),
  );

  router.get('/environments/:id/registry', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    res.json(await deps.registries.environmentRegistry(environment));
  });

  router.put('/environments/:id/registry', async (req, res) => {
    const { environment } = await requests.environment(
      req,
      berthEnvironmentUpdatePermission,
    );
    const { registry } = req.body;
    const result = await requests.audited(
      req,
      'environment-registry-update',
      {
        environment: environment.id,
        registry: registry ?? '(cluster default)',
      },
      () => deps.registries.setOverride(environment, registry),
    );
    res.json(result);
  });
}
