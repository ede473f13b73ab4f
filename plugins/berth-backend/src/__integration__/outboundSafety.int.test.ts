/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory, { Knex } from 'knex';
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
import request from 'supertest';
import { berthPlugin } from '../plugin';
import { directoryUrlReader } from '../helm/__testUtils__/directoryUrlReader';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import { testClusters } from '../__testUtils__/testClusters';
import {
  awaitOperation,
  deleteEnvironments,
} from '../__testUtils__/awaitOperation';

// The SSRF corpus: every way an import request could make the backend fetch
// a host it should not, over the HTTP API. Each is refused with a 400 that
// says why, nothing is written, and the sink, a loopback HTTP server on a
// port that is not allowed, receives no request at all.
jest.setTimeout(120_000);

const [east] = testClusters();
const helm = join(east.bin, 'helm');
const fixtures = resolve(__dirname, '../../test-fixtures/import-charts');
const GIT = 'https://git.example.com/acme/ssrf/tree/main';
const project = `ssrf-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project);
const api = (path: string) => `/api/berth${path}`;
const importPath = api(`/projects/default/${project}/helm/import`);
const helmApi = (path: string) =>
  api(`/projects/default/${project}/helm${path}`);

async function listen(
  handler: (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

describe('outbound fetches refuse forbidden destinations (SSRF corpus)', () => {
  let server: Parameters<typeof request>[0];
  let knex: Knex;
  let sink: { server: Server; port: number };
  let redirecting: { server: Server; port: number };
  let registry: { server: Server; port: number };
  let treeDir: string;
  const sinkRequests: string[] = [];
  const allowedRequests: string[] = [];

  beforeAll(async () => {
    sink = await listen((req, res) => {
      sinkRequests.push(`${req.method} ${req.url}`);
      res.end('secret');
    });
    // An allowed repository whose index.yaml redirects to the sink.
    redirecting = await listen((req, res) => {
      allowedRequests.push(`repo ${req.url}`);
      res.writeHead(302, {
        location: `http://127.0.0.1:${sink.port}/latest/meta-data/`,
      });
      res.end();
    });
    // An allowed registry whose token service is on the sink.
    registry = await listen((req, res) => {
      allowedRequests.push(`registry ${req.url}`);
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="https://127.0.0.1:${sink.port}/token",service="registry"`,
      });
      res.end();
    });

    // A Git tree with charts whose dependencies point to forbidden hosts.
    treeDir = mkdtempSync(join(tmpdir(), 'berth-ssrf-tree-'));
    const chartWith = (name: string, repository: string) => {
      cpSync(join(fixtures, 'tree/charts/web'), join(treeDir, 'charts', name), {
        recursive: true,
      });
      writeFileSync(
        join(treeDir, 'charts', name, 'Chart.yaml'),
        [
          'apiVersion: v2',
          `name: ${name}`,
          'version: 0.1.0',
          'dependencies:',
          '  - name: stolen',
          '    version: 1.0.0',
          `    repository: ${repository}`,
          '',
        ].join('\n'),
      );
    };
    cpSync(join(fixtures, 'tree/charts/web'), join(treeDir, 'charts/plain'), {
      recursive: true,
    });
    chartWith('dep-sink', `http://127.0.0.1:${sink.port}/charts`);
    chartWith('dep-oci-sink', `oci://127.0.0.1:${sink.port}/charts`);
    chartWith('dep-metadata', 'http://169.254.169.254/latest');

    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    const reader = directoryUrlReader(GIT, treeDir);
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            berth: {
              demo: { projectFile },
              // The allowed test servers run on loopback: listed explicitly.
              outbound: { allowAddresses: ['127.0.0.0/8'] },
              helm: {
                binary: helm,
                repositories: [
                  {
                    name: 'redirecting',
                    url: `http://127.0.0.1:${redirecting.port}`,
                  },
                ],
                import: {
                  timeoutSeconds: 5,
                  // Listed as hosts, so that their addresses are what refuses them.
                  allowedHosts: [
                    `127.0.0.1:${registry.port}`,
                    'git.example.com',
                    '169.254.169.254',
                    '10.0.0.7',
                  ],
                },
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        createServiceFactory({
          service: coreServices.urlReader,
          deps: {},
          factory: () => reader,
        }),
        mockServices.permissions.mock({
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        }).factory,
      ],
    }));
  });

  afterAll(async () => {
    for (const s of [sink, redirecting, registry]) {
      s?.server.closeAllConnections();
      s?.server.close();
    }
    await knex?.destroy();
    rmSync(treeDir, { recursive: true, force: true });
  });

  async function rows() {
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    return {
      archives: await count('berth_chart_archives'),
      services: await count('berth_services'),
      revisions: await count('berth_service_revisions'),
    };
  }

  async function expectRefused(
    send: () => Promise<request.Response>,
    message: RegExp,
  ) {
    const before = await rows();
    const res = await send();
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status: 400,
      message: expect.stringMatching(message),
    });
    expect(res.body.error?.name).toBe('InputError');
    expect(await rows()).toEqual(before);
    // Nothing ever reached the sink.
    expect(sinkRequests).toEqual([]);
  }

  const importing = (item: object) => () =>
    request(server)
      .post(importPath)
      .send({ items: [item] });
  const listing = (url: string) => () =>
    request(server).get(helmApi(`/charts?url=${encodeURIComponent(url)}`));

  it('the cloud metadata address, even when listed as a host', async () => {
    const refused =
      /host 169.254.169.254 is a link-local \(cloud metadata\) address; refused \(berth.outbound.allowAddresses/;
    await expectRefused(listing('http://169.254.169.254/latest'), refused);
    await expectRefused(
      importing({
        source: {
          type: 'repository',
          url: 'http://169.254.169.254/latest',
          chart: 'x',
          version: '1.0.0',
        },
      }),
      refused,
    );
    await expectRefused(
      importing({
        source: { type: 'git', url: GIT, path: 'charts/plain' },
        valuesUrl: 'http://169.254.169.254/latest/user-data',
      }),
      /Values file host 169.254.169.254 is a link-local/,
    );
  });

  it('a private address, even when listed as a host', async () => {
    await expectRefused(
      listing('http://10.0.0.7/charts'),
      /host 10.0.0.7 is a private address; refused/,
    );
    await expectRefused(
      importing({
        source: {
          type: 'oci',
          ref: 'oci://10.0.0.7/charts/x',
          version: '1.0.0',
        },
      }),
      /host 10.0.0.7 is a private address; refused/,
    );
  });

  it('a host that is not allowed (the sink port), for repositories, registries and Git trees', async () => {
    await expectRefused(
      listing(`http://127.0.0.1:${sink.port}`),
      new RegExp(`Chart repository host 127.0.0.1:${sink.port} is not allowed`),
    );
    await expectRefused(
      importing({
        source: {
          type: 'oci',
          ref: `oci://127.0.0.1:${sink.port}/charts/x`,
          version: '1.0.0',
        },
      }),
      new RegExp(`OCI registry host 127.0.0.1:${sink.port} is not allowed`),
    );
    await expectRefused(
      () =>
        request(server)
          .post(helmApi('/git/charts'))
          .send({ url: `http://127.0.0.1:${sink.port}/acme/tree/main` }),
      /Git host 127.0.0.1:\d+ is not allowed/,
    );
  });

  it('a redirect from an allowed repository to a host that is not allowed', async () => {
    const redirect = new RegExp(
      `Chart repository at 127.0.0.1:${redirecting.port} redirects to 127.0.0.1:${sink.port}, which is not allowed .*; refused`,
    );
    await expectRefused(
      importing({
        source: {
          type: 'repository',
          repository: 'redirecting',
          chart: 'x',
          version: '1.0.0',
        },
      }),
      redirect,
    );
    await expectRefused(
      () => request(server).get(helmApi('/charts?repository=redirecting')),
      redirect,
    );
    // The allowed repository was asked; the redirect was not followed.
    expect(allowedRequests).toContain('repo /index.yaml');
  });

  it('a Chart.yaml dependency on a forbidden host', async () => {
    await expectRefused(
      importing({ source: { type: 'git', url: GIT, path: 'charts/dep-sink' } }),
      new RegExp(
        `Dependency repository host 127.0.0.1:${sink.port} is not allowed`,
      ),
    );
    await expectRefused(
      importing({
        source: { type: 'git', url: GIT, path: 'charts/dep-oci-sink' },
      }),
      new RegExp(
        `Dependency registry host 127.0.0.1:${sink.port} is not allowed`,
      ),
    );
    await expectRefused(
      () =>
        request(server)
          .post(helmApi('/inspect'))
          .send({
            source: { type: 'git', url: GIT, path: 'charts/dep-metadata' },
          }),
      /Dependency repository host 169.254.169.254 is a link-local/,
    );
  });

  it('an OCI token realm on a forbidden host', async () => {
    await expectRefused(
      importing({
        source: {
          type: 'oci',
          ref: `oci://127.0.0.1:${registry.port}/charts/x`,
          version: '1.0.0',
        },
      }),
      new RegExp(
        `OCI registry token service host 127.0.0.1:${sink.port} is not allowed`,
      ),
    );
    expect(allowedRequests).toContain('registry /v2/charts/x/manifests/1.0.0');
  });

  describe('service revisions', () => {
    const servicesPath = api(`/projects/default/${project}/services`);
    const adding = (name: string, chart: object) => () =>
      request(server)
        .post(servicesPath)
        .send({
          name,
          componentRef: `component:default/${name}`,
          spec: { kind: 'helm', chart, values: '', images: [] },
        });

    it('a repository chart on a host that is not allowed', async () => {
      await expectRefused(
        adding('sink-chart', {
          type: 'repository',
          url: `http://127.0.0.1:${sink.port}/charts`,
          name: 'x',
          version: '1.0.0',
        }),
        new RegExp(
          `Chart repository host 127.0.0.1:${sink.port} is not allowed`,
        ),
      );
    });

    it('a path chart outside the chart root, and a chart named like a flag', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'berth-outside-root-'));
      await expectRefused(
        adding('outside-root', { type: 'path', path: outside }),
        /is outside the chart root \(berth\.helm\.chartRoot\)/,
      );
      await expectRefused(
        adding('dotdot', { type: 'path', path: '../../../../etc' }),
        /may not contain '\.\.'/,
      );
      const written = join(outside, 'written');
      await expectRefused(
        adding('flag-chart', {
          type: 'path',
          path: `--output-dir=${written}`,
        }),
        /does not exist under the chart root/,
      );
      // Nothing was written on the host.
      expect(readdirSync(outside)).toEqual([]);
      rmSync(outside, { recursive: true, force: true });
    });

    it('a repository chart that redirects to a forbidden host at deploy time fails the deploy, fetching nothing', async () => {
      const added = await adding('redirected', {
        type: 'repository',
        url: `http://127.0.0.1:${redirecting.port}`,
        name: 'x',
        version: '1.0.0',
      })();
      // The host is allowed, so the revision is stored (nothing is fetched then).
      expect(added.status).toBe(201);
      const created = await request(server)
        .post(api(`/projects/default/${project}/environments`))
        .send({
          environments: [
            {
              name: `${project}-redir`,
              cluster: east.name,
              tier: 'development',
            },
          ],
        });
      expect({ status: created.status, error: created.body.error }).toEqual({
        status: 201,
        error: undefined,
      });
      const environment = created.body.items[0];
      const operation = created.body.operations[0];
      try {
        const done = await awaitOperation(server, environment.id, operation.id);
        expect(done.status).toBe('failed');
        // The failure names the redirect, in the operation's steps.
        expect(JSON.stringify(done.steps)).toMatch(
          new RegExp(
            `redirects to 127.0.0.1:${sink.port}, which is not allowed`,
          ),
        );
        expect(sinkRequests).toEqual([]);
      } finally {
        await deleteEnvironments(server, [environment.id]);
      }
    });
  });
});
