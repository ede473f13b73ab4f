import { berthEnvironmentConfigPermission } from '@berth/plugin-berth-common';
import { parseConfigKind } from './checkConfigObject';
import { ConfigService } from './ConfigService';
import { RouteRequests } from '../http/routeRequests';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

/** The environment config endpoints: ConfigMaps, Secrets, Ingresses, PVCs. */
export const configRoutes = defineRouteGroup(addConfigRoutes);

/** What the config routes use. */
interface ConfigRouteDeps {
  requests: RouteRequests;
  configs: ConfigService;
}

function addConfigRoutes(
  router: BerthRouter,
  { configs, requests }: ConfigRouteDeps,
) {
  router.get('/environments/:id/configs', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    res.json({ items: await configs.list(environment) });
  });

  router.get('/environments/:id/configs/history', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    const query = req.query;
    res.json({
      items: await configs.history(environment, {
        kind: query.kind ? parseConfigKind(query.kind) : undefined,
        name: query.name,
      }),
    });
  });

  router.get('/environments/:id/configs/:kind/:name', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    res.json(
      await configs.get(
        environment,
        parseConfigKind(req.params.kind),
        req.params.name,
      ),
    );
  });

  router.post('/environments/:id/configs', async (req, res) => {
    const { environment, actor } = await requests.environment(
      req,
      berthEnvironmentConfigPermission,
    );
    const body = req.body;
    const object = body.object as { kind?: unknown; metadata?: any };
    const result = await requests.audited(
      req,
      'environment-config-create',
      {
        environment: environment.id,
        kind: String(object.kind),
        name: String(object.metadata?.name),
        restartDependents: body.restartDependents ?? false,
      },
      () => configs.create(environment, body, actor),
    );
    res.status(201).json(result);
  });

  router.put('/environments/:id/configs/:kind/:name', async (req, res) => {
    const { environment, actor } = await requests.environment(
      req,
      berthEnvironmentConfigPermission,
    );
    const kind = parseConfigKind(req.params.kind);
    const body = req.body;
    const result = await requests.audited(
      req,
      'environment-config-update',
      {
        environment: environment.id,
        kind,
        name: req.params.name,
        restartDependents: body.restartDependents ?? false,
      },
      () => configs.update(environment, kind, req.params.name, body, actor),
    );
    res.json(result);
  });

  router.delete('/environments/:id/configs/:kind/:name', async (req, res) => {
    const { environment, actor } = await requests.environment(
      req,
      berthEnvironmentConfigPermission,
    );
    const kind = parseConfigKind(req.params.kind);
    const restartDependents = req.query.restartDependents === 'true';
    const result = await requests.audited(
      req,
      'environment-config-delete',
      {
        environment: environment.id,
        kind,
        name: req.params.name,
        restartDependents,
      },
      () =>
        configs.delete(
          environment,
          kind,
          req.params.name,
          { restartDependents },
          actor,
        ),
    );
    res.json(result);
  });
}
