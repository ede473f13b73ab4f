import { mockServices } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import net from 'node:net';
import { StatusWatcher } from './StatusWatcher';

/** A KubeConfig for an address where nothing listens. */
async function unreachable(): Promise<KubeConfig> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>(r => server.close(() => r()));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'gone',
        server: `https://127.0.0.1:${port}`,
        skipTLSVerify: true,
      },
    ],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'gone', cluster: 'gone', user: 'u' }],
    currentContext: 'gone',
  });
  return kc;
}

describe('StatusWatcher', () => {
  it('starts against an unreachable cluster without throwing, and says Disconnected', async () => {
    const logger = mockServices.logger.mock();
    const connections: string[] = [];
    const watcher = new StatusWatcher({
      cluster: 'gone',
      kubeConfig: await unreachable(),
      logger,
      retryMs: 50,
      onConnectionChange: c => connections.push(c),
    });
    expect(watcher.connection).toBe('Disconnected');
    await watcher.start();
    try {
      expect(watcher.connection).toBe('Disconnected');
      expect(watcher.connectionProblem).toMatch(
        /^watch of \w+ failed: .*ECONNREFUSED/,
      );
      expect(
        watcher.environmentStatus('shop-dev', 'e1', { services: ['cart'] }),
      ).toMatchObject({
        environmentId: 'e1',
        status: 'Disconnected',
        services: [
          {
            service: 'cart',
            status: 'Disconnected',
            message: 'The cluster is not reachable',
          },
        ],
      });
      expect(watcher.serviceStatuses('shop-dev', 'e1')).toEqual([]);
      // it keeps retrying in the background, without throwing
      await new Promise(r => setTimeout(r, 300));
      expect(watcher.connection).toBe('Disconnected');
      expect(connections).toEqual(['Disconnected']);
    } finally {
      await watcher.stop();
    }
  });
});
