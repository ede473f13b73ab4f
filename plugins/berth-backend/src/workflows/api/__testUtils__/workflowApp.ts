import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { UserInfoService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import { EnvironmentAuthorizer } from '../../../permissions/EnvironmentAuthorizer';
import {
  recordingAuditor,
  seededDatabase,
} from '../../../permissions/__testUtils__/layerFixture';
import { createRouter } from '../../../router';
import { DatabaseJobLogs } from '../../logs';
import { TriggerDeliveryStore } from '../../triggers';
import { InMemoryWorkflowService } from './InMemoryWorkflowService';
import { claimsOf, workflowPolicy } from './workflowPolicy';

/**
 * Berth's whole router (the generated contract validation in front) with
 * the workflow routes over the in-memory WorkflowService, real job logs and
 * trigger deliveries on SQLite, the real environment authorization, and
 * the test policy of workflowPolicy.ts. Other route groups get stubs.
 */
export async function workflowApp(
  options: { requireApprovalForTiers?: string[] } = {},
) {
  const db = await seededDatabase();
  const { shopDev, shopProd, bankDev } = db.seeded;
  const service = await InMemoryWorkflowService.create({
    projects: [
      { ref: 'system:default/shop', ownerRef: 'group:default/team-shop' },
      { ref: 'system:default/bank', ownerRef: 'group:default/team-bank' },
    ],
    environments: [shopDev, shopProd, bankDev],
  });
  const auditor = recordingAuditor();
  const permissions = workflowPolicy();
  const jobLogs = new DatabaseJobLogs({ knex: db.knex, flushIntervalMs: 10 });
  const deliveries = new TriggerDeliveryStore(db.knex);
  const userInfo: UserInfoService = {
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: claimsOf[ref] ?? [] };
    },
  };
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
    workflows: {
      workflowService: service,
      jobLogs,
      jobLogNotifier: jobLogs.notifier,
      deliveries,
      userInfo,
      projectOwners: db.projectStore,
      requireApprovalForTiers: options.requireApprovalForTiers ?? [],
      logPollIntervalMs: 20,
    },
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
    jobLogs,
    deliveries,
    environments: db.seeded,
    async close() {
      await service.close();
      await db.knex.destroy();
    },
  };
}
