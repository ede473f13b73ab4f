import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { BerthServiceClient } from '@berth/plugin-berth-node';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthEntityProvider } from './BerthEntityProvider';

describe('BerthEntityProvider', () => {
  let server: Server;
  let baseUrl: string;
  const seenAuth: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenAuth.push(req.headers.authorization ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/berth/environments') {
        res.end(
          JSON.stringify({
            items: [
              {
                id: 'e1',
                projectRef: 'system:default/shop',
                name: 'dev',
                cluster: 'local-east',
                namespace: 'shop-dev',
                tier: 'development',
                ownerRef: 'group:default/team-shop',
              },
            ],
          }),
        );
      } else if (req.url === '/api/berth/clusters') {
        res.end(
          JSON.stringify({
            items: [
              {
                name: 'local-east',
                url: 'https://127.0.0.1:6443',
                authProvider: 'serviceAccount',
                allowProduction: true,
                source: 'config',
              },
            ],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise(r => server.close(r));
  });

  it('replaces its entities with the environments and clusters Berth reports', async () => {
    const applied: Entity[][] = [];
    const connection: EntityProviderConnection = {
      applyMutation: async mutation => {
        if (mutation.type === 'full')
          applied.push(mutation.entities.map(e => e.entity));
      },
      refresh: async () => {},
    };
    const provider = new BerthEntityProvider({
      berth: new BerthServiceClient({
        discovery: mockServices.discovery.mock({
          getBaseUrl: async id => `${baseUrl}/api/${id}`,
        }),
        auth: mockServices.auth(),
      }),
      logger: mockServices.logger.mock(),
    });
    await provider.connect(connection);

    expect(await provider.refresh()).toBe(2);

    const [entities] = applied;
    expect(
      entities.map(e => `${e.kind}:${e.metadata.name}:${e.spec?.type}`),
    ).toEqual([
      'Resource:local-east:kubernetes-cluster',
      'Resource:shop-dev:environment',
    ]);
    expect(entities[1]).toMatchObject({
      metadata: {
        annotations: {
          'berth.dev/environment-id': 'e1',
          'backstage.io/kubernetes-namespace': 'shop-dev',
        },
        labels: { 'berth.dev/tier': 'development' },
      },
      spec: {
        owner: 'group:default/team-shop',
        system: 'system:default/shop',
        dependsOn: ['resource:default/local-east'],
      },
    });
    // Berth is called with a service token, not anonymously.
    expect(seenAuth.every(h => h.startsWith('Bearer mock-service-token'))).toBe(
      true,
    );
  });
});
