/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import knexFactory, { Knex } from 'knex';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import request from 'supertest';
import { Header } from 'tar';
import { berthPlugin } from '../plugin';
import { sha256 } from '../helm/ChartArchiveStore';
import {
  chartEntries,
  craftArchive,
  craftTar,
} from '../helm/__testUtils__/craftArchive';
import { directoryUrlReader } from '../helm/__testUtils__/directoryUrlReader';
import {
  helmPackage,
  startChartRepository,
  TestChartRepository,
} from '../__testUtils__/chartRepository';
import { freeLoopbackPort } from '../__testUtils__/ociRegistry';
import { writeTestProjectFile } from '../__testUtils__/testProjectFile';
import { testClusters } from '../__testUtils__/testClusters';

// Bad input to the Helm import API over HTTP: each refused with a clear 4xx,
// and nothing written: no archive, service or revision row, and no
// temporary folder left behind.
jest.setTimeout(180_000);

const [east] = testClusters();
const helm = join(east.bin, 'helm');
const fixtures = resolve(__dirname, '../../test-fixtures/import-charts');
const GIT = 'https://git.example.com/acme/charts/tree/main';
const project = `hbad-${Math.random().toString(36).slice(2, 8)}`;
const projectFile = writeTestProjectFile(project);
const api = (path: string) => `/api/berth${path}`;
const importPath = api(`/projects/default/${project}/helm/import`);
const helmApi = (path: string) =>
  api(`/projects/default/${project}/helm${path}`);

const BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
].join('\n');

/**
 * A real gzip bomb: 32 files of 4 MiB of zeros (each under the per-file
 * limit, 128 MiB in all) compress to about 130 KiB.
 */
async function gzipBomb(): Promise<Buffer> {
  const fileSize = 4 * 1024 * 1024;
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', c => chunks.push(c));
  const done = new Promise(r => gzip.on('end', r));
  gzip.write(craftTar(chartEntries()).subarray(0, -1024));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let file = 0; file < 32; file++) {
    const header = Buffer.alloc(512);
    new Header({
      path: `demo/zeros-${file}.bin`,
      type: 'File',
      size: fileSize,
      mode: 0o644,
      mtime: new Date(0),
    }).encode(header, 0);
    gzip.write(header);
    for (let i = 0; i < fileSize / zeros.length; i++) {
      if (!gzip.write(zeros)) await new Promise(r => gzip.once('drain', r));
    }
  }
  gzip.end(Buffer.alloc(1024));
  await done;
  return Buffer.concat(chunks);
}

