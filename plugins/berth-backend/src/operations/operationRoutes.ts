import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  berthEnvironmentDeployPermission,
  berthEnvironmentReadPermission,
} from '@berth/plugin-berth-common';
import express from 'express';
import { environmentRequests } from '../http/environmentRequest';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { audited } from '../http/audited';
import { operationActor } from '../model/actor';
import { parseOperationStatuses } from './operationStatuses';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { systemRef } from '../projects/systemRef';
import { EnvironmentOperations } from './EnvironmentOperations';
import { AuditorService } from '@backstage/backend-plugin-api';
import { routeGroup } from '../http/routeGroup';

/** Operations: list, show with steps and events, cancel. */
export function operationRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  environmentOperations: EnvironmentOperations;
}): express.Router {
  const router = routeGroup();
  const { authorizer, environments, environmentOperations } = deps;

  const requests = environmentRequests(deps);
  const authorizedEnvironment = requests.authorized;

  router.get('/environments/:id/operations', async (req, res) => {
    const { environment } = await authorizedEnvironment(
      req,
      berthEnvironmentReadPermission,
    );
    const query = {
      status: parseOperationStatuses(req.query.status),
      limit: req.query.limit,
    };
    res.json({
      items: await environmentOperations.list(environment.id, query),
    });
  });

  router.get('/environments/:id/operations/:operationId', async (req, res) => {
    const { environment } = await authorizedEnvironment(
      req,
      berthEnvironmentReadPermission,
    );
    const id = req.params.operationId;
    res.json(await environmentOperations.get(environment.id, id));
  });

  router.post(
    '/environments/:id/operations/:operationId/cancel',
    async (req, res) => {
      const { credentials, environment } = await authorizedEnvironment(
        req,
        berthEnvironmentDeployPermission,
      );
      const id = req.params.operationId;
      const operation = await audited(
        deps.auditor,
        req,
        'operation-cancel',
        { environment: environment.id, operation: id },
        () =>
          environmentOperations.cancel(
            environment.id,
            id,
            operationActor(credentials).ref,
          ),
      );
      res.status(202).json(operation);
    },
  );

  router.get('/projects/:namespace/:name/operations', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const projectRef = systemRef(req.params.namespace, req.params.name);
    const query = {
      status: parseOperationStatuses(req.query.status),
      limit: req.query.limit,
    };
    const permission = await authorizer.readFilter(credentials);
    const readable = permission
      ? (await environments.list({ projectRef, permission })).map(e => e.id)
      : undefined;
    res.json({
      items: await environmentOperations.listForProject(projectRef, {
        environmentIds: readable,
        limit: query.limit,
      }),
    });
  });

  return router;
}
