import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ImageChecker, locateImage, parseChallenge } from './ImageChecker';
import { RegistryConfig } from './RegistryConfig';

describe('locateImage', () => {
  it.each([
    ['nginx', 'docker.io', 'registry-1.docker.io', 'library/nginx', 'latest'],
    ['acme/app:1', 'docker.io', 'registry-1.docker.io', 'acme/app', '1'],
    ['ghcr.io/a/b:2.0', 'ghcr.io', 'ghcr.io', 'a/b', '2.0'],
    [
      `127.0.0.1:5000/x/y@sha256:${'a'.repeat(64)}`,
      '127.0.0.1:5000',
      '127.0.0.1:5000',
      'x/y',
      `sha256:${'a'.repeat(64)}`,
    ],
    ['localhost/z:t', 'localhost', 'localhost', 'z', 't'],
  ])('%s', (image, host, apiHost, repository, reference) => {
    expect(locateImage(image)).toEqual({
      host,
      apiHost,
      repository,
      reference,
    });
  });
});

it('reads a bearer challenge', () => {
  expect(
    parseChallenge(
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull"',
    ),
  ).toEqual({
    realm: 'https://auth.example.com/token',
    service: 'registry.example.com',
    scope: 'repository:a/b:pull',
  });
});

describe('RegistryConfig', () => {
  const read = (berth: object) =>
    RegistryConfig.fromConfig(new ConfigReader({ berth }));

  it('keeps credentials out of what it lists', () => {
    const registries = read({
      registries: [
        { name: 'eu', host: 'eu.example.com', username: 'u', password: 'p' },
      ],
      clusters: { east: { registry: 'eu' } },
    });
    expect(registries.list()).toEqual([
      {
        name: 'eu',
        host: 'eu.example.com',
        hasCredentials: true,
        insecure: false,
        plainHttp: false,
        pullSecretName: 'berth-pull-eu',
        defaultForClusters: ['east'],
      },
    ]);
    expect(registries.clusterDefault('east')?.password).toBe('p');
    expect(registries.forHost('EU.example.com')?.name).toBe('eu');
  });

  it.each([
    [{ registries: [{ name: 'Bad', host: 'x' }] }, /DNS label/],
    [{ registries: [{ name: 'a', host: 'https://x' }] }, /without a scheme/],
    [
      { registries: [{ name: 'a', host: 'x', username: 'u' }] },
      /both username and password/,
    ],
    [
      {
        registries: [
          { name: 'a', host: 'x' },
          { name: 'a', host: 'y' },
        ],
      },
      /twice/,
    ],
    [{ clusters: { east: { registry: 'nope' } } }, /does not configure/],
  ])('refuses %j', (berth, message) => {
    expect(() => read(berth)).toThrow(message);
  });
});

describe('ImageChecker against a registry on loopback', () => {
  let server: http.Server;
  let host: string;
  const statuses: Record<string, number> = {};

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const name = /^\/v2\/([^/]+)\//.exec(req.url ?? '')?.[1] ?? '';
      res.statusCode = statuses[name] ?? 404;
      res.end();
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const checker = () =>
    new ImageChecker(
      RegistryConfig.fromConfig(
        new ConfigReader({
          berth: { registries: [{ name: 'loop', host, plainHttp: true }] },
        }),
      ),
      { timeoutMs: 2000 },
    );

  it('says an image exists, is gone, or could not be checked', async () => {
    statuses.present = 200;
    statuses.down = 503;
    statuses.busy = 429;
    const checks = await checker().checkAll([
      `${host}/present:1`,
      `${host}/gone:1`,
      `${host}/down:1`,
      `${host}/busy:1`,
    ]);
    expect(checks).toEqual([
      { image: `${host}/present:1`, exists: true },
      {
        image: `${host}/gone:1`,
        exists: false,
        message: `gone:1 is not in registry ${host}`,
      },
      expect.objectContaining({ exists: false, unverified: true }),
      expect.objectContaining({ exists: false, unverified: true }),
    ]);
  });

  it('counts a registry that cannot be reached as unverified, not as gone', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve =>
      closed.listen(0, '127.0.0.1', () => resolve()),
    );
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const [check] = await checker().checkAll([`127.0.0.1:${port}/x:1`]);
    expect(check).toMatchObject({
      exists: false,
      unverified: true,
      message: expect.stringMatching(/could not be asked/),
    });
  });
});
