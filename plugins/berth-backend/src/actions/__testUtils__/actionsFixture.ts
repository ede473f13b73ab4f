import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { createBerthServices } from '../../createBerthServices';
import { authorizationLayer } from '../../permissions/authorizationLayer';
import { EnvironmentAuthorizer } from '../../permissions/EnvironmentAuthorizer';
import { ProjectAuthorizer } from '../../permissions/ProjectAuthorizer';
import {
  ownerPolicy,
  recordingAuditor,
  seededDatabase,
  user,
} from '../../permissions/__testUtils__/layerFixture';
import { registerBerthActions } from '../registerBerthActions';

const MANIFESTS = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web
data:
  greeting: hello
`;

/**
 * Berth's actions over the real stores, services and authorization layer:
 * the layer fixture's database (SQLite in memory, or `migrated`) with a
 * `web` service in shop, a policy answering like the example policy, a
 * recording auditor, and Backstage's mock actions registry (which checks
 * input and output against the schemas). `invoke` runs an action as a user
 * (olivia, shop's owner, unless told) and answers its output. No cluster is
 * configured: the operation engine (which claims at once) fails what the
 * actions start with "Unknown cluster 'east'".
 */
export async function berthActionsFixture(migrated?: Knex) {
  const db = await seededDatabase(migrated);
  const auditor = recordingAuditor();
  const policy = ownerPolicy();
  const config = new ConfigReader({});
  const berth = createBerthServices({
    config,
    knex: db.knex,
    clusters: ClusterRegistry.fromConfig(config),
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
  });
  await berth.projects.createService(
    'system:default/shop',
    {
      name: 'web',
      componentRef: 'component:default/web',
      spec: { kind: 'manifests', variables: [], manifests: MANIFESTS },
    },
    'user:default/ada',
  );
  const registry = actionsRegistryServiceMock();
  registerBerthActions(registry, {
    ...berth,
    ...authorizationLayer({
      ...berth,
      authorizer: new EnvironmentAuthorizer(policy, auditor),
      projectAuthorizer: new ProjectAuthorizer(
        policy,
        ref => berth.projectStore.get(ref),
        auditor,
      ),
    }),
    auditor,
  });
  const invoke = (
    name: string,
    input: Record<string, unknown>,
    credentials: BackstageCredentials = user('user:default/olivia'),
  ) =>
    registry
      .invoke({ id: `test:${name}`, input: input as any, credentials })
      .then(r => r.output as any);
  /** get-operation's answer once the operation ended. */
  const ended = async (environmentId: string, operationId: string) => {
    for (let i = 0; i < 100; i++) {
      const operation = await invoke('get-operation', {
        environmentId,
        operationId,
      });
      if (!['queued', 'running'].includes(operation.status)) return operation;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error(`Operation ${operationId} did not end`);
  };
  /** Stops the operation engine and closes the database. */
  const close = async () => {
    await berth.operations.stop();
    await db.knex.destroy();
  };
  return { ...db, auditor, registry, berth, invoke, ended, close };
}
