import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  berthEnvironmentReadPermission,
  berthEnvironmentRollbackPermission,
} from '@berth/plugin-berth-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { environmentRequests } from '../configs/environmentRequest';
import { EnvironmentStore } from '../environments/EnvironmentStore';
import { StatusService } from '../environments/StatusService';
import { parseRequest } from '../http/parseRequest';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { ProjectService } from '../projects/ProjectService';
import { RollbackService } from './RollbackService';

const rollbackSchema = z
  .object({ deploymentId: z.string().min(1).max(64) })
  .strict();

/** Rollback of a service to one of its deployment records. */
export function rollbackRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  projects: ProjectService;
  status: StatusService;
  rollbacks: RollbackService;
}): express.Router {
  const router = Router();
  const requests = environmentRequests(deps);

  router.post(
    '/environments/:id/services/:service/rollback/check',
    async (req, res) => {
      const { environment } = await requests.authorized(
        req,
        berthEnvironmentReadPermission,
      );
      const { deploymentId } = parseRequest(rollbackSchema, req.body);
      const project = await deps.projects.getProject(environment.projectRef);
      const { images } = await deps.rollbacks.check(
        project,
        environment,
        req.params.service,
        deploymentId,
      );
      res.json({ images });
    },
  );

  router.post(
    '/environments/:id/services/:service/rollback',
    async (req, res) => {
      const { environment, actor } = await requests.authorized(
        req,
        berthEnvironmentRollbackPermission,
      );
      const { deploymentId } = parseRequest(rollbackSchema, req.body);
      const { service } = req.params;
      const project = await deps.projects.getProject(environment.projectRef);
      const prepared = await requests.audited(
        req,
        'environment-service-rollback',
        { environment: environment.id, service, rollbackOf: deploymentId },
        () =>
          deps.rollbacks.prepare(
            project,
            environment,
            service,
            deploymentId,
            actor,
          ),
      );
      // The deploy runs on; the status endpoint, signals and the
      // deployment records tell how it goes.
      prepared
        .deploy()
        .then(({ error }) => {
          if (error) {
            deps.logger.warn(
              `Rollback of ${service} in ${environment.projectRef}/${environment.name} failed: ${error}`,
            );
          }
        })
        .catch(error =>
          deps.logger.error(
            `Rollback of ${service} in ${environment.projectRef}/${
              environment.name
            } failed: ${stringifyError(error)}`,
          ),
        )
        .finally(() => deps.status.notify(environment));
      res.status(202).json(prepared.result);
    },
  );

  return router;
}
