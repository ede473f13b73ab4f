import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthClient } from './BerthClient';

describe('BerthClient', () => {
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      if (req.url === '/api/berth/health') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            status: 'ok',
            database: { status: 'ok', client: 'better-sqlite3' },
            clusters: [],
          }),
        );
        return;
      }
      res.statusCode = 404;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'nothing here' },
          response: { statusCode: 404 },
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise(resolve => server.close(resolve));
  });

  const client = (pluginBase: () => string) =>
    new BerthClient({
      discoveryApi: { getBaseUrl: async id => `${pluginBase()}/api/${id}` },
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: { authorization: 'Bearer t0ken' },
          }),
      },
    });

  it('reads the health report through the given fetch', async () => {
    const health = await client(() => baseUrl).getHealth();
    expect(health.database.client).toBe('better-sqlite3');
    expect(requests).toContain('GET /api/berth/health Bearer t0ken');
  });

  it('turns an error response into a ResponseError', async () => {
    await expect(
      client(() => `${baseUrl}/nowhere`).getHealth(),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
    });
  });
});
