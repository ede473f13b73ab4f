import { ConfigReader } from '@backstage/config';
import {
  CatalogClusterEntity,
  readCatalogClusters,
} from './readCatalogClusters';

function clusterEntity(
  name: string,
  annotations: Record<string, string> = {},
  extra: Partial<CatalogClusterEntity['metadata']> = {},
): CatalogClusterEntity {
  return {
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'kubernetes.io/api-server': `https://${name}.example.com`,
        'kubernetes.io/api-server-certificate-authority': 'Y2E=',
        'kubernetes.io/auth-provider': 'serviceAccount',
        ...annotations,
      },
      ...extra,
    },
    spec: { type: 'kubernetes-cluster' },
  };
}

function config(berthClusters: object, catalogMethod: object = {}) {
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [{ type: 'catalog', ...catalogMethod }],
    },
    berth: { clusters: berthClusters },
  });
}

describe('readCatalogClusters', () => {
  it('reads a kubernetes-cluster Resource that Berth has credentials for', () => {
    const { clusters, skipped } = readCatalogClusters(
      [clusterEntity('north', {}, { title: 'North' })],
      config({
        north: { serviceAccountToken: 'tok', allowProduction: false },
      }),
    );
    expect(skipped).toEqual([]);
    expect(clusters).toEqual([
      {
        cluster: {
          name: 'north',
          title: 'North',
          url: 'https://north.example.com',
          authProvider: 'serviceAccount',
          allowProduction: false,
          source: 'catalog',
        },
        access: {
          url: 'https://north.example.com',
          caData: 'Y2E=',
          skipTLSVerify: false,
          credentials: { type: 'token', token: 'tok' },
        },
      },
    ]);
  });

  it('ignores other entities', () => {
    const component = { kind: 'Component', metadata: { name: 'cart' } };
    const database = {
      kind: 'Resource',
      metadata: { name: 'db' },
      spec: { type: 'database' },
    };
    expect(readCatalogClusters([component, database], config({}))).toEqual({
      clusters: [],
      skipped: [],
    });
  });

  it('skips clusters without Berth credentials, annotations or a valid URL', () => {
    const { clusters, skipped } = readCatalogClusters(
      [
        clusterEntity('nocreds'),
        clusterEntity('nourl', { 'kubernetes.io/api-server': '' }),
        clusterEntity('badurl', { 'kubernetes.io/api-server': 'not a url' }),
        clusterEntity('creds', {
          'kubernetes.io/api-server': 'https://u:p@x.example.com',
        }),
        clusterEntity('ftp', { 'kubernetes.io/api-server': 'ftp://x' }),
        clusterEntity('noauth', { 'kubernetes.io/auth-provider': '' }),
      ],
      config({
        nourl: { serviceAccountToken: 't' },
        badurl: { serviceAccountToken: 't' },
        creds: { serviceAccountToken: 't' },
        ftp: { serviceAccountToken: 't' },
        noauth: { serviceAccountToken: 't' },
      }),
    );
    expect(clusters).toEqual([]);
    expect(skipped).toEqual([
      {
        name: 'nocreds',
        reason:
          'berth.clusters.nocreds gives no serviceAccountToken or clientCertificate',
      },
      {
        name: 'nourl',
        reason: 'it has no kubernetes.io/api-server annotation',
      },
      {
        name: 'badurl',
        reason:
          "its kubernetes.io/api-server annotation 'not a url' is not a URL",
      },
      {
        name: 'creds',
        reason:
          'its kubernetes.io/api-server annotation must not contain credentials',
      },
      {
        name: 'ftp',
        reason:
          'its kubernetes.io/api-server annotation must be an http(s) URL',
      },
      {
        name: 'noauth',
        reason: 'it has no kubernetes.io/auth-provider annotation',
      },
    ]);
  });

  it('skips a name that several entities use, so credentials cannot be diverted', () => {
    const { clusters, skipped } = readCatalogClusters(
      [
        clusterEntity('prod'),
        clusterEntity(
          'prod',
          { 'kubernetes.io/api-server': 'https://evil.example.com' },
          { namespace: 'other' },
        ),
      ],
      config({ prod: { serviceAccountToken: 't' } }),
    );
    expect(clusters).toEqual([]);
    expect(skipped.map(s => s.reason)).toEqual([
      "2 catalog Resources are named 'prod'",
      "2 catalog Resources are named 'prod'",
    ]);
  });

  it('holds the API server to berth.clusters.<name>.url when set', () => {
    const pinned = config({
      prod: { serviceAccountToken: 't', url: 'https://prod.example.com' },
      stage: { serviceAccountToken: 't', url: 'https://stage.example.com' },
    });
    const { clusters, skipped } = readCatalogClusters(
      [
        clusterEntity('prod'),
        clusterEntity('stage', {
          'kubernetes.io/api-server': 'https://elsewhere.example.com',
        }),
      ],
      pinned,
    );
    expect(clusters.map(c => c.cluster.name)).toEqual(['prod']);
    expect(skipped).toEqual([
      {
        name: 'stage',
        reason:
          'its API server https://elsewhere.example.com is not berth.clusters.stage.url (https://stage.example.com)',
      },
    ]);
  });

  it('uses a client certificate', () => {
    const { clusters } = readCatalogClusters(
      [clusterEntity('north')],
      config({ north: { clientCertificate: { certData: 'c', keyData: 'k' } } }),
    );
    expect(clusters[0].access.credentials).toEqual({
      type: 'clientCertificate',
      certData: 'c',
      keyData: 'k',
    });
  });

  it('skips TLS verification only when the catalog locator method allows it', () => {
    const entity = clusterEntity('north', {
      'kubernetes.io/skip-tls-verify': 'true',
    });
    const settings = { north: { serviceAccountToken: 't' } };
    expect(
      readCatalogClusters([entity], config(settings)).clusters[0].access
        .skipTLSVerify,
    ).toBe(false);
    expect(
      readCatalogClusters(
        [entity],
        config(settings, { dangerouslyAllowSkipTLSVerify: true }),
      ).clusters[0].access.skipTLSVerify,
    ).toBe(true);
  });
});
