import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BerthProject, ServiceSpec } from '@berth/plugin-berth-common';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { EnvironmentService } from '../environments/EnvironmentService';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectService } from '../projects/ProjectService';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';

// Environments deployed for real: Helm releases on the local clusters, in
// start-order groups, with Berth's values precedence.
jest.setTimeout(300_000);

const [east, west] = testClusters();
const chart = resolve(__dirname, '../../test-fixtures/charts/hello');
const actor = 'user:default/ada';

const GROUPS = [
  ['db', 'cache', 'queue'],
  ['cart', 'orders', 'payments', 'catalog'],
  ['web', 'admin', 'gateway'],
];

function helmSpec(values = ''): ServiceSpec {
  return {
    kind: 'helm',
    chart: { type: 'path', path: chart },
    values,
    images: [
      {
        name: 'main',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
    ],
  };
}

describe('environments on the local clusters', () => {
  let knex: Knex;
  let project: BerthProject;
  let projects: ProjectService;
  let environmentService: EnvironmentService;
  let environments: EnvironmentStore;
  let deployments: DeploymentStore;
  const projectName = `int-${randomBytes(3).toString('hex')}`;
  const projectRef = `system:default/${projectName}`;
  const namespacesToDelete: Array<[typeof east, string]> = [];

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
    const clusters = ClusterRegistry.fromConfig(config);
    // The plugin's own wiring, on this test's database, with the local
    // control plane's helm and a two-minute group timeout.
    const berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: { binary: join(east.bin, 'helm') },
          deploy: { groupTimeoutSeconds: 120 },
        },
      }),
      knex,
      clusters,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    const { projectStore } = berth;
    ({ environments, deployments, projects, environmentService } = berth);

    await projectStore.upsert({
      ref: projectRef,
      name: projectName,
      ownerRef: 'group:default/team-int',
    });
    for (const name of GROUPS.flat()) {
      await projects.createService(
        projectRef,
        {
          name,
          componentRef: `component:default/${name}`,
          spec: helmSpec(
            name === 'cart'
              ? 'layers:\n  service: service\n  project: service\n  environment: service\n  override: service\n  set: service\n'
              : 'replicaCount: 1\n',
          ),
        },
        actor,
      );
    }
    await projects.setStartOrder(projectRef, GROUPS);
    await projects.setValues(
      projectRef,
      'layers:\n  project: project\n  environment: project\n  override: project\n  set: project\n',
    );
    project = await projects.getProject(projectRef);
  });

  afterAll(async () => {
    for (const [cluster, namespace] of namespacesToDelete) {
      await kubeConfigFor(cluster)
        .makeApiClient(CoreV1Api)
        .deleteNamespace({ name: namespace })
        .catch(() => undefined);
    }
    await knex?.destroy();
  });

  async function createAndDeploy(
    cluster: typeof east,
    name: string,
    extra = {},
  ) {
    const [plan] = await environmentService.plan(project, [
      { name, cluster: cluster.name, tier: 'testing', ...extra },
    ]);
    const [environment] = await environmentService.create([plan], actor);
    namespacesToDelete.push([cluster, environment.namespace]);
    const outcome = await environmentService.deploy(
      project,
      environment,
      actor,
    );
    return { environment, outcome };
  }

  it('deploys ten services in three start-order groups, each group after the previous is ready', async () => {
    const { environment, outcome } = await createAndDeploy(east, 'qa', {
      values:
        'layers:\n  environment: environment\n  override: environment\n  set: environment\n',
      services: {
        cart: {
          values: 'layers:\n  override: override\n  set: override\n',
          set: { 'layers.set': 'set' },
          images: { main: 'ghcr.io/berth-demo/cart:2.0.0' },
        },
      },
    });

    expect(outcome.failed).toBe(false);
    expect(outcome.records).toHaveLength(10);
    expect(outcome.records.every(r => r.result === 'succeeded')).toBe(true);
    expect(environment.namespace).toBe(`${projectName}-qa`);
    expect(environment.namespaceCreated).toBe(true);

    // Group order, from the recorded timestamps.
    const records = await deployments.list(environment.id);
    const byGroup = GROUPS.map((_, i) => records.filter(r => r.group === i));
    expect(byGroup.map(g => g.length)).toEqual([3, 4, 3]);
    for (let i = 1; i < byGroup.length; i++) {
      const previousDone = Math.max(
        ...byGroup[i - 1].map(r => Date.parse(r.finishedAt!)),
      );
      const started = Math.min(...byGroup[i].map(r => Date.parse(r.startedAt)));
      expect(started).toBeGreaterThanOrEqual(previousDone);
    }

    // Every workload is ready, with Berth's labels for the Kubernetes tab.
    const kc = kubeConfigFor(east);
    const { items } = await kc
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: environment.namespace });
    expect(items).toHaveLength(10);
    for (const deployment of items) {
      expect(deployment.status?.readyReplicas).toBe(deployment.spec?.replicas);
      expect(deployment.spec?.template.metadata?.labels).toMatchObject({
        'backstage.io/kubernetes-id': deployment.metadata!.name,
        'berth.dev/environment': environment.id,
        'berth.dev/service': deployment.metadata!.name,
      });
    }
  });

  it('applies the values precedence on the live objects', async () => {
    const environment = await environments.get(projectRef, 'qa');
    const kc = kubeConfigFor(east);
    const config = await kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({
      name: 'cart-config',
      namespace: environment.namespace,
    });
    expect(config.data).toMatchObject({
      'layer-chart': 'chart',
      'layer-service': 'service',
      'layer-project': 'project',
      'layer-environment': 'environment',
      'layer-override': 'override',
      'layer-set': 'set',
    });
    const cart = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({
      name: 'cart',
      namespace: environment.namespace,
    });
    expect(cart.spec?.template.spec?.containers[0].image).toBe(
      'ghcr.io/berth-demo/cart:2.0.0',
    );
    const record = (
      await deployments.list(environment.id, { service: 'cart' })
    )[0];
    expect(record.images).toEqual(['ghcr.io/berth-demo/cart:2.0.0']);
  });

  it('updates one service without touching the others', async () => {
    let environment = await environments.get(projectRef, 'qa');
    const before = await deployments.latestPerService(environment.id);
    environment = await environmentService.updateService(
      project,
      environment,
      'orders',
      {
        images: { main: 'ghcr.io/berth-demo/orders:3.1.0' },
      },
    );
    const outcome = await environmentService.deployOne(
      project,
      environment,
      'orders',
      actor,
    );
    expect(outcome.failed).toBe(false);

    const after = await deployments.latestPerService(environment.id);
    expect(after.get('orders')?.helmRevision).toBe(
      (before.get('orders')?.helmRevision ?? 0) + 1,
    );
    for (const service of GROUPS.flat().filter(s => s !== 'orders')) {
      expect(after.get(service)?.id).toBe(before.get(service)?.id);
    }
    const apps = kubeConfigFor(east).makeApiClient(AppsV1Api);
    const orders = await apps.readNamespacedDeployment({
      name: 'orders',
      namespace: environment.namespace,
    });
    expect(orders.spec?.template.spec?.containers[0].image).toBe(
      'ghcr.io/berth-demo/orders:3.1.0',
    );
    const cart = await apps.readNamespacedDeployment({
      name: 'cart',
      namespace: environment.namespace,
    });
    expect(cart.metadata?.generation).toBe(1);
  });

  it('runs two environments of one project on the two clusters', async () => {
    const { environment, outcome } = await createAndDeploy(west, 'qa-west');
    expect(outcome.failed).toBe(false);
    expect(environment.cluster).toBe(west.name);
    const { items } = await kubeConfigFor(west)
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: environment.namespace });
    expect(
      items.filter(d => d.status?.readyReplicas === d.spec?.replicas),
    ).toHaveLength(10);
    expect(
      (await environments.list({ projectRef })).map(e => e.cluster).sort(),
    ).toEqual([east.name, west.name]);
  });

  it('deletes an environment but keeps its resources when asked to', async () => {
    const environment = await environments.get(projectRef, 'qa-west');
    await environmentService.delete(project, environment, {
      keepResources: true,
    });
    await expect(environments.getById(environment.id)).rejects.toThrow(
      'No environment',
    );
    const { items } = await kubeConfigFor(west)
      .makeApiClient(AppsV1Api)
      .listNamespacedDeployment({ namespace: environment.namespace });
    expect(items).toHaveLength(10);
  });

  it('deletes an environment with its releases and the namespace Berth created', async () => {
    const environment = await environments.get(projectRef, 'qa');
    await environmentService.delete(project, environment, {
      keepResources: false,
    });
    await expect(environments.getById(environment.id)).rejects.toThrow(
      'No environment',
    );
    const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
    await waitFor(
      () =>
        core.readNamespace({ name: environment.namespace }).then(
          () => false,
          e => e.code === 404,
        ),
      90_000,
      `namespace ${environment.namespace} to be gone`,
    );
  });
});
