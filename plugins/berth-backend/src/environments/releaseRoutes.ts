import { stringifyEntityRef } from '@backstage/catalog-model';
import { ComponentDeployment, ReleaseMatrix } from '@berth/plugin-berth-common';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';
import { StatusService } from './StatusService';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';

/**
 * Read-only views across environments: the clusters, a project's release
 * matrix (services × environments) and where a Component is deployed. Only
 * environments the caller may read are included.
 */
export const releaseRoutes = defineRouteGroup(addReleaseRoutes);

/** What the release routes use. */
interface ReleaseRouteDeps {
  requests: RouteRequests;
  clusters: ClusterRegistry;
  services: ServiceStore;
  projects: ProjectService;
  status: StatusService;
}

function addReleaseRoutes(
  router: BerthRouter,
  { requests, ...deps }: ReleaseRouteDeps,
) {
  router.get(
    '/clusters',
    requests.configuredList(() => deps.clusters.list()),
  );

  router.get('/projects/:namespace/:name/matrix', async (req, res) => {
    const projectRef = requests.projectRef(req);
    const project = await deps.projects.getProject(projectRef);
    const environments = await requests.environments(req, { projectRef });
    const matrix: ReleaseMatrix = {
      services: project.services.map(s => s.name),
      environments: environments.map(
        ({ id, name, cluster, namespace, tier }) => ({
          id,
          name,
          cluster,
          namespace,
          tier,
        }),
      ),
      cells: Object.fromEntries(project.services.map(s => [s.name, {}])),
    };
    for (const environment of environments) {
      const status = await deps.status.environmentStatus(environment);
      for (const service of status.services) {
        matrix.cells[service.service] ??= {};
        matrix.cells[service.service][environment.id] = {
          revision: service.revision,
          images: service.images,
          status: service.status,
        };
      }
    }
    res.json(matrix);
  });

  router.get('/components/:namespace/:name/deployments', async (req, res) => {
    const componentRef = stringifyEntityRef({
      kind: 'Component',
      namespace: req.params.namespace,
      name: req.params.name,
    });
    const services = await deps.services.listByComponent(componentRef);
    const items: ComponentDeployment[] = [];
    for (const projectRef of new Set(services.map(s => s.projectRef))) {
      for (const environment of await requests.environments(req, {
        projectRef,
      })) {
        const status = await deps.status.environmentStatus(environment);
        for (const service of services.filter(
          s => s.projectRef === projectRef,
        )) {
          const live = status.services.find(s => s.service === service.name);
          items.push({
            projectRef,
            environmentId: environment.id,
            environment: environment.name,
            cluster: environment.cluster,
            namespace: environment.namespace,
            tier: environment.tier,
            service: service.name,
            revision: live?.revision,
            images: live?.images ?? [],
            status: live?.status ?? 'NotDeployed',
          });
        }
      }
    }
    res.json({ items });
  });
}
