import { ConfigReader } from '@backstage/config';
import { RegistryConfig } from './RegistryConfig';

const read = (berth: object) =>
  RegistryConfig.fromConfig(new ConfigReader({ berth }));

const registries = [
  { name: 'open', host: 'open.example.com', username: 'u', password: 'p' },
  {
    name: 'east-only',
    host: 'east.example.com',
    username: 'u',
    password: 'p',
    clusters: ['east'],
  },
  {
    name: 'shop-only',
    host: 'shop.example.com',
    username: 'u',
    password: 'p',
    projects: ['shop', 'system:payments/billing'],
  },
  {
    name: 'both',
    host: 'both.example.com',
    clusters: ['west'],
    projects: ['system:default/shop'],
  },
];

const environment = (cluster: string, projectRef: string) => ({
  name: 'dev',
  cluster,
  projectRef,
});

describe('registry scopes', () => {
  const config = read({ registries });

  it.each([
    ['open', 'east', 'system:default/anything'],
    ['east-only', 'east', 'system:default/anything'],
    ['shop-only', 'west', 'system:default/shop'],
    ['shop-only', 'west', 'system:payments/billing'],
    ['both', 'west', 'system:default/shop'],
  ])(
    'allows %s for an environment on %s of %s',
    (name, cluster, projectRef) => {
      const registry = config.get(name);
      expect(config.allows(registry, environment(cluster, projectRef))).toBe(
        true,
      );
      expect(() =>
        config.assertAllowed(registry, environment(cluster, projectRef)),
      ).not.toThrow();
    },
  );

  it.each([
    ['east-only', 'west', 'system:default/anything', 'clusters east'],
    [
      'shop-only',
      'west',
      'system:default/billing',
      'projects system:default/shop, system:payments/billing',
    ],
    [
      'both',
      'east',
      'system:default/shop',
      'clusters west; projects system:default/shop',
    ],
    [
      'both',
      'west',
      'system:default/other',
      'clusters west; projects system:default/shop',
    ],
  ])(
    'refuses %s for an environment on %s of %s with a 400 naming its scope',
    (name, cluster, projectRef, scope) => {
      const registry = config.get(name);
      expect(config.allows(registry, environment(cluster, projectRef))).toBe(
        false,
      );
      expect(() =>
        config.assertAllowed(registry, environment(cluster, projectRef)),
      ).toThrow(
        expect.objectContaining({
          name: 'InputError',
          message: `Image registry '${name}' may not be used by environment 'dev' of '${projectRef}' on cluster '${cluster}': berth.registries allows it for ${scope}`,
        }),
      );
    },
  );

  it('lists the scope, without credentials', () => {
    expect(config.list().find(r => r.name === 'shop-only')).toEqual({
      name: 'shop-only',
      host: 'shop.example.com',
      hasCredentials: true,
      insecure: false,
      plainHttp: false,
      pullSecretName: 'berth-pull-shop-only',
      projects: ['system:default/shop', 'system:payments/billing'],
      defaultForClusters: [],
    });
    expect(JSON.stringify(config.list())).not.toContain('"p"');
  });

  it('refuses a cluster default that the registry does not allow on that cluster', () => {
    expect(() =>
      read({ registries, clusters: { west: { registry: 'east-only' } } }),
    ).toThrow(
      "berth.clusters.west.registry names 'east-only', which berth.registries.east-only.clusters does not let cluster 'west' use",
    );
    expect(
      read({
        registries,
        clusters: { east: { registry: 'east-only' } },
      }).clusterDefault('east')?.name,
    ).toBe('east-only');
  });

  it('refuses a project that is not an entity reference', () => {
    expect(() =>
      read({
        registries: [{ name: 'bad', host: 'h.example.com', projects: [':/'] }],
      }),
    ).toThrow(
      /berth.registries 'bad': ':\/' in projects is not a System reference/,
    );
  });
});
