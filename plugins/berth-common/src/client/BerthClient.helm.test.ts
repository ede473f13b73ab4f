import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthClient } from './BerthClient';

interface Received {
  method?: string;
  url?: string;
  contentType?: string;
  body: Buffer;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise(resolve => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** The Helm import and preview calls of the client against a real HTTP server. */
describe('BerthClient (Helm import and preview)', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[] = [];
  /** The next answer: status and JSON body. */
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      received.push({
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        body: await readBody(req),
      });
      res.statusCode = answer.status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise(resolve => server.close(resolve));
  });

  beforeEach(() => {
    received = [];
    answer = { status: 200, body: { items: [] } };
  });

  const client = () =>
    new BerthClient({
      discoveryApi: { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      fetchApi: { fetch },
    });
  const shop = { namespace: 'default', name: 'shop' };
  const json = (r: Received) => JSON.parse(r.body.toString('utf8'));

  it('lists the charts of a configured repository or of a URL, for a project', async () => {
    answer = { status: 200, body: { items: [{ name: 'web', versions: [] }] } };
    expect(
      await client().listRepositoryCharts(shop, { repository: 'demo' }),
    ).toEqual([{ name: 'web', versions: [] }]);
    await client().listRepositoryCharts(shop, {
      url: 'https://charts.example.com/a b',
    });
    expect(received.map(r => `${r.method} ${r.url}`)).toEqual([
      'GET /api/berth/projects/default/shop/helm/charts?repository=demo',
      'GET /api/berth/projects/default/shop/helm/charts?url=https%3A%2F%2Fcharts.example.com%2Fa+b',
    ]);
  });

  it('lists the chart folders of a Git tree', async () => {
    answer = {
      status: 200,
      body: { items: [{ path: 'charts/a', name: 'a', version: '1.0.0' }] },
    };
    const url = 'https://github.com/acme/charts/tree/main/charts';
    expect(await client().listGitCharts(shop, url)).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/api/berth/projects/default/shop/helm/git/charts',
      contentType: 'application/json',
    });
    expect(json(received[0])).toEqual({ url });
  });

  it('uploads a chart archive as raw bytes, for a project', async () => {
    answer = { status: 201, body: { digest: 'abc', metadata: { name: 'a' } } };
    const bytes = new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    const info = await client().uploadChartArchive(
      { namespace: 'default', name: 'shop' },
      new Blob([bytes]),
      'a-1.0.0.tgz',
    );
    expect(info.digest).toBe('abc');
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/api/berth/projects/default/shop/helm/archives?filename=a-1.0.0.tgz',
      contentType: 'application/gzip',
    });
    expect([...received[0].body]).toEqual([...bytes]);
  });

  it('imports charts and returns the per-item results of a partial success (207)', async () => {
    const result = {
      items: [
        { index: 0, service: 'a', status: 'created', revision: 1 },
        {
          index: 1,
          service: 'b',
          status: 'failed',
          error: {
            name: 'NotFoundError',
            message: 'no chart b',
            statusCode: 404,
          },
        },
      ],
      created: 1,
      updated: 0,
      failed: 1,
    };
    answer = { status: 207, body: result };
    const request = {
      items: [
        {
          source: {
            type: 'repository' as const,
            repository: 'demo',
            chart: 'a',
            version: '1.0.0',
          },
        },
        { source: { type: 'git' as const, url: 'https://g/t', path: 'b' } },
      ],
      force: false,
    };
    expect(await client().importCharts(shop, request)).toEqual(result);
    expect(received[0].url).toBe(
      '/api/berth/projects/default/shop/helm/import',
    );
    expect(json(received[0])).toEqual(request);
  });

  it('throws the server error of a refused import', async () => {
    answer = {
      status: 409,
      body: {
        error: { name: 'ConflictError', message: "service 'a' exists" },
        response: { statusCode: 409 },
      },
    };
    await expect(
      client().importCharts(shop, {
        items: [{ source: { type: 'archive', digest: 'abc' } }],
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      body: { error: { message: "service 'a' exists" } },
    });
  });

  it('reads and changes a service chart, revisions and values', async () => {
    const c = client();
    answer = { status: 200, body: { items: [] } };
    await c.listServiceRevisions(shop, 'my cart');
    answer = { status: 200, body: { revision: 2 } };
    await c.getServiceChart(shop, 'cart', 2);
    await c.getServiceChart(shop, 'cart');
    await c.listServiceChartVersions(shop, 'cart');
    answer = { status: 201, body: { revision: 3 } };
    await c.upgradeServiceChart(shop, 'cart', '0.2.0');
    await c.addServiceRevision(shop, 'cart', {
      kind: 'manifests',
      manifests: 'a: 1',
      variables: [],
    });
    answer = {
      status: 200,
      body: { service: 'cart', changed: false, revision: 3 },
    };
    await c.syncServiceValues(shop, 'cart');
    const service = '/api/berth/projects/default/shop/services';
    expect(received.map(r => `${r.method} ${r.url}`)).toEqual([
      `GET ${service}/my%20cart/revisions`,
      `GET ${service}/cart/chart?revision=2`,
      `GET ${service}/cart/chart`,
      `GET ${service}/cart/chart/versions`,
      `POST ${service}/cart/chart/upgrade`,
      `POST ${service}/cart/revisions`,
      `POST ${service}/cart/values/sync`,
    ]);
    expect(json(received[4])).toEqual({ version: '0.2.0' });
    expect(json(received[5])).toEqual({
      spec: { kind: 'manifests', manifests: 'a: 1', variables: [] },
    });
  });

  it('previews a service in an environment with proposed settings', async () => {
    answer = { status: 200, body: { service: 'cart', objects: [] } };
    await client().previewService('env-1', 'cart', { revision: 3 });
    await client().previewService('env-1', 'cart');
    expect(received.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/berth/environments/env-1/services/cart/preview',
      'POST /api/berth/environments/env-1/services/cart/preview',
    ]);
    expect(received.map(json)).toEqual([{ revision: 3 }, {}]);
  });

  it('validates values against an archive schema, and inspects a source', async () => {
    answer = { status: 200, body: { valid: false, errors: [] } };
    await client().validateChartValues(shop, 'abc', 'a: 1');
    answer = { status: 200, body: { digest: 'abc' } };
    await client().inspectChart(shop, {
      type: 'oci',
      ref: 'oci://h/c',
      version: '1',
    });
    expect(received.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/berth/projects/default/shop/helm/archives/abc/validate',
      'POST /api/berth/projects/default/shop/helm/inspect',
    ]);
    expect(received.map(json)).toEqual([
      { values: 'a: 1' },
      { source: { type: 'oci', ref: 'oci://h/c', version: '1' } },
    ]);
  });
});
