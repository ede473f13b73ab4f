import { berthEnvironmentRollbackPermission } from '@berth/plugin-berth-common';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { RouteRequests } from '../http/routeRequests';
import { ProjectService } from '../projects/ProjectService';
import { RollbackService } from './RollbackService';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

/** Rollback of a service to one of its deployment records. */
export const rollbackRoutes = defineRouteGroup(addRollbackRoutes);

/** What the rollback routes use. */
interface RollbackRouteDeps {
  requests: RouteRequests;
  projects: ProjectService;
  rollbacks: RollbackService;
  environmentOperations: EnvironmentOperations;
}

function addRollbackRoutes(
  router: BerthRouter,
  { requests, ...deps }: RollbackRouteDeps,
) {
  router.post(
    '/environments/:id/services/:service/rollback/check',
    async (req, res) => {
      const environment = await requests.readableEnvironment(req);
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
      const { environment, actor, operationActor } = await requests.environment(
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
        operationActor,
      );
      res.status(202).json({ ...prepared.result, operation });
    },
  );
}
