import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { createRouter } from '../router';

/**
 * Berth's router built with empty stub services: building it only wires the
 * routes and the contract's validation; a request that reached a service
 * would fail with a 500.
 */
export function routerWithStubServices(): Promise<express.Router> {
  const stub = {} as any;
  return createRouter({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
    health: stub,
    httpAuth: mockServices.httpAuth(),
    auditor: stub,
    permissions: stub,
    authorizer: stub,
    projectAuthorizer: stub,
    clusters: stub,
    environments: stub,
    environmentService: stub,
    projects: stub,
    services: stub,
    deployments: stub,
    status: stub,
    inspector: stub,
    helmImport: stub,
    helmImportConfig: { limits: { maxArchiveBytes: 1024 } } as any,
    rendering: stub,
    drift: stub,
    copies: stub,
    sleep: stub,
    sleepScheduler: stub,
    configs: stub,
    registries: stub,
    rollbacks: stub,
    environmentOperations: stub,
    adoptableNamespaces: stub,
    extensions: stub,
    workflows: stub,
    sandboxes: stub,
  });
}
