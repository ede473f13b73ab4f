import { ConfigReader } from '@backstage/config';
import { locateImage, parseChallenge } from './ImageChecker';
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
