import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { BerthCluster } from '@berth/plugin-berth-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterRegistry } from './ClusterRegistry';
import { CatalogClusterEntity } from './readCatalogClusters';

/** A fake API server whose /readyz answers `status` (changeable). */
async function apiServer() {
  const state = { status: 200, tokens: [] as Array<string | undefined> };
  const s = http.createServer((req, res) => {
    state.tokens.push(req.headers.authorization);
    res.statusCode = state.status;
    res.end();
  });
  await new Promise<void>(resolve => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>(resolve => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

function catalogCluster(name: string, url: string): CatalogClusterEntity {
  return {
    kind: 'Resource',
    metadata: {
      name,
      title: `Catalog ${name}`,
      annotations: {
        'kubernetes.io/api-server': url,
        'kubernetes.io/api-server-certificate-authority': 'Y2E=',
        'kubernetes.io/auth-provider': 'serviceAccount',
        'kubernetes.io/skip-tls-verify': 'true',
      },
    },
    spec: { type: 'kubernetes-cluster' },
  };
}

describe('ClusterRegistry', () => {
  let east: Awaited<ReturnType<typeof apiServer>>;
  let unreachableUrl: string;

  beforeAll(async () => {
    east = await apiServer();
    const gone = await apiServer();
    unreachableUrl = gone.url;
    await gone.close();
  });
  afterAll(() => east.close());
  beforeEach(() => {
    east.state.status = 200;
    east.state.tokens = [];
  });

  function config(extra: { catalog?: boolean; berth?: object } = {}) {
    return new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          // The fake API servers speak plain HTTP, which client-node allows
          // only with skipTLSVerify.
          ...(extra.catalog
            ? [{ type: 'catalog', dangerouslyAllowSkipTLSVerify: true }]
            : []),
          {
            type: 'config',
            clusters: [
              {
                name: 'east',
                title: 'East',
                url: east.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'east-token',
                skipTLSVerify: true,
              },
              {
                name: 'west',
                url: unreachableUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'west-token',
                skipTLSVerify: true,
              },
              {
                name: 'gke',
                url: 'https://gke.example.com',
                authProvider: 'google',
              },
            ],
          },
        ],
      },
      berth: extra.berth ?? { clusters: { west: { allowProduction: false } } },
    });
  }

  it('lists the config clusters, without credentials', () => {
    const registry = ClusterRegistry.fromConfig(config());
    expect(registry.list()).toEqual([
      {
        name: 'east',
        title: 'East',
        url: east.url,
        authProvider: 'serviceAccount',
        allowProduction: true,
        source: 'config',
      },
      {
        name: 'west',
        title: undefined,
        url: unreachableUrl,
        authProvider: 'serviceAccount',
        allowProduction: false,
        source: 'config',
      },
      {
        name: 'gke',
        title: undefined,
        url: 'https://gke.example.com',
        authProvider: 'google',
        allowProduction: true,
        source: 'config',
      },
    ]);
    expect(JSON.stringify(registry.list())).not.toContain('token');
  });

  it('gets one cluster, and names the known ones for an unknown one', () => {
    const registry = ClusterRegistry.fromConfig(config());
    expect(registry.get('west').name).toBe('west');
    expect(() => registry.get('north')).toThrow(
      "Unknown cluster 'north'; known: east, west, gke",
    );
    expect(() => registry.kubeConfig('north')).toThrow(
      "Unknown cluster 'north'; known: east, west, gke",
    );
  });

  it('makes a KubeConfig with the configured token', () => {
    const kc = ClusterRegistry.fromConfig(config()).kubeConfig('east');
    expect(kc.getCurrentCluster()?.server).toBe(east.url);
    expect(kc.getCurrentUser()?.token).toBe('east-token');
  });

  it('makes one with a client certificate from berth.clusters', () => {
    const registry = ClusterRegistry.fromConfig(
      config({
        berth: {
          clusters: {
            east: { clientCertificate: { certData: 'Yw==', keyData: 'aw==' } },
          },
        },
      }),
    );
    expect(registry.kubeConfig('east').getCurrentUser()).toMatchObject({
      certData: 'Yw==',
      keyData: 'aw==',
    });
  });

  it('refuses a KubeConfig for a cluster Berth has no credentials for', () => {
    expect(() =>
      ClusterRegistry.fromConfig(config()).kubeConfig('gke'),
    ).toThrow("Berth has no credentials for cluster 'gke'");
  });

  it('checks connections without throwing, and tells listeners about changes', async () => {
    const registry = ClusterRegistry.fromConfig(config(), {
      logger: mockServices.logger.mock(),
    });
    const changes: BerthCluster[] = [];
    const unsubscribe = registry.onConnectionChange(c => changes.push(c));

    const checked = await registry.checkConnections();
    expect(checked.map(c => [c.name, c.connection])).toEqual([
      ['east', 'Connected'],
      ['west', 'Disconnected'],
      ['gke', 'Disconnected'],
    ]);
    expect(east.state.tokens).toEqual(['Bearer east-token']);
    expect(registry.connectionProblem('west')).toMatch(/ECONNREFUSED/);
    expect(registry.connectionProblem('gke')).toMatch(
      "Berth has no credentials for cluster 'gke'",
    );
    expect(registry.connectionProblem('east')).toBeUndefined();
    expect(changes.map(c => `${c.name}:${c.connection}`).sort()).toEqual([
      'east:Connected',
      'gke:Disconnected',
      'west:Disconnected',
    ]);

    changes.length = 0;
    await registry.checkConnections();
    expect(changes).toEqual([]);

    east.state.status = 503;
    await registry.checkConnections();
    expect(registry.get('east').connection).toBe('Disconnected');
    expect(registry.connectionProblem('east')).toBe(
      '/readyz answered HTTP 503',
    );
    expect(changes.map(c => `${c.name}:${c.connection}`)).toEqual([
      'east:Disconnected',
    ]);

    unsubscribe();
    east.state.status = 200;
    await registry.checkConnections();
    expect(registry.get('east').connection).toBe('Connected');
    expect(changes).toHaveLength(1);
  });

  it('records connections seen elsewhere, e.g. by a watch', () => {
    const registry = ClusterRegistry.fromConfig(config());
    const changes: string[] = [];
    registry.onConnectionChange((c, reason) =>
      changes.push(`${c.name}:${c.connection}:${reason}`),
    );
    registry.recordConnection('east', 'Disconnected', 'watch failed');
    registry.recordConnection('east', 'Disconnected', 'watch failed again');
    registry.recordConnection('nowhere', 'Connected');
    expect(changes).toEqual(['east:Disconnected:watch failed']);
    expect(registry.connectionProblem('east')).toBe('watch failed again');
  });

  it('keeps listening when a listener throws', async () => {
    const logger = mockServices.logger.mock();
    const registry = ClusterRegistry.fromConfig(config(), { logger });
    const seen: string[] = [];
    registry.onConnectionChange(() => {
      throw new Error('boom');
    });
    registry.onConnectionChange(c => seen.push(c.name));
    registry.recordConnection('east', 'Connected');
    expect(seen).toEqual(['east']);
    expect(logger.error).toHaveBeenCalled();
  });

  describe('catalog clusters', () => {
    const berth = {
      clusters: {
        north: { serviceAccountToken: 'north-token', allowProduction: false },
        east: { allowProduction: true },
      },
    };

    it('adds the catalog clusters Berth has credentials for', async () => {
      const entities = [
        catalogCluster('north', east.url),
        catalogCluster('south', 'https://south.example.com'),
      ];
      const registry = ClusterRegistry.fromConfig(
        config({ catalog: true, berth }),
        { catalogEntities: async () => entities },
      );
      expect(registry.list().map(c => c.name)).toEqual(['east', 'west', 'gke']);

      const found = await registry.refreshCatalogClusters();
      expect(found).toEqual([
        {
          name: 'north',
          title: 'Catalog north',
          url: east.url,
          authProvider: 'serviceAccount',
          allowProduction: false,
          source: 'catalog',
        },
      ]);
      expect(registry.list().map(c => c.name)).toEqual([
        'east',
        'west',
        'gke',
        'north',
      ]);
      expect(registry.kubeConfig('north').getCurrentUser()?.token).toBe(
        'north-token',
      );
      expect(registry.kubeConfig('north').getCurrentCluster()?.caData).toBe(
        'Y2E=',
      );
    });

    it('lets a config cluster win over a catalog one of the same name', async () => {
      const logger = mockServices.logger.mock();
      const registry = ClusterRegistry.fromConfig(
        config({
          catalog: true,
          berth: { clusters: { east: { serviceAccountToken: 'other' } } },
        }),
        {
          logger,
          catalogEntities: async () => [
            catalogCluster('east', 'https://other.example.com'),
          ],
        },
      );
      expect(await registry.refreshCatalogClusters()).toEqual([]);
      expect(registry.get('east').source).toBe('config');
      expect(registry.get('east').url).toBe(east.url);
      expect(logger.warn).toHaveBeenCalledWith(
        "Berth ignores the catalog cluster 'east': a cluster of that name is configured in kubernetes.clusterLocatorMethods",
      );
    });

    it('drops catalog clusters that went away, and keeps them when the catalog fails', async () => {
      let entities: CatalogClusterEntity[] | Error = [
        catalogCluster('north', east.url),
      ];
      const registry = ClusterRegistry.fromConfig(
        config({ catalog: true, berth }),
        {
          catalogEntities: async () => {
            if (entities instanceof Error) throw entities;
            return entities;
          },
        },
      );
      await registry.refreshCatalogClusters();
      await registry.checkConnections();
      expect(registry.get('north').connection).toBe('Connected');

      entities = new Error('catalog is down');
      await expect(registry.refreshCatalogClusters()).rejects.toThrow(
        'catalog is down',
      );
      expect(registry.get('north').connection).toBe('Connected');

      entities = [];
      await registry.refreshCatalogClusters();
      expect(() => registry.get('north')).toThrow(
        "Unknown cluster 'north'; known: east, west, gke",
      );
    });

    it('reads no catalog clusters without a catalog locator method', async () => {
      const catalogEntities = jest.fn(async () => [
        catalogCluster('north', east.url),
      ]);
      const registry = ClusterRegistry.fromConfig(
        config({
          berth: { clusters: { west: { allowProduction: false } } },
        }),
        { catalogEntities },
      );
      expect(await registry.refreshCatalogClusters()).toEqual([]);
      expect(catalogEntities).not.toHaveBeenCalled();
    });
  });
});
