import { ConfigReader } from '@backstage/config';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testClusters } from '../__testUtils__/testClusters';
import { ClusterRegistry } from './ClusterRegistry';

jest.setTimeout(60_000);

/** The admin client certificate the local cluster was started with. */
function clientCertificate(name: string): {
  certData: string;
  keyData: string;
} {
  const state = JSON.parse(
    readFileSync(
      join(dirname(process.env.BERTH_TEST_KUBECONFIG!), name, 'cluster.json'),
      'utf8',
    ),
  );
  return {
    certData: state.clientCert.certData,
    keyData: state.clientCert.keyData,
  };
}

describe('ClusterRegistry with the local clusters', () => {
  const [east, west] = testClusters();

  const registry = ClusterRegistry.fromConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          {
            type: 'config',
            clusters: [
              {
                name: east.name,
                url: east.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: east.adminToken,
                caData: east.caData,
              },
              {
                name: west.name,
                url: west.url,
                authProvider: 'serviceAccount',
                caData: west.caData,
              },
              {
                name: 'wrong-token',
                url: east.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'not-a-token',
                caData: east.caData,
              },
              {
                name: 'nowhere',
                url: 'https://127.0.0.1:1',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'x',
              },
            ],
          },
        ],
      },
      berth: {
        clusters: {
          [west.name]: { clientCertificate: clientCertificate(west.name) },
          'catalog-east': { serviceAccountToken: east.adminToken },
        },
      },
    }),
    {
      catalogEntities: async () => [
        {
          kind: 'Resource',
          metadata: {
            name: 'catalog-east',
            annotations: {
              'kubernetes.io/api-server': east.url,
              'kubernetes.io/api-server-certificate-authority': east.caData,
              'kubernetes.io/auth-provider': 'serviceAccount',
            },
          },
          spec: { type: 'kubernetes-cluster' },
        },
      ],
    },
  );

  it('probes every cluster and records who answered', async () => {
    await registry.refreshCatalogClusters();
    const started = Date.now();
    const clusters = await registry.checkConnections();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(clusters.map(c => [c.name, c.source, c.connection])).toEqual([
      [east.name, 'config', 'Connected'],
      [west.name, 'config', 'Connected'],
      ['wrong-token', 'config', 'Disconnected'],
      ['nowhere', 'config', 'Disconnected'],
      ['catalog-east', 'catalog', 'Connected'],
    ]);
    expect(registry.connectionProblem('wrong-token')).toBe(
      "the API server refused Berth's credentials (HTTP 401)",
    );
    expect(registry.connectionProblem('nowhere')).toMatch(/ECONNREFUSED/);
  });

  it('makes KubeConfigs that work, with a token or a client certificate', async () => {
    for (const name of [east.name, west.name, 'catalog-east']) {
      const core = registry.kubeConfig(name).makeApiClient(CoreV1Api);
      const { items } = await core.listNamespace();
      expect(items.map(ns => ns.metadata?.name)).toContain('kube-system');
    }
    expect(
      registry.kubeConfig(west.name).getCurrentUser()?.token,
    ).toBeUndefined();
  });
});
