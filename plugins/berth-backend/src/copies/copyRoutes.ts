import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  berthEnvironmentCopyPermission,
  berthEnvironmentCopyProductionPermission,
  berthEnvironmentCreatePermission,
  CopyEnvironmentResponse,
} from '@berth/plugin-berth-common';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { actorOf, operationActor } from '../model/actor';
import express from 'express';
import { EnvironmentService } from '../environments/EnvironmentService';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { StatusService } from '../environments/StatusService';
import { audited } from '../http/audited';
import { checkServicesKeys } from '../http/serviceSettingsKeys';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { ProjectService } from '../projects/ProjectService';
import { CopyService } from './CopyService';
import { AdoptableNamespaces } from '../environments/AdoptableNamespaces';
import { authorizeAdoption } from '../environments/authorizeAdoption';
import { environmentAccess } from '../http/authorizedEnvironment';
import { routeGroup } from '../http/routeGroup';

/** `POST /environments/:id/copy`: a new environment copied from this one. */
export function copyRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  environmentService: EnvironmentService;
  projects: ProjectService;
  copies: CopyService;
  status: StatusService;
  environmentOperations: EnvironmentOperations;
  adoptableNamespaces: AdoptableNamespaces;
}): express.Router {
  const router = routeGroup();
  const { authorizer } = deps;
  const access = environmentAccess(deps);

  router.post('/environments/:id/copy', async (req, res) => {
    const { credentials, environment: source } = await access(
      req,
      berthEnvironmentCopyPermission,
    );
    const actor = actorOf(credentials);
    if (source.tier === 'production') {
      await authorizer.authorize(
        credentials,
        berthEnvironmentCopyProductionPermission,
        source,
      );
    }
    const body = req.body;
    checkServicesKeys(body.services, 'services');
    const project = await deps.projects.getProject(source.projectRef);
    const copy = await deps.copies.plan(project, source, body);
    await authorizer.authorize(credentials, berthEnvironmentCreatePermission, {
      id: '',
      name: copy.plan.name,
      projectRef: copy.plan.projectRef,
      cluster: copy.plan.cluster,
      tier: copy.plan.tier,
      ownerRef: project.ownerRef,
    });
    await authorizeAdoption(deps, credentials, copy.plan, project.ownerRef);
    const operationBy = operationActor(credentials);
    // The copy's row, its origin and the operation that makes its namespace
    // and deploys it are stored together.
    const { environment, operation } = await audited(
      deps.auditor,
      req,
      'environment-copy',
      {
        source: source.id,
        environment: copy.plan.name,
        cluster: copy.plan.cluster,
        namespace: copy.plan.namespace,
      },
      () =>
        deps.environmentOperations.transaction(async tx => {
          const created = await deps.copies.register(copy, actor, tx);
          return {
            environment: created,
            operation: await deps.environmentOperations.start(
              created,
              {
                kind: 'copy',
                title: `Copy ${source.name} to ${created.name}${
                  copy.plan.deploy ? ' and deploy' : ''
                }`,
                spec: {
                  adoptNamespace: copy.plan.adoptNamespace,
                  deploy: copy.plan.deploy,
                },
              },
              operationBy,
              tx,
            ),
          };
        }),
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

  return router;
}
