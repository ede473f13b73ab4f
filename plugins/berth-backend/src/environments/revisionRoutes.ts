import { berthEnvironmentUpdatePermission } from '@berth/plugin-berth-common';
import { RouteRequests } from '../http/routeRequests';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { environmentActions } from '../permissions/environmentActions';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';
import { publicEnvironment } from './environmentRoutes';
import { EnvironmentService } from './EnvironmentService';
import { withAvailableRevisions } from './withAvailableRevisions';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

/**
 * `PUT /environments/:id/services/:service/revision`: moves a service's
 * pinned revision (default the latest), the explicit update a newer revision
 * needs: deploys use the pin, whatever the project gained since.
 * `berth.environment.update`, and with `deploy: true` also `.deploy`.
 */
export const revisionRoutes = defineRouteGroup(addRevisionRoutes);

/** What the revision routes use. */
interface RevisionRouteDeps {
  requests: RouteRequests;
  environmentService: EnvironmentService;
  projects: ProjectService;
  services: ServiceStore;
  environmentOperations: EnvironmentOperations;
}

function addRevisionRoutes(
  router: BerthRouter,
  { requests, ...deps }: RevisionRouteDeps,
) {
  router.put(
    '/environments/:id/services/:service/revision',
    async (req, res) => {
      const body = req.body ?? {};
      const { environment, operationActor } = await requests.environment(
        req,
        berthEnvironmentUpdatePermission,
        environmentActions.deploysToo(body.deploy),
      );
      const project = await deps.projects.getProject(environment.projectRef);
      const service = req.params.service;
      const revision =
        body.revision ??
        project.services.find(s => s.name === service)?.latestRevision;
      if (body.deploy) {
        await deps.environmentOperations.assertCanStart(
          environment.id,
          'deploy-service',
        );
      }
      const { updated, operation } = await requests.audited(
        req,
        'environment-service-revision',
        {
          environment: environment.id,
          service,
          from: environment.services[service]?.revision ?? 'none',
          to: revision ?? 'none',
          deploy: Boolean(body.deploy),
        },
        async () => {
          // Unknown services and revisions are refused here (400, 404).
          const changed = await deps.environmentService.updateService(
            project,
            environment,
            service,
            { revision },
          );
          return {
            updated: changed,
            operation: body.deploy
              ? await deps.environmentOperations.start(
                  changed,
                  {
                    kind: 'deploy-service',
                    title: `Deploy ${service} at revision ${revision}`,
                    spec: { services: [service] },
                  },
                  operationActor,
                )
              : undefined,
          };
        },
      );
      const [withRevisions] = await withAvailableRevisions(deps.services, [
        updated,
      ]);
      res.json({
        ...publicEnvironment(withRevisions),
        ...(operation && { operation }),
      });
    },
  );
}
