import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { EnvironmentAuthorizer } from '../../../permissions/EnvironmentAuthorizer';
import {
  recordingAuditor,
  seededDatabase,
} from '../../../permissions/__testUtils__/layerFixture';
import { createRouter } from '../../../router';
import { InMemorySandboxService } from './InMemorySandboxService';
import { sandboxPolicy } from './sandboxPolicy';

/**
 * Berth's whole router (the generated contract validation in front) with
 * the sandbox routes over the in-memory sandbox service, the bases in the
 * seeded SQLite database (shop's dev and prod, bank's dev), the real
 * environment authorization and the policy of sandboxPolicy.ts. Other
 * route groups get stubs.
 */
export async function sandboxApp() {
  const db = await seededDatabase();
  const service = new InMemorySandboxService();
  const auditor = recordingAuditor();
  const permissions = sandboxPolicy();
  const stub = {} as any;
  const router = await createRouter({
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
    health: stub,
    httpAuth: mockServices.httpAuth(),
    auditor,
    permissions,
    authorizer: new EnvironmentAuthorizer(permissions, auditor),
    projectAuthorizer: stub,
    clusters: stub,
    environments: db.environments,
    environmentService: stub,
    projects: db.projects,
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
    sandboxes: service,
  });
  const app = express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  return {
    app,
    service,
    auditor,
    permissions,
    environments: db.seeded,
    close: () => db.knex.destroy(),
  };
}
