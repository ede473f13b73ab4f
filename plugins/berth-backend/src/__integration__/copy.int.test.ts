import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BerthProject, ServiceSpec } from '@berth/plugin-berth-common';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { CopyService } from '../copies/CopyService';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { EnvironmentService } from '../environments/EnvironmentService';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectService } from '../projects/ProjectService';
import { HELLO_CHART } from '../__testUtils__/testProjectFile';
import {
  kubeConfigFor,
  testClusters,
  TestCluster,
} from '../__testUtils__/testClusters';

// Copy of an environment from one local cluster to the other: same
// revisions, values and images (pinned from what the source deployed, even
// after the project's values changed), all Ready, in start order.
jest.setTimeout(300_000);

const [east, west] = testClusters();
const actor = 'user:default/ada';
const GROUPS = [['db'], ['api', 'web']];

const helm = (values: string): ServiceSpec => ({
  kind: 'helm',
  chart: { type: 'path', path: HELLO_CHART },
  values,
  images: [
    { name: 'main', repositoryPath: 'image.repository', tagPath: 'image.tag' },
  ],
});

describe('copying an environment across the local clusters', () => {
  let knex: Knex;
  let project: BerthProject;
  let projects: ProjectService;
  let environmentService: EnvironmentService;
  let environments: EnvironmentStore;
  let deployments: DeploymentStore;
  let copies: CopyService;
  const projectName = `cpy-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  const toDelete: Array<[TestCluster, string]> = [];

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
    const berth = createBerthServices({
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
    ({ environments, environmentService, deployments, projects, copies } =
      berth);
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
    for (const name of GROUPS.flat()) {
      await projects.createService(
        projectRef,
        {
          name,
          componentRef: `component:default/${name}`,
          spec: helm('replicaCount: 1\n'),
        },
        actor,
      );
    }
    // A second revision of api: the source pins revision 1.
    await projects.addServiceRevision(
      projectRef,
      'api',
      helm('replicaCount: 1\nmessage: revision-2\n'),
      actor,
    );
    await projects.setStartOrder(projectRef, GROUPS);
    await projects.setValues(
      projectRef,
      'image:\n  tag: 1.0.0\nmessage: project\n',
    );
    project = await projects.getProject(projectRef);
  });

  afterAll(async () => {
    for (const [cluster, namespace] of toDelete) {
      await kubeConfigFor(cluster)
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
    await knex?.destroy();
  });

  async function live(cluster: TestCluster, namespace: string) {
    const { items } = await kubeConfigFor(cluster)
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace });
    return Object.fromEntries(
      items.map(d => [
        d.metadata!.name!,
        {
          image: d.spec!.template.spec!.containers[0].image,
          message: d.spec!.template.spec!.containers[0].env?.find(
            e => e.name === 'MESSAGE',
          )?.value,
          ready: d.status?.readyReplicas === d.spec?.replicas,
        },
      ]),
    );
  }

  it('copies revisions, values and deployed images onto the other cluster, all Ready', async () => {
    const [plan] = await environmentService.plan(project, [
      {
        name: 'qa',
        cluster: east.name,
        tier: 'testing',
        values: 'message: environment\n',
        services: {
          api: { revision: 1 },
          web: {
            images: { main: 'ghcr.io/berth-demo/web:2.0.0' },
            set: { message: 'web-set' },
          },
        },
      },
    ]);
    const [source] = await environmentService.create([plan], actor);
    toDelete.push([east, source.namespace]);
    expect(
      (await environmentService.deploy(project, source, actor)).failed,
    ).toBe(false);
    const sourceLive = await live(east, source.namespace);

    // The project's values change after the source was deployed: the copy
    // still gets the images the source runs.
    await projects.setValues(
      projectRef,
      'image:\n  tag: 9.9.9\nmessage: project\n',
    );
    project = await projects.getProject(projectRef);

    const copy = await copies.plan(project, source, {
      name: 'qa-west',
      cluster: west.name,
    });
    expect(copy.plan).toMatchObject({
      cluster: west.name,
      namespace: `${projectName}-qa-west`,
      tier: 'testing',
      values: 'message: environment\n',
    });
    expect(copy.services).toEqual({
      db: { revision: 1, images: { main: 'ghcr.io/berth-demo/hello:1.0.0' } },
      api: { revision: 1, images: { main: 'ghcr.io/berth-demo/hello:1.0.0' } },
      web: { revision: 1, images: { main: 'ghcr.io/berth-demo/web:2.0.0' } },
    });
    const copied = await copies.create(copy, actor);
    toDelete.push([west, copied.namespace]);
    expect(copied.services.web.set).toEqual({ message: 'web-set' });
    const outcome = await environmentService.deploy(project, copied, actor);
    expect(outcome.failed).toBe(false);

    // Same images and values live on west, all Ready.
    const copyLive = await live(west, copied.namespace);
    expect(copyLive).toEqual(sourceLive);
    expect(Object.values(copyLive).every(d => d.ready)).toBe(true);
    expect(copyLive.web).toEqual({
      image: 'ghcr.io/berth-demo/web:2.0.0',
      message: 'web-set',
      ready: true,
    });
    expect(copyLive.api.message).toBe('environment');

    // Deployed in start order, with the source's revisions.
    const records = await deployments.list(copied.id);
    expect(
      Object.fromEntries(records.map(r => [r.service, r.revision])),
    ).toEqual({ db: 1, api: 1, web: 1 });
    const dbDone = Date.parse(
      records.find(r => r.service === 'db')!.finishedAt!,
    );
    for (const service of ['api', 'web']) {
      expect(
        Date.parse(records.find(r => r.service === service)!.startedAt),
      ).toBeGreaterThanOrEqual(dbDone);
    }
  });

  it('copies with overrides, and refuses an existing name without creating anything', async () => {
    const source = await environments.get(projectRef, 'qa');
    const copy = await copies.plan(project, source, {
      name: 'qa-east',
      tier: 'development',
      values: 'message: override\n',
      services: { db: { images: { main: 'ghcr.io/berth-demo/db:3.0.0' } } },
      deploy: false,
    });
    expect(copy.plan).toMatchObject({
      cluster: east.name,
      tier: 'development',
      values: 'message: override\n',
      deploy: false,
    });
    expect(copy.plan.services?.db.images).toEqual({
      main: 'ghcr.io/berth-demo/db:3.0.0',
    });
    expect(copy.plan.services?.api.revision).toBe(1);

    const before = await environments.list({ projectRef });
    await expect(
      copies.plan(project, source, { name: 'qa-west', cluster: east.name }),
    ).rejects.toThrow(
      new ConflictError(
        `Project '${projectRef}' already has an environment named 'qa-west'`,
      ),
    );
    expect(await environments.list({ projectRef })).toEqual(before);
    await expect(
      kubeConfigFor(east)
        .makeApiClient(CoreV1Api)
        .readNamespace({ name: `${projectName}-qa-west` }),
    ).rejects.toMatchObject({ code: 404 });
  });
});
