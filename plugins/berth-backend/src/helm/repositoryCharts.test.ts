import { ConfigReader } from '@backstage/config';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  startChartRepository,
  TestChartRepository,
} from '../__testUtils__/chartRepository';
import { findHelmBinary } from '../deployments/findHelmBinary';
import { readHelmImportConfig } from './helmConfig';
import { RepositoryCharts } from './repositoryCharts';

const fixtures = resolve(__dirname, '../../test-fixtures/import-charts');

// Repository charts at deploy time are fetched by Berth through the guard
// and handed to helm as a local file; a forbidden repository is refused
// before any request (a recording sink on loopback receives none).
describe('repository charts at deploy time', () => {
  jest.setTimeout(60_000);
  let repo: TestChartRepository;
  let sink: Server;
  let sinkPort: number;
  const seen: string[] = [];
  let cacheDir: string;
  let charts: RepositoryCharts;

  beforeAll(async () => {
    repo = await startChartRepository({
      charts: [join(fixtures, 'repo/charts/api')],
    });
    sink = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.end('');
    });
    await new Promise<void>(r => sink.listen(0, '127.0.0.1', r));
    sinkPort = (sink.address() as { port: number }).port;
    cacheDir = mkdtempSync(join(tmpdir(), 'berth-repo-charts-'));
    charts = new RepositoryCharts({
      helm: findHelmBinary(),
      config: readHelmImportConfig(
        new ConfigReader({
          berth: {
            // The test repository runs on loopback: allowed explicitly.
            outbound: { allowAddresses: ['127.0.0.0/8'] },
            helm: {
              repositories: [{ name: 'test', url: repo.url }],
              import: { cacheDir, timeoutSeconds: 5 },
            },
          },
        }),
      ),
    });
  });

  afterAll(async () => {
    await repo?.stop();
    sink?.close();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('fetches a chart of a configured repository into the cache as a local file', async () => {
    const file = await charts.materialize({
      repoUrl: repo.url,
      name: 'api',
      version: '1.0.0',
    });
    expect(file).toMatch(new RegExp(`^${cacheDir}/repo-[a-f0-9]{64}\\.tgz$`));
    expect(readFileSync(file)).toEqual(
      readFileSync(join(repo.dir, 'api-1.0.0.tgz')),
    );
    expect(repo.requests).toEqual(['GET /index.yaml', 'GET /api-1.0.0.tgz']);
    expect(seen).toEqual([]);
  });

  it.each([
    [
      'a host not allowed',
      () => `http://127.0.0.1:${sinkPort}`,
      /host 127.0.0.1:\d+ is not allowed/,
    ],
    [
      'the cloud metadata address',
      () => 'http://169.254.169.254/charts',
      /169.254.169.254 is not allowed/,
    ],
    [
      'a registry not allowed',
      () => `oci://127.0.0.1:${sinkPort}/charts`,
      /127.0.0.1:\d+ is not allowed/,
    ],
    ['a file URL', () => 'file:///etc', /not fetched; use http\(s\)/],
  ])(
    'refuses %s before any request, writing nothing',
    async (_, repoUrl, message) => {
      const before = readdirSync(cacheDir);
      await expect(
        charts.materialize({
          repoUrl: repoUrl(),
          name: 'api',
          version: '1.0.0',
        }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
      expect(readdirSync(cacheDir)).toEqual(before);
      expect(seen).toEqual([]);
    },
  );
});
