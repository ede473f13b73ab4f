import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  berthEnvironmentReadPermission,
  berthEnvironmentRollbackPermission,
} from '@berth/plugin-berth-common';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { operationActor } from '../model/actor';
import express from 'express';
import { environmentRequests } from '../http/environmentRequest';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { StatusService } from '../environments/StatusService';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { ProjectService } from '../projects/ProjectService';
import { RollbackService } from './RollbackService';
import { routeGroup } from '../http/routeGroup';

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
  environmentOperations: EnvironmentOperations;
}): express.Router {
  const router = routeGroup();
  const requests = environmentRequests(deps);

  router.post(
    '/environments/:id/services/:service/rollback/check',
    async (req, res) => {
      const { environment } = await requests.authorized(
        req,
        berthEnvironmentReadPermission,
      );
      const { deploymentId } = req.body;
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
      const { environment, actor, credentials } = await requests.authorized(
        req,
        berthEnvironmentRollbackPermission,
      );
      await deps.environmentOperations.assertCanStart(
        environment.id,
        'rollback',
      );
      const { deploymentId } = req.body;
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
      const operation = await deps.environmentOperations.start(
        environment,
        {
          kind: 'rollback',
          title: `Roll ${service} back to ${deploymentId}`,
          spec: { service, deploymentId },
        },
        operationActor(credentials),
      );
      res.status(202).json({ ...prepared.result, operation });
    },
  );

  return router;
}
