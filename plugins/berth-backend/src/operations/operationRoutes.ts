import { berthEnvironmentDeployPermission } from '@berth/plugin-berth-common';
import { RouteRequests } from '../http/routeRequests';
import { AuthorizedEnvironments } from '../permissions/AuthorizedEnvironments';
import { parseOperationStatuses } from './operationStatuses';
import { EnvironmentOperations } from './EnvironmentOperations';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

/** Operations: list, show with steps and events, cancel. */
export const operationRoutes = defineRouteGroup(addOperationRoutes);

/** What the operation routes use. */
interface OperationRouteDeps {
  requests: RouteRequests;
  authorizedEnvironments: AuthorizedEnvironments;
  environmentOperations: EnvironmentOperations;
}

function addOperationRoutes(
  router: BerthRouter,
  { requests, environmentOperations, ...deps }: OperationRouteDeps,
) {
  router.get('/environments/:id/operations', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    const query = {
      status: parseOperationStatuses(req.query.status),
      limit: req.query.limit,
    };
    res.json({
      items: await environmentOperations.list(environment.id, query),
    });
  });

  router.get('/environments/:id/operations/:operationId', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    const id = req.params.operationId;
    res.json(await environmentOperations.get(environment.id, id));
  });

  router.post(
    '/environments/:id/operations/:operationId/cancel',
    async (req, res) => {
      const { environment, operationActor } = await requests.environment(
        req,
        berthEnvironmentDeployPermission,
      );
      const id = req.params.operationId;
      const operation = await requests.audited(
        req,
        'operation-cancel',
        { environment: environment.id, operation: id },
        () =>
          environmentOperations.cancel(environment.id, id, operationActor.ref),
      );
      res.status(202).json(operation);
    },
  );

  router.get('/projects/:namespace/:name/operations', async (req, res) => {
    const credentials = await requests.credentials(req);
    const projectRef = requests.projectRef(req);
    // Validated as for one environment; a project's list is not filtered by it.
    parseOperationStatuses(req.query.status);
    const readable = await deps.authorizedEnvironments.readableIds(
      credentials,
      projectRef,
    );
    res.json({
      items: await environmentOperations.listForProject(projectRef, {
        environmentIds: readable,
        limit: req.query.limit,
      }),
    });
  });
}
