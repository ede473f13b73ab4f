import {
  berthEnvironmentDeletePermission,
  berthEnvironmentDeployPermission,
  berthEnvironmentScalePermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';
import { assertAwake } from '../model/assertAwake';
import { DeploymentStore } from '../deployments/DeploymentStore';
import {
  checkServiceSettingsKeys,
  checkServicesKeys,
} from '../http/serviceSettingsKeys';
import { AuthorizedEnvironments } from '../permissions/AuthorizedEnvironments';
import { environmentActions } from '../permissions/environmentActions';
import { RenderingService } from '../rendering/RenderingService';
import { ProjectService } from '../projects/ProjectService';
import { EnvironmentInspector } from './EnvironmentInspector';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { operationActor } from '../model/actor';
import { EnvironmentService } from './EnvironmentService';
import { registerEnvironments } from './registerEnvironments';
import { startServiceDeploy } from './startServiceDeploy';
import { StoredEnvironment } from '../database/EnvironmentStore';
import { StatusService } from './StatusService';
import { ServiceStore } from '../services/ServiceStore';
import { withAvailableRevisions } from './withAvailableRevisions';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';

/** The environment endpoints of Berth's REST API. */
export const environmentRoutes = defineRouteGroup(addEnvironmentRoutes);

/** What the environment routes use. */
interface EnvironmentRouteDeps {
  requests: RouteRequests;
  authorizedEnvironments: AuthorizedEnvironments;
  environmentService: EnvironmentService;
  projects: ProjectService;
  deployments: DeploymentStore;
  status: StatusService;
  inspector: EnvironmentInspector;
  rendering: RenderingService;
  environmentOperations: EnvironmentOperations;
  services: ServiceStore;
}

function addEnvironmentRoutes(
  router: BerthRouter,
  {
    requests,
    environmentService,
    projects,
    environmentOperations,
    ...deps
  }: EnvironmentRouteDeps,
) {
  const { audited, readableEnvironment: readable } = requests;

  router.get('/environments', async (req, res) => {
    const items = await requests.environments(req);
    res.json({
      items: (await withAvailableRevisions(deps.services, items)).map(e => ({
        ...publicEnvironment(e),
        ownerRef: e.ownerRef,
      })),
    });
  });

  router.get('/projects/:namespace/:name/environments', async (req, res) => {
    const items = await requests.environments(req, {
      projectRef: requests.projectRef(req),
    });
    res.json({
      items: (await withAvailableRevisions(deps.services, items)).map(
        publicEnvironment,
      ),
    });
  });

  router.post('/projects/:namespace/:name/environments', async (req, res) => {
    const credentials = await requests.credentials(req);
    const body = req.body;
    body.environments.forEach((e, i) =>
      checkServicesKeys(e.services, `environments.${i}.services`),
    );
    const project = await projects.getProject(requests.projectRef(req));
    const plans = await environmentService.plan(project, body.environments);
    for (const plan of plans) {
      await deps.authorizedEnvironments.assertMayCreate(
        credentials,
        plan,
        project.ownerRef,
      );
    }
    const actor = operationActor(credentials);
    // Each environment's row and the operation that makes its namespace
    // and deploys it are stored together: a crash leaves both or neither.
    const { created, operations } = await audited(
      req,
      'environment-create',
      { project: project.ref, environments: plans.map(p => p.name).join(',') },
      () =>
        registerEnvironments(
          { environmentService, environmentOperations },
          plans,
          actor,
        ),
    );
    res.status(201).json({ items: created.map(publicEnvironment), operations });
  });

  router.get('/environments/:id', async (req, res) => {
    const environment = await readable(req);
    const [withRevisions] = await withAvailableRevisions(deps.services, [
      environment,
    ]);
    res.json(publicEnvironment(withRevisions));
  });

  router.get('/environments/:id/status', async (req, res) => {
    const environment = await readable(req);
    res.json(await deps.status.environmentStatus(environment));
  });

  router.get('/environments/:id/deployments', async (req, res) => {
    const environment = await readable(req);
    const { service } = req.query;
    res.json({
      items: await deps.deployments.list(environment.id, { service }),
    });
  });

  router.get('/environments/:id/pods', async (req, res) => {
    const environment = await readable(req);
    res.json({ items: await deps.inspector.pods(environment) });
  });

  router.get('/environments/:id/events', async (req, res) => {
    const environment = await readable(req);
    res.json({ items: await deps.inspector.events(environment) });
  });

  router.get('/environments/:id/pods/:pod/logs', async (req, res) => {
    const environment = await readable(req);
    const tailLines = Number(req.query.tailLines ?? 500);
    const logs = await deps.inspector.logs(environment, req.params.pod, {
      container:
        typeof req.query.container === 'string'
          ? req.query.container
          : undefined,
      tailLines:
        Number.isInteger(tailLines) && tailLines > 0
          ? Math.min(tailLines, 5000)
          : 500,
    });
    res.type('text/plain').send(logs);
  });

  router.post('/environments/:id/deploy', async (req, res) => {
    const { environment, operationActor: by } = await requests.environment(
      req,
      berthEnvironmentDeployPermission,
    );
    const project = await projects.getProject(environment.projectRef);
    await environmentService.checkDeployable(project, environment);
    const operation = await audited(
      req,
      'environment-deploy',
      { environment: environment.id },
      () =>
        environmentOperations.start(
          environment,
          { kind: 'deploy', title: 'Deploy all services', spec: {} },
          by,
        ),
    );
    res.status(202).json({ operation });
  });

  router.post(
    '/environments/:id/services/:service/deploy',
    async (req, res) => {
      const settings = req.body ?? {};
      const service = req.params.service;
      const { environment, operationActor: by } = await requests.environment(
        req,
        berthEnvironmentDeployPermission,
        environmentActions.movesRevision(service, settings.revision),
      );
      checkServiceSettingsKeys(settings, 'settings');
      const project = await projects.getProject(environment.projectRef);
      await environmentOperations.assertCanStart(
        environment.id,
        'deploy-service',
      );
      const operation = await audited(
        req,
        'environment-service-deploy',
        { environment: environment.id, service },
        () =>
          startServiceDeploy(
            { environmentService, environmentOperations },
            { project, environment, service, settings },
            by,
          ),
      );
      res.status(202).json({ operation });
    },
  );

  router.post(
    '/environments/:id/services/:service/restart',
    async (req, res) => {
      const { environment } = await requests.environment(
        req,
        berthEnvironmentScalePermission,
      );
      const project = await projects.getProject(environment.projectRef);
      await audited(
        req,
        'environment-service-restart',
        { environment: environment.id, service: req.params.service },
        () =>
          environmentService.restart(project, environment, req.params.service),
      );
      res.status(202).end();
    },
  );

  router.post('/environments/:id/services/:service/scale', async (req, res) => {
    const { environment } = await requests.environment(
      req,
      berthEnvironmentScalePermission,
    );
    const { replicas } = req.body;
    const project = await projects.getProject(environment.projectRef);
    await audited(
      req,
      'environment-service-scale',
      { environment: environment.id, service: req.params.service, replicas },
      () =>
        environmentService.scale(
          project,
          environment,
          req.params.service,
          replicas,
        ),
    );
    res.status(202).end();
  });

  router.delete('/environments/:id', async (req, res) => {
    const { environment, operationActor: by } = await requests.environment(
      req,
      berthEnvironmentDeletePermission,
    );
    const keepResources = req.query.keepResources === 'true';
    const operation = await audited(
      req,
      'environment-delete',
      { environment: environment.id, keepResources },
      () =>
        environmentOperations.start(
          environment,
          {
            kind: 'delete',
            title: keepResources
              ? `Delete ${environment.name} (keep its resources)`
              : `Delete ${environment.name}`,
            spec: { keepResources },
          },
          by,
        ),
    );
    res.status(202).json({ operation });
  });

  // Settings changes other than a deploy go through update (e.g. values).
  // With `redeploy: true` the services whose merged values change are
  // redeployed (only those), which takes the deploy permission too.
  router.put('/environments/:id/values', async (req, res) => {
    const { values, redeploy } = req.body;
    const { environment, operationActor: by } = await requests.environment(
      req,
      berthEnvironmentUpdatePermission,
      environmentActions.deploysToo(redeploy),
    );
    if (!redeploy) {
      const updated = await audited(
        req,
        'environment-update',
        { environment: environment.id },
        () => environmentService.setValues(environment, values),
      );
      res.json(publicEnvironment(updated));
      return;
    }
    assertAwake(environment);
    const change = await deps.rendering.valuesChange(environment, values);
    const redeploying = change.changed.map(c => c.service);
    if (redeploying.length > 0) {
      await environmentOperations.assertCanStart(
        environment.id,
        'redeploy-values',
      );
    }
    const { updated, operation } = await audited(
      req,
      'environment-update',
      {
        environment: environment.id,
        redeploy: redeploying.join(',') || 'none',
      },
      async () => ({
        updated: await environmentService.setValues(environment, values),
        operation:
          redeploying.length > 0
            ? await environmentOperations.start(
                environment,
                {
                  kind: 'redeploy-values',
                  title: `Redeploy ${redeploying.join(', ')} with new values`,
                  spec: { services: redeploying },
                },
                by,
              )
            : undefined,
      }),
    );
    res.json({
      ...publicEnvironment(updated),
      valuesChange: { ...change, redeploying },
      ...(operation && { operation }),
    });
  });
}

/** The environment without Berth-internal fields. */
export function publicEnvironment(environment: StoredEnvironment) {
  const { ownerRef: _ownerRef, ...rest } = environment;
  return rest;
}