describe('the Helm import API refuses bad input, writing nothing', () => {
  let server: Parameters<typeof request>[0];
  let knex: Knex;
  let repo: TestChartRepository;
  let valid: Buffer;
  let deny = false;
  // The folders Berth makes for one request, in this file's temporary
  // directory or in a backend's work directory there (berth-<pid>-…).
  const tempEntries = () => {
    const base = tmpdir();
    const workDirs = readdirSync(base)
      .filter(name => /^berth-\d+-/.test(name))
      .map(name => join(base, name));
    return [base, ...workDirs]
      .flatMap(dir => readdirSync(dir).map(name => join(dir, name)))
      .filter(path =>
        /^berth-(chartdeps|pack|oci|gitchart|helm)-/.test(basename(path)),
      )
      .sort();
  };

  beforeAll(async () => {
    repo = await startChartRepository({
      charts: [join(fixtures, 'repo/charts/api')],
      auth: true,
      helm,
    });
    const dir = join(tmpdir(), `hbad-${project}`);
    [valid] = await helmPackage(
      [join(fixtures, 'upload/charts/uploaded')],
      dir,
      helm,
    ).then(files => files.map(f => readFileSync(f)));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    const reader = directoryUrlReader(GIT, join(fixtures, 'tree'));
    ({ server } = await startTestBackend({
      features: [
        berthPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            berth: {
              demo: { projectFile },
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
                // Ad-hoc repositories on loopback, and the Git tree's host.
                import: {
                  timeoutSeconds: 2,
                  maxArchiveBytes: 1024 * 1024,
                  allowedHosts: ['127.0.0.1', 'git.example.com'],
                },
              },
              // The test servers run on loopback: allowed explicitly.
              outbound: { allowAddresses: ['127.0.0.0/8'] },
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
            requests.map(() => ({
              result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
            })) as any,
        }).factory,
      ],
    }));
  });

  afterAll(async () => {
    await repo?.stop();
    await knex?.destroy();
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

  /** Runs a request that must be refused; checks that nothing was written. */
  async function expectRefused(
    send: () => Promise<request.Response>,
    status: number,
    message: RegExp,
  ) {
    const before = await rows();
    const temps = tempEntries();
    const res = await send();
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
    expect(await rows()).toEqual(before);
    expect(tempEntries()).toEqual(temps);
  }

  const upload = (body: Buffer, filename = 'chart.tgz') =>
    request(server)
      .post(
        api(
          `/projects/default/${project}/helm/archives?filename=${encodeURIComponent(
            filename,
          )}`,
        ),
      )
      .set('content-type', 'application/gzip')
      .send(body);

  describe('uploads', () => {
    it.each([
      [
        "a '..' path",
        () =>
          craftArchive([
            ...chartEntries(),
            { path: 'demo/../../x', body: 'a' },
          ]),
        /leads out of the archive/,
      ],
      [
        'an absolute path',
        () => craftArchive([...chartEntries(), { path: '/etc/x', body: 'a' }]),
        /absolute path/,
      ],
      [
        'a symbolic link',
        () =>
          craftArchive([
            ...chartEntries(),
            { path: 'demo/l', type: 'SymbolicLink', linkpath: '/etc/passwd' },
          ]),
        /symbolic link/,
      ],
      [
        'a hard link',
        () =>
          craftArchive([
            ...chartEntries(),
            { path: 'demo/h', type: 'Link', linkpath: 'demo/Chart.yaml' },
          ]),
        /hard link/,
      ],
      [
        'a device',
        () =>
          craftArchive([
            ...chartEntries(),
            { path: 'demo/dev', type: 'CharacterDevice' },
          ]),
        /character device/,
      ],
      [
        'an entry over the size limit',
        () =>
          craftArchive([
            ...chartEntries(),
            { path: 'demo/big', body: Buffer.alloc(6 * 1024 * 1024, 7) },
          ]),
        /'demo\/big' is 6 MiB, more than the limit of 5 MiB per file/,
      ],
      [
        'more entries than the limit',
        () =>
          craftArchive([
            ...chartEntries(),
            ...Array.from({ length: 2001 }, (_, i) => ({
              path: `demo/t/${i}`,
              body: '',
            })),
          ]),
        /more than 2000 entries/,
      ],
      [
        'a Chart.yaml missing',
        () => craftArchive([{ path: 'demo/values.yaml', body: 'a: 1\n' }]),
        /has no Chart.yaml/,
      ],
      [
        'an invalid Chart.yaml',
        () =>
          craftArchive(chartEntries('demo', { 'Chart.yaml': 'name: [demo\n' })),
        /Chart.yaml: line \d+, column \d+: Flow sequence/,
      ],
      [
        'a chart name that is not DNS-1123',
        () => craftArchive(chartEntries('Not_A_Label')),
        /the chart name 'Not_A_Label' is not a DNS-1123 label/,
      ],
      [
        'a YAML alias bomb in values.yaml',
        () => craftArchive(chartEntries('demo', { 'values.yaml': BOMB })),
        /values.yaml: .*alias bomb/,
      ],
      [
        'something that is not a .tgz',
        () => Buffer.from('PK\u0003\u0004 zip'),
        /not a gzip-compressed tar/,
      ],
    ])('%s', async (_what, make, message) => {
      const body = make();
      await expectRefused(() => upload(body), 400, message);
      expect(
        (await request(server).get(helmApi(`/archives/${sha256(body)}`)))
          .status,
      ).toBe(404);
    });

    it('a decompression bomb', async () => {
      const bomb = await gzipBomb();
      expect(bomb.length).toBeLessThan(1024 * 1024);
      await expectRefused(
        () => upload(bomb),
        400,
        /unpacks to more than 50 MiB; is it a decompression bomb\?/,
      );
    });

    it('an archive over the upload limit', async () => {
      await expectRefused(
        () => upload(Buffer.alloc(2 * 1024 * 1024, 1)),
        413,
        /too large/i,
      );
    });

    it('a file name that is a path, and a wrong content type', async () => {
      await expectRefused(() => upload(valid, '../x.tgz'), 400, /filename/);
      await expectRefused(
        () =>
          request(server)
            .post(
              api(`/projects/default/${project}/helm/archives?filename=x.tgz`),
            )
            .set('content-type', 'text/plain')
            .send('hello'),
        400,
        /Content-Type application\/gzip/,
      );
    });

    it('an upload without the permission', async () => {
      deny = true;
      try {
        await expectRefused(() => upload(valid), 403, /Not allowed/);
      } finally {
        deny = false;
      }
    });
  });

  describe('imports', () => {
    const post = (body: object) => () =>
      request(server).post(importPath).send(body);
    const repoItem = {
      source: {
        type: 'repository',
        repository: 'test',
        chart: 'api',
        version: '1.0.0',
      },
    };

    it('a body that does not validate', async () => {
      await expectRefused(post({ items: [] }), 400, /items/);
      await expectRefused(
        post({ items: [{ source: { type: 'ftp', url: 'x' } }] }),
        400,
        /items.0.source/,
      );
      await expectRefused(
        post({
          items: [
            { source: { type: 'repository', chart: 'api', version: '1.0.0' } },
          ],
        }),
        400,
        /either repository \(a configured name\) or url/,
      );
      await expectRefused(
        post({ ...repoItem, extra: true }),
        400,
        /Invalid request body/,
      );
    });

    it('a service name that is not DNS-1123', async () => {
      await expectRefused(
        post({ items: [{ ...repoItem, service: 'Bad_Name' }] }),
        400,
        /service name/,
      );
    });

    it('values that fail the chart schema, naming the paths', async () => {
      await expectRefused(
        post({ items: [{ ...repoItem, values: 'replicaCount: lots\n' }] }),
        400,
        /values.schema.json: replicaCount: must be integer/,
      );
    });

    it('a YAML alias bomb in the values', async () => {
      await expectRefused(
        post({ items: [{ ...repoItem, values: BOMB }] }),
        400,
        /alias bomb/,
      );
    });

    it('an unknown configured repository, chart or version', async () => {
      await expectRefused(
        post({
          items: [{ source: { ...repoItem.source, repository: 'nope' } }],
        }),
        400,
        /No chart repository named 'nope' is configured/,
      );
      await expectRefused(
        post({ items: [{ source: { ...repoItem.source, version: '9.9.9' } }] }),
        404,
        /has no version '9.9.9' of chart 'api' \(it has 1.0.0\)/,
      );
    });

    it('an unreachable repository, naming the host', async () => {
      const port = await freeLoopbackPort();
      await expectRefused(
        post({
          items: [
            {
              source: {
                type: 'repository',
                url: `http://127.0.0.1:${port}`,
                chart: 'api',
                version: '1.0.0',
              },
            },
          ],
        }),
        400,
        new RegExp(`Chart repository at 127.0.0.1:${port} cannot be reached`),
      );
      await expectRefused(
        () =>
          request(server).get(
            helmApi(
              `/charts?url=${encodeURIComponent(`http://127.0.0.1:${port}`)}`,
            ),
          ),
        400,
        new RegExp(`127.0.0.1:${port} cannot be reached`),
      );
    });

    it('an unreachable registry, naming the host', async () => {
      const port = await freeLoopbackPort();
      await expectRefused(
        post({
          items: [
            {
              source: {
                type: 'oci',
                ref: `oci://127.0.0.1:${port}/charts/x`,
                version: '1.0.0',
              },
            },
          ],
        }),
        400,
        new RegExp(`OCI registry 127.0.0.1:${port} cannot be reached`),
      );
    });

    it('a Git path without a chart, and a chart whose name is not DNS-1123', async () => {
      await expectRefused(
        post({
          items: [{ source: { type: 'git', url: GIT, path: 'values' } }],
        }),
        404,
        /has no chart at 'values'/,
      );
      await expectRefused(
        post({
          items: [{ source: { type: 'git', url: GIT, path: '../../etc' } }],
        }),
        400,
        /leads out of/,
      );
      await expectRefused(
        post({
          items: [
            { source: { type: 'git', url: GIT, path: 'charts/not-dns' } },
          ],
        }),
        400,
        /the chart name 'Not_DNS' is not a DNS-1123 label/,
      );
    });

    it('a name that exists, unless forced; partial success reported per item', async () => {
      const first = await request(server)
        .post(importPath)
        .send({ items: [{ ...repoItem, service: 'api' }] });
      expect(first.status).toBe(200);
      expect(first.body.items[0]).toMatchObject({
        status: 'created',
        revision: 1,
      });

      await expectRefused(
        post({ items: [{ ...repoItem, service: 'api' }] }),
        409,
        /already has a service named 'api'/,
      );
      // The existing one refused, a new one created: 207 with both results.
      const before = await rows();
      const mixed = await request(server)
        .post(importPath)
        .send({
          items: [
            { ...repoItem, service: 'api' },
            { source: { type: 'git', url: GIT, path: 'charts/web' } },
          ],
        });
      expect(mixed.status).toBe(207);
      expect(
        mixed.body.items.map((i: any) => [
          i.service,
          i.status,
          i.error?.statusCode,
        ]),
      ).toEqual([
        ['api', 'failed', 409],
        ['web', 'created', undefined],
      ]);
      expect(await rows()).toEqual({
        archives: before.archives + 1,
        services: before.services + 1,
        revisions: before.revisions + 1,
      });
      const forced = await request(server)
        .post(importPath)
        .send({ items: [{ ...repoItem, service: 'api' }], force: true });
      expect(forced.status).toBe(200);
      expect(forced.body.items[0]).toMatchObject({
        status: 'updated',
        revision: 2,
      });
    });

    it('an import without the permission', async () => {
      deny = true;
      try {
        await expectRefused(post({ items: [repoItem] }), 403, /Not allowed/);
      } finally {
        deny = false;
      }
    });

    it('credentials never appear in any answer', async () => {
      const answers = await Promise.all([
        request(server).get(api('/helm/repositories')),
        request(server).get(helmApi('/charts?repository=test')),
        request(server).get(
          api(`/projects/default/${project}/services/api/chart`),
        ),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(JSON.stringify(answer.body)).not.toContain(repo.password!);
      }
    });
  });
  describe('the other routes', () => {
    const service = (path: string) =>
      api(`/projects/default/${project}/services/api${path}`);

    it('list a Git tree, inspect a chart and take an upload, storing only the upload, once', async () => {
      const tree = await request(server)
        .post(helmApi('/git/charts'))
        .send({ url: GIT });
      expect(tree.status).toBe(200);
      expect(tree.body.items.map((i: any) => i.path)).toEqual([
        'charts/not-dns',
        'charts/shared',
        'charts/web',
        'charts/worker',
      ]);
      const before = await rows();
      const inspected = await request(server)
        .post(helmApi('/inspect'))
        .send({
          source: {
            type: 'repository',
            repository: 'test',
            chart: 'api',
            version: '1.0.0',
          },
        });
      expect(inspected.status).toBe(200);
      expect(inspected.body).toMatchObject({
        metadata: { name: 'api', version: '1.0.0' },
        schema: { required: ['image', 'replicaCount'] },
        origin: { type: 'repository', repository: 'test', chart: 'api' },
      });
      expect(await rows()).toEqual(before);

      const first = await upload(valid, 'uploaded-0.1.0.tgz');
      const second = await upload(valid, 'uploaded-0.1.0.tgz');
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.digest).toBe(first.body.digest);
      expect(first.body.digest).toBe(sha256(valid));
      expect((await rows()).archives).toBe(before.archives + 1);
      const got = await request(server).get(
        helmApi(`/archives/${first.body.digest}`),
      );
      expect(got.body.metadata.name).toBe('uploaded');
    });

    it('validate values against a chart schema, naming the paths', async () => {
      const chart = await request(server).get(service('/chart'));
      expect(chart.status).toBe(200);
      const checked = await request(server)
        .post(helmApi(`/archives/${chart.body.digest}/validate`))
        .send({ values: 'replicaCount: lots\nimage:\n  tag: 1\n' });
      expect(checked.body).toEqual({
        valid: false,
        errors: expect.arrayContaining([
          { path: 'replicaCount', message: 'must be integer' },
          { path: 'image.tag', message: 'must be string' },
        ]),
      });
      const fine = await request(server)
        .post(helmApi(`/archives/${chart.body.digest}/validate`))
        .send({ values: 'replicaCount: 3\n' });
      expect(fine.body).toEqual({ valid: true, errors: [] });
    });

    it('refuse a chart upgrade to the same or an unknown version, and a sync of untracked values', async () => {
      const versions = await request(server).get(service('/chart/versions'));
      expect(versions.body).toMatchObject({
        current: '1.0.0',
        versions: [{ version: '1.0.0' }],
      });
      await expectRefused(
        () =>
          request(server)
            .post(service('/chart/upgrade'))
            .send({ version: '1.0.0' }),
        409,
        /at chart version 1.0.0 already/,
      );
      await expectRefused(
        () =>
          request(server)
            .post(service('/chart/upgrade'))
            .send({ version: '9.9.9' }),
        404,
        /has no version '9.9.9'/,
      );
      await expectRefused(
        () => request(server).post(service('/values/sync')).send(),
        400,
        /does not take its values from a file in Git/,
      );
      await expectRefused(
        () =>
          request(server).get(
            helmApi(
              `/charts?repository=test&url=${encodeURIComponent(repo.url)}`,
            ),
          ),
        400,
        /^Invalid query: give either repository \(a configured name\) or url/,
      );
    });
  });
});
