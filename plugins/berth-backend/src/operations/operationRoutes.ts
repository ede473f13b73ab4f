import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  berthEnvironmentDeployPermission,
  berthEnvironmentReadPermission,
  OPERATION_STATUSES,
} from '@berth/plugin-berth-common';
import express from 'express';
import { environmentRequests } from '../http/environmentRequest';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { audited } from '../http/audited';
import { operationActor } from '../model/actor';
import { parseRequest } from '../http/parseRequest';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { systemRef } from '../projects/systemRef';
import { EnvironmentOperations } from './EnvironmentOperations';
import { AuditorService } from '@backstage/backend-plugin-api';

const listQuery = z
  .object({
    status: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const statuses = value.split(',');
        const unknown = statuses.filter(
          s => !(OPERATION_STATUSES as readonly string[]).includes(s),
        );
        if (unknown.length > 0) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `unknown status ${unknown.join(
              ', ',
            )}; one of ${OPERATION_STATUSES.join(', ')}`,
          });
        }
        return statuses as (typeof OPERATION_STATUSES)[number][];
      }),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

const operationId = z.string().uuid();

/** Operations: list, show with steps and events, cancel. */
export function operationRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  environmentOperations: EnvironmentOperations;
}): express.Router {
  const router = Router();
  const { authorizer, environments, environmentOperations } = deps;

  const requests = environmentRequests(deps);
  const authorizedEnvironment = requests.authorized;

  router.get('/environments/:id/operations', async (req, res) => {
    const { environment } = await authorizedEnvironment(
      req,
      berthEnvironmentReadPermission,
    );
    const query = parseRequest(listQuery, req.query, 'query');
    res.json({
      items: await environmentOperations.list(environment.id, query),
    });
  });

  router.get('/environments/:id/operations/:operationId', async (req, res) => {
    const { environment } = await authorizedEnvironment(
      req,
      berthEnvironmentReadPermission,
    );
    const id = parseRequest(operationId, req.params.operationId, 'path');
    res.json(await environmentOperations.get(environment.id, id));
  });

  router.post(
    '/environments/:id/operations/:operationId/cancel',
    async (req, res) => {
      const { credentials, environment } = await authorizedEnvironment(
        req,
        berthEnvironmentDeployPermission,
      );
      const id = parseRequest(operationId, req.params.operationId, 'path');
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
    const query = parseRequest(listQuery, req.query, 'query');
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
