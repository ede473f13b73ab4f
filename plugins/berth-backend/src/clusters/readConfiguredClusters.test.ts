import { ConfigReader } from '@backstage/config';
import {
  readCatalogLocatorMethod,
  readConfiguredClusters,
} from './readConfiguredClusters';

const kubernetes = {
  serviceLocatorMethod: { type: 'multiTenant' },
  clusterLocatorMethods: [
    { type: 'catalog' },
    {
      type: 'config',
      clusters: [
        {
          name: 'local-east',
          url: 'https://127.0.0.1:6443',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'secret-token',
        },
        {
          name: 'local-west',
          title: 'West',
          url: 'https://127.0.0.1:7443',
          authProvider: 'serviceAccount',
        },
      ],
    },
  ],
};

describe('readConfiguredClusters', () => {
  it('reads the config-located clusters of the Kubernetes plugin, without credentials', () => {
    const clusters = readConfiguredClusters(
      new ConfigReader({
        kubernetes,
        berth: { clusters: { 'local-west': { allowProduction: false } } },
      }),
    );
    expect(clusters).toEqual([
      {
        name: 'local-east',
        title: undefined,
        url: 'https://127.0.0.1:6443',
        authProvider: 'serviceAccount',
        allowProduction: true,
        source: 'config',
      },
      {
        name: 'local-west',
        title: 'West',
        url: 'https://127.0.0.1:7443',
        authProvider: 'serviceAccount',
        allowProduction: false,
        source: 'config',
      },
    ]);
    expect(JSON.stringify(clusters)).not.toContain('secret-token');
  });

  it('is empty when no cluster is configured', () => {
    expect(readConfiguredClusters(new ConfigReader({}))).toEqual([]);
  });

  it('refuses a cluster configured twice', () => {
    const twice = {
      clusterLocatorMethods: [
        kubernetes.clusterLocatorMethods[1],
        kubernetes.clusterLocatorMethods[1],
      ],
    };
    expect(() =>
      readConfiguredClusters(new ConfigReader({ kubernetes: twice })),
    ).toThrow("Cluster 'local-east' is configured more than once");
  });

  it('refuses Berth settings for a cluster that is not configured', () => {
    expect(() =>
      readConfiguredClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [kubernetes.clusterLocatorMethods[1]],
          },
          berth: { clusters: { 'local-north': { allowProduction: false } } },
        }),
      ),
    ).toThrow(
      'berth.clusters.local-north names a cluster that kubernetes.clusterLocatorMethods does not configure (and no catalog locator method is configured)',
    );
  });

  it('accepts Berth settings for a catalog cluster when the catalog locator method is configured', () => {
    const config = new ConfigReader({
      kubernetes,
      berth: { clusters: { 'local-north': { serviceAccountToken: 't' } } },
    });
    expect(readConfiguredClusters(config).map(c => c.name)).toEqual([
      'local-east',
      'local-west',
    ]);
  });
});

describe('readCatalogLocatorMethod', () => {
  it('finds the catalog locator method', () => {
    const method = readCatalogLocatorMethod(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            kubernetes.clusterLocatorMethods[1],
            { type: 'catalog', dangerouslyAllowSkipTLSVerify: true },
          ],
        },
      }),
    );
    expect(method?.getOptionalBoolean('dangerouslyAllowSkipTLSVerify')).toBe(
      true,
    );
  });

  it('is undefined without one', () => {
    expect(
      readCatalogLocatorMethod(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [kubernetes.clusterLocatorMethods[1]],
          },
        }),
      ),
    ).toBeUndefined();
    expect(readCatalogLocatorMethod(new ConfigReader({}))).toBeUndefined();
  });
});

describe('berth.clusters.<name>.environmentUrl', () => {
  const read = (environmentUrl: string) =>
    readConfiguredClusters(
      new ConfigReader({
        kubernetes,
        berth: { clusters: { 'local-east': { environmentUrl } } },
      }),
    );

  it("is the cluster's gateway address for environments", () => {
    const [east, west] = read('http://{namespace}.localhost:8080');
    expect(east.environmentUrl).toBe('http://{namespace}.localhost:8080');
    expect(west.environmentUrl).toBeUndefined();
  });

  it('is refused without {namespace}, or when not an http(s) URL', () => {
    expect(() => read('http://shop.localhost:8080')).toThrow(
      "berth.clusters.local-east.environmentUrl must hold {namespace}: 'http://shop.localhost:8080'",
    );
    expect(() => read('file:///{namespace}')).toThrow(
      "berth.clusters.local-east.environmentUrl must be an http or https URL: 'file:///{namespace}'",
    );
    expect(() => read('{namespace}.localhost')).toThrow(
      "berth.clusters.local-east.environmentUrl is not a URL: '{namespace}.localhost'",
    );
  });
});
