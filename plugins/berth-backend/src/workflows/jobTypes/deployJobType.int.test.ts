import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServiceSpec } from '@berth/plugin-berth-common';
import { createMockJobContext } from '@berth/plugin-berth-node-test-utils';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { createBerthServices } from '../../createBerthServices';
import { applyDatabaseMigrations } from '../../database/migrations';
import { HELLO_CHART } from '../../__testUtils__/testProjectFile';
import { kubeConfigFor, testClusters } from '../../__testUtils__/testClusters';
import { createDeployJobType } from './deployJobType';
import { DeployJobInput } from './deployJobInput';

// The `deploy` job on the local cluster: the build job's digest pinned into
// the Helm values, deployed through an environment operation by the real
// engine, helm and readiness; the record names the job run; a resumed job
// reads the outcome instead of deploying again.
jest.setTimeout(300_000);

const [east] = testClusters();
const actor = 'user:default/ada';
const DIGEST = `sha256:${'c0ffee'.repeat(10)}abcd`;

const helm: ServiceSpec = {
  kind: 'helm',
  chart: { type: 'path', path: HELLO_CHART },
  values: 'replicaCount: 1\n',
  images: [
    { name: 'main', repositoryPath: 'image.repository', tagPath: 'image.tag' },
  ],
};

describe('deploy job on the local cluster', () => {
  let knex: Knex;
  let berth: ReturnType<typeof createBerthServices>;
  let namespace = '';
  const projectName = `wfd-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const config = new ConfigReader(
      JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
    );
    berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: { binary: join(east.bin, 'helm') },
          deploy: { groupTimeoutSeconds: 120 },
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(config),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
    for (const name of ['hello', 'other']) {
      await berth.projects.createService(
        projectRef,
        { name, componentRef: `component:default/${name}`, spec: helm },
        actor,
      );
    }
    berth.operations.start();
  });

  afterAll(async () => {
    await berth?.operations.stop();
    if (namespace) {
      await kubeConfigFor(east)
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
    await knex?.destroy();
  });

  it('pins the built digest, deploys it Ready, records the job run and never deploys twice', async () => {
    const project = await berth.projects.getProject(projectRef);
    const [plan] = await berth.environmentService.plan(project, [
      { name: 'dev', cluster: east.name, tier: 'development' },
    ]);
    const [environment] = await berth.environmentService.create([plan], actor);
    namespace = environment.namespace;

    const jobType = createDeployJobType({
      environments: berth.environments,
      projects: berth.projects,
      services: berth.services,
      environmentService: berth.environmentService,
      operations: berth.environmentOperations,
      operationStore: berth.operationStore,
      pollIntervalMs: 500,
    });
    const params = jobType.inputSchema.parse({
      environment: 'dev',
      services: ['hello'],
      images: { fromJob: 'build' },
    });
    const context = (resumedFrom?: unknown) =>
      createMockJobContext<DeployJobInput>({
        params,
        run: { projectRef, jobRunId: 'int-job-run-1', createdBy: actor },
        upstream: {
          build: { image: 'ghcr.io/berth-demo/hello:1.0.0', digest: DIGEST },
        },
        resumedFrom,
      });
    const first = context();
    await jobType.run(first);

    const deployment = await kubeConfigFor(east)
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: 'hello', namespace });
    expect(deployment.spec!.template.spec!.containers[0].image).toBe(
      `ghcr.io/berth-demo/hello:1.0.0@${DIGEST}`,
    );
    const records = await berth.deployments.list(environment.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      service: 'hello',
      result: 'succeeded',
      jobRunId: 'int-job-run-1',
      operationId: first.outputs.operationId,
    });

    const resumed = context(first.checkpoints[0]);
    await jobType.run(resumed);
    expect(resumed.outputs).toEqual(first.outputs);
    expect(await berth.deployments.list(environment.id)).toHaveLength(1);
    expect(
      await berth.operationStore.list({ environmentId: environment.id }),
    ).toHaveLength(1);
  });
});
