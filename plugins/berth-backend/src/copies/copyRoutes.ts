import {
  berthEnvironmentCopyPermission,
  CopyEnvironmentResponse,
} from '@berth/plugin-berth-common';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { checkServicesKeys } from '../http/serviceSettingsKeys';
import { RouteRequests } from '../http/routeRequests';
import { AuthorizedEnvironments } from '../permissions/AuthorizedEnvironments';
import { environmentActions } from '../permissions/environmentActions';
import { ProjectService } from '../projects/ProjectService';
import { CopyService } from './CopyService';
import { registerCopy } from './registerCopy';
import { BerthRouter, defineRouteGroup } from '../http/routeGroup';

/** `POST /environments/:id/copy`: a new environment copied from this one. */
export const copyRoutes = defineRouteGroup(addCopyRoutes);

/** What the copy routes use. */
interface CopyRouteDeps {
  requests: RouteRequests;
  authorizedEnvironments: AuthorizedEnvironments;
  projects: ProjectService;
  copies: CopyService;
  environmentOperations: EnvironmentOperations;
}

function addCopyRoutes(
  router: BerthRouter,
  { requests, ...deps }: CopyRouteDeps,
) {
  router.post('/environments/:id/copy', async (req, res) => {
    const {
      credentials,
      operationActor,
      environment: source,
    } = await requests.environment(
      req,
      berthEnvironmentCopyPermission,
      environmentActions.copiesProduction,
    );
    const body = req.body;
    checkServicesKeys(body.services, 'services');
    const project = await deps.projects.getProject(source.projectRef);
    const copy = await deps.copies.plan(project, source, body);
    await deps.authorizedEnvironments.assertMayCreate(
      credentials,
      copy.plan,
      project.ownerRef,
    );
    // The copy's row, its origin and the operation that makes its namespace
    // and deploys it are stored together.
    const { environment, operation } = await requests.audited(
      req,
      'environment-copy',
      {
        source: source.id,
        environment: copy.plan.name,
        cluster: copy.plan.cluster,
        namespace: copy.plan.namespace,
      },
      () => registerCopy(deps, source, copy, operationActor),
    );
    const { ownerRef: _ownerRef, ...publicEnvironment } = environment;
    const response: CopyEnvironmentResponse = {
      environment: publicEnvironment,
      sourceId: source.id,
      services: copy.services,
      operation,
    };
    res.status(201).json(response);
  });
}
