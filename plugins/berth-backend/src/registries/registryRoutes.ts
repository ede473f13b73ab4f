import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  berthEnvironmentReadPermission,
  berthEnvironmentUpdatePermission,
} from '@berth/plugin-berth-common';
import express from 'express';
import { environmentRequests } from '../http/environmentRequest';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { RegistryService } from './RegistryService';
import { routeGroup } from '../http/routeGroup';

/** The image registry endpoints: the configured registries and each environment's. */
export function registryRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  registries: RegistryService;
}): express.Router {
  const router = routeGroup();
  const requests = environmentRequests(deps);

  router.get('/registries', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: deps.registries.list() });
  });

  router.get('/environments/:id/registry', async (req, res) => {
    const { environment } = await requests.authorized(
      req,
      berthEnvironmentReadPermission,
    );
    res.json(await deps.registries.environmentRegistry(environment));
  });

  router.put('/environments/:id/registry', async (req, res) => {
    const { environment } = await requests.authorized(
      req,
      berthEnvironmentUpdatePermission,
    );
    const { registry } = req.body;
    const result = await requests.audited(
      req,
      'environment-registry-update',
      {
        environment: environment.id,
        registry: registry ?? '(cluster default)',
      },
      () => deps.registries.setOverride(environment, registry),
    );
    res.json(result);
  });

  return router;
}
