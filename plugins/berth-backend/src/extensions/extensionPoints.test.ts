import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  BerthChartSource,
  berthChartSourcesExtensionPoint,
  berthJobTypesExtensionPoint,
  BerthRoutingDriver,
  berthRoutingDriversExtensionPoint,
  berthServiceRef,
} from '@berth/plugin-berth-node';
import Router from 'express-promise-router';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import { berthPlugin } from '../plugin';
import { chartEntries, craftArchive } from '../helm/__testUtils__/craftArchive';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';

// Berth's extension points as a module uses them (like catalog-backend's
// CatalogPlugin.test.ts): an inline module adds a chart source, a job type
// and a routing driver; the plugin lists them over HTTP and imports a chart
// from the added source through the normal import route.
jest.setTimeout(60_000);

const project = `ext-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project);
const api = (path: string) => `/api/berth${path}`;

/** A chart `vaulted` at a version, as a .tgz. */
const vaultedChart = (version: string) =>
  craftArchive(
    chartEntries('vaulted', {
      'Chart.yaml': `apiVersion: v2\nname: vaulted\nversion: ${version}\ndescription: A chart from the vault\n`,
    }),
  );

/** Charts a module keeps somewhere Berth does not know: here, in memory. */
function vaultSource(workDirs: string[]): BerthChartSource {
  const versions = ['1.1.0', '1.0.0'];
  return {
    description: 'Charts of the test vault',
    async listCharts() {
      return [
        {
          name: 'vaulted',
          description: 'A chart from the vault',
          versions: versions.map(version => ({ version })),
        },
      ];
    },
    async listVersions(chart) {
      return chart === 'vaulted' ? versions : [];
    },
    async fetchChart({ chart, version }, context) {
      workDirs.push(context.workDir);
      if (chart !== 'vaulted' || !versions.includes(version)) {
        throw new Error(`The vault has no ${chart} ${version}`);
      }
      // Written as a local archive in the call's own work directory.
      const archivePath = join(context.workDir, `${chart}-${version}.tgz`);
      await writeFile(archivePath, vaultedChart(version));
      return { archivePath };
    },
  };
}

const headerDriver: BerthRoutingDriver = {
  name: 'Test header routes',
  description: 'Routes nothing; listed only',
  async ensureRoutes() {
    return { written: [], warnings: [], previewHosts: [] };
  },
  async removeRoutes() {},
  async checkBase() {
    return { ready: true, checks: [] };
  },
  async explainRoute({ service }) {
    return { backend: service, reason: 'no routes: the base' };
  },
};

function testModule(workDirs: string[]) {
  return createBackendModule({
    pluginId: 'berth',
    moduleId: 'test-extensions',
    register(reg) {
      reg.registerInit({
        deps: {
          chartSources: berthChartSourcesExtensionPoint,
          jobTypes: berthJobTypesExtensionPoint,
          routingDrivers: berthRoutingDriversExtensionPoint,
        },
        async init({ chartSources, jobTypes, routingDrivers }) {
          chartSources.addChartSource('vault', vaultSource(workDirs));
          jobTypes.addJobType('echo', {
            name: 'Echo',
            description: 'Sets its message as an output',
            inputSchema: z.object({ message: z.string() }),
            async run(context) {
              context.output('message', context.params.message);
            },
          });
          routingDrivers.addRoutingDriver('test-header', headerDriver);
        },
      });
    },
  });
}

const config = mockServices.rootConfig.factory({
  data: {
    berth: {
      demo: { projectFile },
      helm: {
        chartRoot: resolve(__dirname, '../../test-fixtures'),
      },
    },
  },
});

// Starting a whole backend takes seconds on a loaded machine.
jest.setTimeout(60_000);

describe('Berth extension points', () => {
  const workDirs: string[] = [];
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [berthPlugin, testModule(workDirs), config],
    }));
  });

  it('lists the chart sources, job types and routing drivers by key', async () => {
    const res = await request(server).get(api('/extensions'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      chartSources: [
        expect.objectContaining({ key: 'repository', builtIn: true }),
        expect.objectContaining({ key: 'oci', builtIn: true }),
        expect.objectContaining({ key: 'git', builtIn: true }),
        expect.objectContaining({ key: 'upload', builtIn: true }),
        {
          key: 'vault',
          builtIn: false,
          description: 'Charts of the test vault',
        },
      ],
      jobTypes: [
        {
          key: 'echo',
          name: 'Echo',
          description: 'Sets its message as an output',
        },
      ],
      routingDrivers: [
        {
          key: 'test-header',
          name: 'Test header routes',
          description: 'Routes nothing; listed only',
        },
        expect.objectContaining({
          key: 'gateway-api',
          name: 'Gateway API HTTPRoute',
        }),
        expect.objectContaining({ key: 'istio', name: 'Istio VirtualService' }),
      ],
    });
  });

  it('refuses the listing to anonymous callers', async () => {
    const res = await request(server)
      .get(api('/extensions'))
      .set('authorization', 'Bearer mock-none-token');
    expect(res.status).toBe(401);
  });

  it("lists an added source's charts", async () => {
    const res = await request(server).get(
      api(`/projects/default/${project}/helm/sources/vault/charts`),
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        name: 'vaulted',
        description: 'A chart from the vault',
        versions: [{ version: '1.1.0' }, { version: '1.0.0' }],
      },
    ]);
    const builtIn = await request(server).get(
      api(`/projects/default/${project}/helm/sources/git/charts`),
    );
    expect(builtIn.status).toBe(404);
    expect(builtIn.body.error.message).toBe(
      "Chart source 'git' does not list its charts",
    );
  });

  it('imports a chart from the added source, then upgrades it there', async () => {
    const imported = await request(server)
      .post(api(`/projects/default/${project}/helm/import`))
      .send({
        items: [
          {
            source: {
              type: 'extension',
              source: 'vault',
              chart: 'vaulted',
              version: '1.0.0',
            },
          },
        ],
      });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      created: 1,
      failed: 0,
      items: [
        {
          service: 'vaulted',
          status: 'created',
          revision: 1,
          chart: { name: 'vaulted', version: '1.0.0' },
        },
      ],
    });
    // The source's work directory is gone once the fetch returned.
    expect(workDirs.length).toBeGreaterThan(0);
    expect(workDirs.filter(dir => existsSync(dir))).toEqual([]);

    const chart = await request(server).get(
      api(`/projects/default/${project}/services/vaulted/chart`),
    );
    expect(chart.status).toBe(200);
    expect(chart.body).toMatchObject({
      metadata: { name: 'vaulted', version: '1.0.0' },
      origin: {
        type: 'extension',
        source: 'vault',
        chart: 'vaulted',
        version: '1.0.0',
      },
      revision: 1,
    });

    const versions = await request(server).get(
      api(`/projects/default/${project}/services/vaulted/chart/versions`),
    );
    expect(versions.status).toBe(200);
    expect(versions.body).toMatchObject({
      current: '1.0.0',
      versions: [{ version: '1.1.0' }, { version: '1.0.0' }],
    });

    const upgraded = await request(server)
      .post(api(`/projects/default/${project}/services/vaulted/chart/upgrade`))
      .send({ version: '1.1.0' });
    expect(upgraded.status).toBe(201);
    expect(upgraded.body).toMatchObject({
      revision: 2,
      spec: {
        kind: 'helm',
        chart: {
          type: 'archive',
          name: 'vaulted',
          version: '1.1.0',
          origin: { type: 'extension', source: 'vault', version: '1.1.0' },
        },
      },
    });
  });

  it('refuses an import from a source nobody registered', async () => {
    const res = await request(server)
      .post(api(`/projects/default/${project}/helm/import`))
      .send({
        items: [
          {
            source: {
              type: 'extension',
              source: 'nowhere',
              chart: 'vaulted',
              version: '1.0.0',
            },
          },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "No chart source 'nowhere' is registered (see GET /extensions)",
    );
  });

  it('refuses to start when a module takes a built-in key', async () => {
    const takesGit = createBackendModule({
      pluginId: 'berth',
      moduleId: 'takes-git',
      register(reg) {
        reg.registerInit({
          deps: { chartSources: berthChartSourcesExtensionPoint },
          async init({ chartSources }) {
            chartSources.addChartSource('git', vaultSource([]));
          },
        });
      },
    });
    await expect(
      startTestBackend({ features: [berthPlugin, takesGit, config] }),
    ).rejects.toThrow("The chart source key 'git' is built into Berth");
  });
});

/**
 * Another plugin reading Berth through berthServiceRef: its route answers
 * with what the service returned.
 */
const readerPlugin = createBackendPlugin({
  pluginId: 'reader',
  register(reg) {
    reg.registerInit({
      deps: {
        berth: berthServiceRef,
        httpRouter: coreServices.httpRouter,
      },
      async init({ berth, httpRouter }) {
        const router = Router();
        router.get('/read', async (_req, res) => {
          const projects = await berth.listProjects();
          const services = await berth.listServices(
            `system:default/${project}`,
          );
          const environments = await berth.listEnvironments();
          res.json({
            projects: projects.map(p => p.ref),
            services: services.map(service => service.name),
            environments: environments.length,
          });
        });
        httpRouter.use(router);
      },
    });
  },
});

describe('berthServiceRef', () => {
  it("gives another plugin Berth's projects, services and environments", async () => {
    const { server } = await startTestBackend({
      features: [berthPlugin, readerPlugin, config],
    });
    const res = await request(server).get('/api/reader/read');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      projects: [`system:default/${project}`],
      services: ['hello'],
      environments: 0,
    });
  });
});
