import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BerthProject, ChartImportItem } from '@berth/plugin-berth-common';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import knexFactory, { Knex } from 'knex';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { ChartArchiveStore } from '../helm/ChartArchiveStore';
import { readHelmImportConfig } from '../helm/helmConfig';
import { HelmImportService } from '../helm/HelmImportService';
import { directoryUrlReader } from '../helm/__testUtils__/directoryUrlReader';
import {
  helmPackage,
  startChartRepository,
  TestChartRepository,
} from '../__testUtils__/chartRepository';
import {
  freeLoopbackPort,
  startTestRegistry,
  TestRegistry,
} from '../__testUtils__/ociRegistry';
import {
  kubeConfigFor,
  testClusters,
  waitFor,
} from '../__testUtils__/testClusters';

// Helm import end to end: a chart repository served on loopback (charts
// packaged by `helm package`, indexed by `helm repo index`, basic auth), a
// docker-registry on loopback (charts pushed with `helm push`, htpasswd), a
// Git tree through the URL reader interface over a real directory, and an
// upload; every imported service deployed on the local cluster until Running.
jest.setTimeout(600_000);

const run = promisify(execFile);
const [east] = testClusters();
const helm = join(east.bin, 'helm');
const fixtures = resolve(__dirname, '../../test-fixtures/import-charts');
const GIT = 'https://git.example.com/acme/charts/tree/main';
const actor = 'user:default/ada';

