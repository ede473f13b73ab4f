import { createServer, Server } from 'node:http';
import { AddressAllowlist, HostAllowlist, OutboundGuard } from '../outbound';
import { listRegistryTags, parseBearerChallenge } from './registryTags';

// A registry that asks for a bearer token from its own token endpoint, as
// ghcr.io and Docker Hub do: an HTTP-level double of a registry we cannot
// run here (the local docker-registry test covers basic auth).
describe('registry tags with the token flow', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? '-'}`);
      if (req.url?.startsWith('/token')) {
        const ok =
          req.headers.authorization ===
          `Basic ${Buffer.from('u:p').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify(ok ? { token: 'T0K3N' } : {}));
        return;
      }
      if (req.headers.authorization !== 'Bearer T0K3N') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="${base}/token",service="test-registry",scope="repository:charts/cart:pull"`,
        });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ name: 'charts/cart', tags: ['1.0.0', '1.1.0'] }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  // The registry and its token service run on loopback: allowed explicitly.
  const guard = () =>
    new OutboundGuard({
      hosts: new HostAllowlist([new URL(base).host]),
      addresses: new AddressAllowlist(['127.0.0.1']),
    });

  it('parses Bearer challenges', () => {
    expect(
      parseBearerChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"',
      ),
    ).toEqual({
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:a/b:pull',
    });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
  });

  it('gets a token with the credentials, then the tags', async () => {
    const tags = await listRegistryTags({
      guard: guard(),
      baseUrl: base,
      repository: 'charts/cart',
      auth: { username: 'u', password: 'p' },
      timeoutMs: 5000,
    });
    expect(tags).toEqual(['1.0.0', '1.1.0']);
    expect(
      seen.some(s =>
        s.startsWith(
          '/token?service=test-registry&scope=repository%3Acharts%2Fcart%3Apull Basic',
        ),
      ),
    ).toBe(true);
  });

  it('says so when the token service refuses the credentials', async () => {
    await expect(
      listRegistryTags({
        guard: guard(),
        baseUrl: base,
        repository: 'charts/cart',
        auth: { username: 'u', password: 'wrong' },
        timeoutMs: 5000,
      }),
    ).rejects.toThrow(
      /OCI registry token service at 127.0.0.1:\d+ refused access \(HTTP 401\)/,
    );
  });

  it('refuses a token realm on a host that is not allowed, without asking it', async () => {
    const asked: string[] = [];
    const realm = createServer((req, res) => {
      asked.push(String(req.url));
      res.end('{"token":"x"}');
    });
    await new Promise<void>(r => realm.listen(0, '127.0.0.1', r));
    const realmPort = (realm.address() as { port: number }).port;
    const registry = createServer((_, res) => {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="https://127.0.0.1:${realmPort}/token",service="r"`,
      });
      res.end();
    });
    await new Promise<void>(r => registry.listen(0, '127.0.0.1', r));
    const registryUrl = `http://127.0.0.1:${
      (registry.address() as { port: number }).port
    }`;
    await expect(
      listRegistryTags({
        guard: new OutboundGuard({
          hosts: new HostAllowlist([new URL(registryUrl).host]),
          addresses: new AddressAllowlist(['127.0.0.1']),
        }),
        baseUrl: registryUrl,
        repository: 'charts/cart',
        timeoutMs: 5000,
      }),
    ).rejects.toThrow(
      `OCI registry token service host 127.0.0.1:${realmPort} is not allowed`,
    );
    expect(asked).toEqual([]);
    realm.close();
    registry.close();
  });
});
