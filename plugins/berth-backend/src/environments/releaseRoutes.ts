import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ComponentDeployment, ReleaseMatrix } from '@berth/plugin-berth-common';
import express, { Request } from 'express';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { ProjectService } from '../projects/ProjectService';
import { systemRef } from '../projects/systemRef';
import { ServiceStore } from '../services/ServiceStore';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { StatusService } from './StatusService';
import { routeGroup } from '../http/routeGroup';

/**
 * Read-only views across environments: the clusters, a project's release
 * matrix (services × environments) and where a Component is deployed. Only
 * environments the caller may read are included.
 */
export function releaseRoutes(deps: {
  httpAuth: HttpAuthService;
  authorizer: EnvironmentAuthorizer;
  clusters: ClusterRegistry;
  environments: EnvironmentStore;
  services: ServiceStore;
  projects: ProjectService;
  status: StatusService;
}): express.Router {
  const router = routeGroup();

  async function readableEnvironments(
    req: Request,
    filter: { projectRef?: string },
  ) {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const permission = await deps.authorizer.readFilter(credentials);
    return deps.environments.list({ ...filter, permission });
  }

  router.get('/clusters', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: deps.clusters.list() });
  });

  router.get('/projects/:namespace/:name/matrix', async (req, res) => {
    const projectRef = systemRef(req.params.namespace, req.params.name);
    const project = await deps.projects.getProject(projectRef);
    const environments = await readableEnvironments(req, { projectRef });
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
      for (const environment of await readableEnvironments(req, {
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

  return router;
}