describe('Helm import from real sources, deployed on the local cluster', () => {
  let knex: Knex;
  let repo: TestChartRepository;
  let registry: TestRegistry;
  let berth: ReturnType<typeof createBerthServices>;
  let project: BerthProject;
  let gitRoot: string;
  let cacheDir: string;
  let reader: ReturnType<typeof directoryUrlReader>;
  const projectName = `imp-${Math.random().toString(36).slice(2, 7)}`;
  const projectRef = `system:default/${projectName}`;
  const namespaces: string[] = [];
  const core = kubeConfigFor(east).makeApiClient(CoreV1Api);
  const apps = kubeConfigFor(east).makeApiClient(AppsV1Api);

  beforeAll(async () => {
    repo = await startChartRepository({
      charts: [
        join(fixtures, 'repo/charts/api'),
        join(fixtures, 'repo/charts/api-v2'),
      ],
      auth: true,
      helm,
    });
    registry = await startTestRegistry({ auth: true });
    const packed = mkdtempSync(join(tmpdir(), 'berth-test-push-'));
    const [queue] = await helmPackage(
      [join(fixtures, 'oci/charts/queue')],
      packed,
      helm,
    );
    await run(
      helm,
      [
        'push',
        queue,
        `oci://${registry.host}/charts`,
        '--plain-http',
        '--username',
        registry.username!,
        '--password',
        registry.password!,
      ],
      {
        env: {
          ...process.env,
          HOME: packed,
          HELM_REGISTRY_CONFIG: join(packed, 'reg.json'),
        },
      },
    );
    rmSync(packed, { recursive: true, force: true });

    // A copy of the Git tree, so the values-tracking test can change a file.
    gitRoot = mkdtempSync(join(tmpdir(), 'berth-git-'));
    cpSync(join(fixtures, 'tree'), gitRoot, { recursive: true });
    reader = directoryUrlReader(GIT, gitRoot);
    cacheDir = mkdtempSync(join(tmpdir(), 'berth-chart-cache-'));

    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const clusterConfig = new ConfigReader(
      JSON.parse(readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8')),
    );
    berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: {
            binary: helm,
            repositories: [
              {
                name: 'test',
                url: repo.url,
                username: repo.username,
                password: repo.password,
              },
            ],
            registries: [
              {
                name: 'local',
                host: registry.host,
                username: registry.username,
                password: registry.password,
              },
            ],
            // The Git tree's host (read through the directory reader).
            import: {
              cacheDir,
              timeoutSeconds: 20,
              allowedHosts: ['git.example.com'],
            },
          },
          // The test repository and registry run on loopback: allowed explicitly.
          outbound: { allowAddresses: ['127.0.0.0/8'] },
          deploy: { groupTimeoutSeconds: 120 },
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(clusterConfig),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      urlReader: reader,
    });
    await berth.projectStore.upsert({ ref: projectRef, name: projectName });
  });

  afterAll(async () => {
    await berth?.status.stop();
    await Promise.all(
      namespaces.map(name =>
        core.deleteNamespace({ name }).catch(() => undefined),
      ),
    );
    await repo?.stop();
    await registry?.stop();
    await knex?.destroy();
    rmSync(gitRoot, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('lists the charts of a configured repository with its credentials, and never shows them', async () => {
    const charts = await berth.helmImport.listCharts({ repository: 'test' });
    expect(charts).toEqual([
      expect.objectContaining({
        name: 'api',
        versions: [
          expect.objectContaining({ version: '1.1.0' }),
          expect.objectContaining({ version: '1.0.0' }),
        ],
      }),
    ]);
    expect(berth.helmImport.listRepositories()).toEqual([
      { name: 'test', url: repo.url, authenticated: true },
    ]);
    expect(JSON.stringify(berth.helmImport.listRegistries())).not.toContain(
      registry.password!,
    );
  });

  it('reads the credentials of a repository from a stored Secret reference, never showing them', async () => {
    const namespace = `helm-creds-${Math.random().toString(36).slice(2, 7)}`;
    namespaces.push(namespace);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const writeSecret = (password: string) =>
      core.replaceNamespacedSecret({
        name: 'charts',
        namespace,
        body: {
          metadata: { name: 'charts', namespace },
          type: 'kubernetes.io/basic-auth',
          stringData: { username: repo.username!, password },
        },
      });
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: { name: 'charts' },
        type: 'kubernetes.io/basic-auth',
        stringData: { username: repo.username!, password: repo.password! },
      },
    });
    const logger = mockServices.logger.mock();
    const fromSecret = (credentialsSecret: object) =>
      new HelmImportService({
        config: readHelmImportConfig(
          new ConfigReader({
            berth: {
              helm: {
                repositories: [
                  { name: 'vault', url: repo.url, credentialsSecret },
                ],
              },
              // The test repository runs on loopback: allowed explicitly.
              outbound: { allowAddresses: ['127.0.0.0/8'] },
            },
          }),
        ),
        helm,
        archives: new ChartArchiveStore(knex, cacheDir),
        projects: berth.projects,
        services: berth.services,
        logger,
        kubeConfig: () => kubeConfigFor(east),
        // Read the Secret on every use, so the test sees a rotation at once.
        credentialsMaxAgeMs: 0,
      });
    const service = fromSecret({
      cluster: east.name,
      namespace,
      name: 'charts',
    });

    const charts = await service.listCharts({ repository: 'vault' });
    expect(charts.map(c => c.name)).toEqual(['api']);
    expect(service.listRepositories()).toEqual([
      { name: 'vault', url: repo.url, authenticated: true },
    ]);
    expect(JSON.stringify(service.listRepositories())).not.toContain(
      repo.password!,
    );

    // A rotated Secret is read again; wrong credentials are refused by the
    // repository, with an error that says so.
    await writeSecret('not-the-password');
    await expect(service.listCharts({ repository: 'vault' })).rejects.toThrow(
      /401|refused|credentials/i,
    );
    await writeSecret(repo.password!);
    expect(
      (await service.listCharts({ repository: 'vault' })).map(c => c.name),
    ).toEqual(['api']);

    // A Secret that does not exist: answered as unauthenticated, reason logged.
    const missing = fromSecret({ cluster: east.name, namespace, name: 'gone' });
    await expect(missing.listCharts({ repository: 'vault' })).rejects.toThrow(
      /401|refused|credentials/i,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`from Secret ${namespace}/gone`),
    );

    // Credentials and a Secret reference at once are refused at start.
    expect(() =>
      readHelmImportConfig(
        new ConfigReader({
          berth: {
            helm: {
              repositories: [
                {
                  name: 'both',
                  url: repo.url,
                  password: 'x',
                  credentialsSecret: {
                    cluster: east.name,
                    namespace,
                    name: 'charts',
                  },
                },
              ],
            },
          },
        }),
      ),
    ).toThrow(/both credentials and a credentialsSecret/);
  });

  it('lists the chart folders of a Git tree', async () => {
    const dirs = await berth.helmImport.listGitCharts(GIT);
    expect(dirs.map(d => [d.path, d.name, d.version])).toEqual([
      ['charts/not-dns', 'Not_DNS', '0.1.0'],
      ['charts/shared', 'shared', '0.1.0'],
      ['charts/web', 'web', '0.1.0'],
      ['charts/worker', 'worker', '0.1.0'],
    ]);
    expect(dirs[0].valuesFiles).toEqual([
      'values/cart.yaml',
      'values/orders.yaml',
    ]);
  });

  it('imports from a repository, a registry, a Git tree (several charts, one per values file) and an upload in one request, reporting each', async () => {
    const uploadDir = mkdtempSync(join(tmpdir(), 'berth-upload-'));
    const [file] = await helmPackage(
      [join(fixtures, 'upload/charts/uploaded')],
      uploadDir,
      helm,
    );
    const uploaded = await berth.helmImport.upload(
      readFileSync(file),
      'uploaded-0.1.0.tgz',
    );
    rmSync(uploadDir, { recursive: true, force: true });
    expect(uploaded.origin).toEqual({
      type: 'upload',
      filename: 'uploaded-0.1.0.tgz',
    });

    const git = (path: string) => ({ type: 'git' as const, url: GIT, path });
    const items: ChartImportItem[] = [
      {
        source: {
          type: 'repository',
          repository: 'test',
          chart: 'api',
          version: '1.0.0',
        },
      },
      {
        source: {
          type: 'oci',
          ref: `oci://${registry.host}/charts/queue`,
          version: '0.3.0',
        },
      },
      { source: git('charts/web') },
      { source: git('charts/worker'), service: 'jobs' },
      {
        source: git('charts/shared'),
        service: 'cart',
        valuesFile: 'values/cart.yaml',
      },
      {
        source: git('charts/shared'),
        service: 'orders',
        valuesFile: 'values/orders.yaml',
      },
      { source: git('charts/not-dns') },
      { source: { type: 'archive', digest: uploaded.digest } },
    ];
    const readsBefore = reader.reads.get(GIT) ?? 0;
    const result = await berth.helmImport.importCharts(
      projectRef,
      { items },
      actor,
    );

    expect(result.items.map(i => [i.service ?? i.path, i.status])).toEqual([
      ['api', 'created'],
      ['queue', 'created'],
      ['web', 'created'],
      ['jobs', 'created'],
      ['cart', 'created'],
      ['orders', 'created'],
      ['charts/not-dns', 'failed'],
      ['uploaded', 'created'],
    ]);
    expect(result.items[6].error).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(
        /chart name 'Not_DNS' is not a DNS-1123 label/,
      ),
    });
    expect({ created: result.created, failed: result.failed }).toEqual({
      created: 7,
      failed: 1,
    });
    // One read of the tree for five Git items; one archive for the shared chart.
    expect(reader.reads.get(GIT)).toBe(readsBefore + 1);
    expect(result.items[4].chart!.digest).toBe(result.items[5].chart!.digest);

    project = await berth.projects.getProject(projectRef);
    expect(project.services.map(s => s.name).sort()).toEqual([
      'api',
      'cart',
      'jobs',
      'orders',
      'queue',
      'uploaded',
      'web',
    ]);
    const cart = await berth.services.getRevision(projectRef, 'cart', 1);
    expect(cart.spec).toMatchObject({
      kind: 'helm',
      chart: {
        type: 'archive',
        name: 'shared',
        version: '0.1.0',
        origin: { type: 'git', url: GIT, path: 'charts/shared' },
      },
      values: 'message: cart from its values file\nreplicaCount: 1\n',
      images: [
        {
          name: 'main',
          repositoryPath: 'image.repository',
          tagPath: 'image.tag',
        },
      ],
    });
    const api = await berth.services.getRevision(projectRef, 'api', 1);
    expect(api.spec).toMatchObject({
      chart: {
        origin: {
          type: 'repository',
          repository: 'test',
          url: repo.url,
          chart: 'api',
          version: '1.0.0',
        },
      },
    });
    const queue = await berth.services.getRevision(projectRef, 'queue', 1);
    expect(queue.spec).toMatchObject({
      chart: {
        origin: {
          type: 'oci',
          ref: `oci://${registry.host}/charts/queue`,
          version: '0.3.0',
          registry: 'local',
        },
      },
    });
    // The archive info carries Chart.yaml, values.yaml and the schema.
    const info = await berth.helmImport.serviceChart(projectRef, 'api');
    expect(info.metadata).toMatchObject({
      name: 'api',
      version: '1.0.0',
      appVersion: '1.0.0',
    });
    expect(info.schema).toMatchObject({ required: ['image', 'replicaCount'] });
  });

  it('deploys every imported service into an environment, all Running, with the values files applied', async () => {
    const { environmentService, environments } = berth;
    // Archives are materialized from the database, even into an empty cache.
    rmSync(cacheDir, { recursive: true, force: true });
    const [plan] = await environmentService.plan(project, [
      { name: 'imported', cluster: east.name, tier: 'testing' },
    ]);
    const [environment] = await environmentService.create([plan], actor);
    namespaces.push(environment.namespace);
    const outcome = await environmentService.deploy(
      project,
      environment,
      actor,
    );
    expect(outcome.message).toBeUndefined();
    expect(outcome.records.map(r => [r.service, r.result]).sort()).toEqual(
      ['api', 'cart', 'jobs', 'orders', 'queue', 'uploaded', 'web'].map(s => [
        s,
        'succeeded',
      ]),
    );
    expect(readdirSync(cacheDir).filter(f => f.endsWith('.tgz'))).toHaveLength(
      6,
    );

    const { items } = await apps.listNamespacedDeployment({
      namespace: environment.namespace,
    });
    expect(items.map(d => d.metadata!.name).sort()).toEqual([
      'api',
      'cart',
      'jobs',
      'orders',
      'queue',
      'uploaded',
      'web',
    ]);
    for (const deployment of items) {
      expect(deployment.status?.readyReplicas).toBe(deployment.spec?.replicas);
    }
    // The live status, as the environment page shows it.
    await berth.status.start();
    await waitFor(
      async () =>
        (await berth.status.environmentStatus(environment)).status ===
        'Running',
      60_000,
      'the environment to be Running',
    );
    const status = await berth.status.environmentStatus(environment);
    expect(status.services.map(s => [s.service, s.status]).sort()).toEqual(
      ['api', 'cart', 'jobs', 'orders', 'queue', 'uploaded', 'web'].map(s => [
        s,
        'Running',
      ]),
    );
    const message = (name: string) =>
      items
        .find(d => d.metadata!.name === name)!
        .spec!.template.spec!.containers[0].env!.find(
          e => e.name === 'MESSAGE',
        )!.value;
    expect(message('cart')).toBe('cart from its values file');
    expect(message('orders')).toBe('orders from its values file');
    expect(message('queue')).toBe('hello from queue');

    // Values that fail the chart's schema are refused before anything changes.
    const before = await environments.getById(environment.id);
    await expect(
      environmentService.updateService(project, environment, 'api', {
        values: 'replicaCount: many\n',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /values.schema.json: replicaCount: must be integer/,
      ),
    });
    expect((await environments.getById(environment.id)).services).toEqual(
      before.services,
    );
  });

  it('refuses service values that fail the chart schema at import, storing nothing', async () => {
    const archives = await berth.chartArchives.count();
    const result = await berth.helmImport.importCharts(
      projectRef,
      {
        items: [
          {
            source: {
              type: 'repository',
              repository: 'test',
              chart: 'api',
              version: '1.1.0',
            },
            service: 'api-bad',
            values: 'replicaCount: 50\nimage:\n  tag: 2\n',
          },
        ],
      },
      actor,
    );
    expect(result.items[0]).toMatchObject({
      status: 'failed',
      error: {
        statusCode: 400,
        message: expect.stringMatching(
          /replicaCount: must be <= 10; image.tag: must be string/,
        ),
      },
    });
    expect(await berth.chartArchives.count()).toBe(archives);
    await expect(berth.services.get(projectRef, 'api-bad')).rejects.toThrow(
      /no service/,
    );
  });

  it('refuses a name that exists unless forced, then adds a revision', async () => {
    const item: ChartImportItem = {
      source: {
        type: 'repository',
        repository: 'test',
        chart: 'api',
        version: '1.0.0',
      },
      values: 'replicaCount: 2\n',
    };
    const refused = await berth.helmImport.importCharts(
      projectRef,
      { items: [item] },
      actor,
    );
    expect(refused.items[0]).toMatchObject({
      status: 'failed',
      error: {
        statusCode: 409,
        message: expect.stringMatching(/already has a service named 'api'/),
      },
    });
    expect((await berth.services.get(projectRef, 'api')).latestRevision).toBe(
      1,
    );
    const forced = await berth.helmImport.importCharts(
      projectRef,
      { items: [item], force: true },
      actor,
    );
    expect(forced.items[0]).toMatchObject({ status: 'updated', revision: 2 });
  });

  it('moves a service to a newer chart version from its origin, as a new revision, and deploys it', async () => {
    const versions = await berth.helmImport.chartVersions(projectRef, 'api');
    expect(versions.current).toBe('1.0.0');
    expect(versions.versions.map(v => v.version)).toEqual(['1.1.0', '1.0.0']);
    const revision = await berth.helmImport.upgradeChart(
      projectRef,
      'api',
      '1.1.0',
      actor,
    );
    expect(revision.revision).toBe(3);
    expect(revision.spec).toMatchObject({
      chart: {
        name: 'api',
        version: '1.1.0',
        origin: { type: 'repository', version: '1.1.0' },
      },
      values: 'replicaCount: 2\n',
    });
    const queueVersions = await berth.helmImport.chartVersions(
      projectRef,
      'queue',
    );
    expect(queueVersions.versions.map(v => v.version)).toEqual(['0.3.0']);

    project = await berth.projects.getProject(projectRef);
    const pinned = await berth.environments.get(projectRef, 'imported');
    // The environment keeps its pin until it is moved explicitly.
    expect(pinned.services.api.revision).toBeLessThan(3);
    const environment = await berth.environmentService.updateService(
      project,
      pinned,
      'api',
      { revision: 3 },
    );
    const outcome = await berth.environmentService.deployOne(
      project,
      environment,
      'api',
      actor,
    );
    expect(outcome.failed).toBe(false);
    expect(outcome.records[0].revision).toBe(3);
    const deployment = await apps.readNamespacedDeployment({
      name: 'api',
      namespace: environment.namespace,
    });
    expect(deployment.spec?.replicas).toBe(2);
  });

  it('tracks a values file in Git: a new revision only when it changed', async () => {
    writeFileSync(join(gitRoot, 'values/tracked.yaml'), 'message: first\n');
    const result = await berth.helmImport.importCharts(
      projectRef,
      {
        items: [
          {
            source: { type: 'git', url: GIT, path: 'charts/web' },
            service: 'tracked',
            valuesUrl: `${GIT}/values/tracked.yaml`,
            trackValues: true,
          },
        ],
      },
      actor,
    );
    expect(result.items[0].status).toBe('created');
    expect(
      await berth.helmImport.syncValues(projectRef, 'tracked', actor),
    ).toEqual({
      service: 'tracked',
      changed: false,
      revision: 1,
    });
    writeFileSync(join(gitRoot, 'values/tracked.yaml'), 'message: second\n');
    expect(await berth.helmImport.syncAllValues()).toEqual({
      checked: 1,
      changed: 1,
      failed: 0,
    });
    const latest = await berth.services.getRevision(projectRef, 'tracked', 2);
    expect(latest.spec).toMatchObject({
      values: 'message: second\n',
      valuesFrom: { url: `${GIT}/values/tracked.yaml`, track: true },
    });
    expect(latest.createdBy).toBe('berth:values-sync');
    expect(
      (await berth.helmImport.syncValues(projectRef, 'tracked', actor)).changed,
    ).toBe(false);
  });

  it('resolves dependencies from a reachable repository and reports the others unresolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-deps-'));
    const gonePort = await freeLoopbackPort();
    cpSync(join(fixtures, 'tree/charts/web'), join(dir, 'tree/charts/app'), {
      recursive: true,
    });
    writeFileSync(
      join(dir, 'tree/charts/app/Chart.yaml'),
      [
        'apiVersion: v2',
        'name: app',
        'version: 0.2.0',
        'dependencies:',
        '  - name: api',
        '    version: 1.0.0',
        `    repository: ${repo.url}`,
        '  - name: gone',
        '    version: 1.0.0',
        `    repository: http://127.0.0.1:${gonePort}`,
        '',
      ].join('\n'),
    );
    const url = 'https://git.example.com/acme/deps/tree/main';
    const service = new HelmImportService({
      config: readHelmImportConfig(
        new ConfigReader({
          berth: {
            helm: {
              repositories: [
                {
                  name: 'test',
                  url: repo.url,
                  username: repo.username,
                  password: repo.password,
                },
              ],
              // Ad-hoc dependency repositories on loopback, and the tree's host.
              import: {
                timeoutSeconds: 20,
                allowedHosts: ['127.0.0.1', 'git.example.com'],
              },
            },
            outbound: { allowAddresses: ['127.0.0.0/8'] },
          },
        }),
      ),
      helm,
      archives: new ChartArchiveStore(knex, cacheDir),
      projects: berth.projects,
      services: berth.services,
      urlReader: directoryUrlReader(url, join(dir, 'tree')),
      logger: mockServices.logger.mock(),
    });
    const partly = await service.inspect({
      type: 'git',
      url,
      path: 'charts/app',
    });
    expect(partly.dependencies).toEqual([
      expect.objectContaining({
        name: 'api',
        status: 'unresolved',
        reason: `not fetched: another dependency's repository cannot be reached (127.0.0.1:${gonePort})`,
      }),
      expect.objectContaining({
        name: 'gone',
        status: 'unresolved',
        reason: expect.stringMatching(
          new RegExp(
            `its repository 127.0.0.1:${gonePort} cannot be reached: .*connection refused`,
          ),
        ),
      }),
    ]);

    // Without the unreachable one, `helm dependency build` fetches the other
    // with the configured repository's credentials.
    writeFileSync(
      join(dir, 'tree/charts/app/Chart.yaml'),
      [
        'apiVersion: v2',
        'name: app',
        'version: 0.2.0',
        'dependencies:',
        '  - name: api',
        '    version: 1.0.0',
        `    repository: ${repo.url}`,
        '',
      ].join('\n'),
    );
    const resolved = await service.inspect({
      type: 'git',
      url,
      path: 'charts/app',
    });
    expect(resolved.dependencies).toEqual([
      {
        name: 'api',
        version: '1.0.0',
        repository: repo.url,
        status: 'resolved',
      },
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the host of an unreachable repository or registry, after a bounded timeout', async () => {
    const closed = await freeLoopbackPort();
    // A server that accepts connections and never answers.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    const silentPort = (silent.address() as { port: number }).port;
    const service = new HelmImportService({
      config: readHelmImportConfig(
        new ConfigReader({
          berth: {
            // Ad-hoc repositories and registries on loopback: allowed explicitly.
            helm: {
              import: { timeoutSeconds: 1, allowedHosts: ['127.0.0.1'] },
            },
            outbound: { allowAddresses: ['127.0.0.0/8'] },
          },
        }),
      ),
      helm,
      archives: new ChartArchiveStore(knex, cacheDir),
      projects: berth.projects,
      services: berth.services,
      logger: mockServices.logger.mock(),
    });
    await expect(
      service.listCharts({ url: `http://127.0.0.1:${closed}` }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: `Chart repository at 127.0.0.1:${closed} cannot be reached: ECONNREFUSED`,
    });
    const started = Date.now();
    await expect(
      service.listCharts({ url: `http://127.0.0.1:${silentPort}` }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: `Chart repository at 127.0.0.1:${silentPort} did not answer within 1 s`,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(
      service.inspect({
        type: 'oci',
        ref: `oci://127.0.0.1:${closed}/charts/x`,
        version: '1.0.0',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        `OCI registry 127.0.0.1:${closed} cannot be reached`,
      ),
    });
    // Without the credentials, the registry and the repository refuse.
    await expect(
      service.inspect({
        type: 'oci',
        ref: `oci://${registry.host}/charts/queue`,
        version: '0.3.0',
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(
        new RegExp(`OCI registry ${registry.host} refused access`),
      ),
    });
    await expect(service.listCharts({ url: repo.url })).rejects.toMatchObject({
      message: expect.stringMatching(/refused access \(HTTP 401\)/),
    });
    silent.closeAllConnections();
    silent.close();
  });
});
