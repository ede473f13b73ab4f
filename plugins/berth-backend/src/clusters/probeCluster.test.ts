import { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { probeCluster } from './probeCluster';

/** A local HTTP server that answers /readyz as `handler` says. */
async function server(handler: http.RequestListener) {
  const s = http.createServer(handler);
  await new Promise<void>(resolve => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(resolve => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

// client-node speaks plain HTTP only with skipTLSVerify.
function kubeConfig(url: string, skipTLSVerify = true) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify }],
    users: [{ name: 'u', token: 'tok' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

describe('probeCluster', () => {
  it('is Connected when /readyz answers 200, and sends the credentials', async () => {
    const seen: Array<{ url?: string; auth?: string }> = [];
    const s = await server((req, res) => {
      seen.push({ url: req.url, auth: req.headers.authorization });
      res.end('ok');
    });
    try {
      await expect(probeCluster(kubeConfig(s.url))).resolves.toEqual({
        connection: 'Connected',
      });
      expect(seen).toEqual([{ url: '/readyz', auth: 'Bearer tok' }]);
    } finally {
      await s.close();
    }
  });

  it('is Disconnected when the credentials are refused', async () => {
    const s = await server((_req, res) => {
      res.statusCode = 401;
      res.end();
    });
    try {
      await expect(probeCluster(kubeConfig(s.url))).resolves.toEqual({
        connection: 'Disconnected',
        reason: "the API server refused Berth's credentials (HTTP 401)",
      });
    } finally {
      await s.close();
    }
  });

  it('is Disconnected when not ready', async () => {
    const s = await server((_req, res) => {
      res.statusCode = 500;
      res.end('[-]etcd failed');
    });
    try {
      await expect(probeCluster(kubeConfig(s.url))).resolves.toEqual({
        connection: 'Disconnected',
        reason: '/readyz answered HTTP 500',
      });
    } finally {
      await s.close();
    }
  });

  it('gives up after the timeout', async () => {
    const s = await server(() => {
      // never answers
    });
    try {
      const started = Date.now();
      await expect(probeCluster(kubeConfig(s.url), 300)).resolves.toEqual({
        connection: 'Disconnected',
        reason: 'no answer within 300 ms',
      });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await s.close();
    }
  });

  it('is Disconnected when nothing listens', async () => {
    const s = await server(() => undefined);
    const url = s.url;
    await s.close();
    const result = await probeCluster(kubeConfig(url));
    expect(result.connection).toBe('Disconnected');
    expect(result.reason).toMatch(/ECONNREFUSED/);
  });

  it('is Disconnected when the KubeConfig cannot be used', async () => {
    await expect(
      probeCluster(kubeConfig('http://127.0.0.1:1', false)),
    ).resolves.toEqual({
      connection: 'Disconnected',
      reason:
        'HTTP protocol is not allowed when skipTLSVerify is not set or false',
    });
  });
});
