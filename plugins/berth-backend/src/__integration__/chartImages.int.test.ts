import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BerthProject,
  DEFAULT_IMAGE_RULES,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import {
  startChartRepository,
  TestChartRepository,
} from '../__testUtils__/chartRepository';
import { kubeConfigFor, testClusters } from '../__testUtils__/testClusters';

// Images of any chart: a third-party style chart (registry, repository and
// tag kept apart, the tag defaulting to the appVersion, a whole reference
// under another key, one more only a project rule finds) imported from a
// real chart repository on loopback, deployed with the real helm on the
// local cluster. Its images registry, 127.0.0.1:9, never answers.
jest.setTimeout(600_000);

const [east] = testClusters();
const helm = join(east.bin, 'helm');
const fixtures = resolve(__dirname, '../../test-fixtures/chart-images');
const actor = 'user:default/ada';
const REG = '127.0.0.1:9/berth';

type HelmSpec = Extract<ServiceSpec, { kind: 'helm' }>;

describe('images of a chart imported from a repository', () => {
  let knex: Knex;
  let repo: TestChartRepository;
  let berth: ReturnType<typeof createBerthServices>;
  const projectName = `img-${Math.random().toString(36).slice(2, 7)}`;
  const projectRef = `system:default/${projectName}`;
  const namespaces: string[] = [];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const apps = kubeConfigFor(east).makeApiClient(AppsV1Api);

  const project = (): Promise<BerthProject> =>
    berth.projects.getProject(projectRef);
  const spec = async (service: string) => {
    const revisions = await berth.projects.listServiceRevisions(
      projectRef,
      service,
    );
    return revisions[revisions.length - 1].spec as HelmSpec;
  };

  beforeAll(async () => {
    repo = await startChartRepository({
      charts: [join(fixtures, 'charts/cache')],
      helm,
    });
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: {
            binary: helm,
            repositories: [{ name: 'test', url: repo.url }],
          },
          outbound: { allowAddresses: ['127.0.0.0/8'] },
          deploy: { groupTimeoutSeconds: 120 },
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(
        new ConfigReader(
          JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
        ),
      ),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
  });

  afterAll(async () => {
    await Promise.all(
      namespaces.map(name =>
        core.deleteNamespace({ name }).catch(() => undefined),
      ),
    );
    await repo?.stop();
    await knex?.destroy();
  });

  it('refuses image rules that are not plain dotted paths, or a registry without a tag, changing nothing', async () => {
    for (const rules of [
      [{ repository: 'image..repository' }],
      [{ repository: 'image.repository', tag: 'image tag' }],
      [{ registry: 'image.registry', repository: 'image.repository' }],
    ]) {
      await expect(
        berth.projects.setImageRules(projectRef, rules),
      ).rejects.toMatchObject({ name: 'InputError' });
    }
    expect((await project()).imageRules).toBeUndefined();
  });

  it("finds the chart's images with the project's rules at import, or takes the reviewed ones", async () => {
    const rules = [
      ...DEFAULT_IMAGE_RULES,
      { repository: 'imageName', tag: 'imageTag' },
    ];
    await berth.projects.setImageRules(projectRef, rules);
    expect((await project()).imageRules).toEqual(rules);

    const source = {
      type: 'repository' as const,
      repository: 'test',
      chart: 'cache',
      version: '0.1.0',
    };
    const result = await berth.helmImport.importCharts(
      projectRef,
      {
        items: [
          { source, service: 'cache' },
          {
            source,
            service: 'reviewed',
            // as the wizard sends them when one was unticked
            images: [
              {
                name: 'main',
                registryPath: 'image.registry',
                repositoryPath: 'image.repository',
                tagPath: 'image.tag',
              },
            ],
          },
        ],
      },
      actor,
    );
    expect(result).toMatchObject({ created: 2, failed: 0 });
    expect((await spec('cache')).images).toEqual([
      {
        name: 'main',
        registryPath: 'image.registry',
        repositoryPath: 'image.repository',
        tagPath: 'image.tag',
      },
      { name: 'metrics', repositoryPath: 'metrics.image' },
      {
        name: 'proxy',
        repositoryPath: 'proxy.imageName',
        tagPath: 'proxy.imageTag',
      },
    ]);
    expect((await spec('reviewed')).images.map(i => i.name)).toEqual(['main']);
  });

  it('records the images Helm rendered, writes overrides apart into registry and repository, and rolls back past a registry that cannot say', async () => {
    const { environmentService, deployments } = berth;
    const [plan] = await environmentService.plan(await project(), [
      { name: 'images', cluster: east.name, tier: 'testing' },
    ]);
    const [environment] = await environmentService.create([plan], actor);
    namespaces.push(environment.namespace);
    const first = await environmentService.deploy(
      await project(),
      environment,
      actor,
    );
    expect(first.message).toBeUndefined();
    // the tag the chart left empty is its appVersion, as rendered
    const rendered = [
      `${REG}/cache:7.2.4`,
      `${REG}/exporter:0.15`,
      `${REG}/proxy:1.30`,
    ];
    const recordOf = (service: string) =>
      first.records.find(r => r.service === service)!;
    expect(recordOf('cache').images).toEqual(rendered);
    expect(recordOf('reviewed').images).toEqual(rendered);
    expect((await deployments.get(recordOf('cache').id)).images).toEqual(
      rendered,
    );

    // An image update by name: the registry and the repository apart.
    const updated = await environmentService.updateService(
      await project(),
      environment,
      'cache',
      {
        images: {
          main: 'localhost:5000/berth/cache:7.2.5',
          metrics: `${REG}/exporter:0.16`,
        },
      },
    );
    const second = await environmentService.deployOne(
      await project(),
      updated,
      'cache',
      actor,
    );
    expect(second.message).toBeUndefined();
    expect(second.records[0].images).toEqual([
      'localhost:5000/berth/cache:7.2.5',
      `${REG}/exporter:0.16`,
      `${REG}/proxy:1.30`,
    ]);
    const live = await apps.readNamespacedDeployment({
      name: 'cache',
      namespace: environment.namespace,
    });
    expect(live.spec!.template.spec!.containers.map(c => c.image)).toEqual(
      second.records[0].images,
    );
    const snapshot = await deployments.getSnapshot(second.records[0].id);
    expect(snapshot.values).toContain('registry: localhost:5000');

    // Back to the first record: its images' registry cannot be asked, which
    // the check says, and which does not refuse the rollback.
    const check = await berth.rollbacks.check(
      await project(),
      updated,
      'cache',
      recordOf('cache').id,
    );
    expect(check.images.map(i => [i.image, i.exists, i.unverified])).toEqual(
      rendered.map(image => [image, false, true]),
    );
    const prepared = await berth.rollbacks.prepare(
      await project(),
      await berth.environments.getById(environment.id),
      'cache',
      recordOf('cache').id,
      actor,
    );
    const rolledBack = await prepared.deploy();
    expect(rolledBack.error).toBeUndefined();
    expect(rolledBack.record.images).toEqual(rendered);
    const after = await apps.readNamespacedDeployment({
      name: 'cache',
      namespace: environment.namespace,
    });
    expect(after.spec!.template.spec!.containers.map(c => c.image)).toEqual(
      rendered,
    );
  });
});
