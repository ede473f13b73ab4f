import { ConfigReader } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { BerthCluster } from '@berth/plugin-berth-common';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { freezableApiServer } from '../__testUtils__/freezableApiServer';
import { unansweringServer } from '../__testUtils__/unansweringServer';
import { ClusterTimeoutError } from '../kubernetes/ClusterTimeoutError';
import { ObjectApi } from '../kubernetes/ObjectApi';
import { waitForWorkloadsReady } from '../kubernetes/waitForWorkloadsReady';
import { ClusterRegistry } from './ClusterRegistry';

// Every API client of the registry's KubeConfigs bounds each request by
// berth.kubernetes.requestTimeoutSeconds (here 0.5 s); a timeout names the
// cluster and makes it Disconnected at once.

/** A generous upper bound for "within the timeout": timers, not flakes. */
const SLACK_MS = 3000;

function registryFor(
  clusters: Array<{ name: string; url: string }>,
  requestTimeoutSeconds = 0.5,
) {
  return ClusterRegistry.fromConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: clusters.map(c => ({
              ...c,
              authProvider: 'serviceAccount',
              serviceAccountToken: 'token',
              // plain HTTP needs skipTLSVerify in client-node; the TLS case
              // below sets it too, since the handshake never gets that far
              skipTLSVerify: true,
            })),
          },
        ],
      },
      berth: { kubernetes: { requestTimeoutSeconds } },
    }),
  );
}

/** Runs `fn` and returns how long it took and what it threw. */
async function timed(fn: () => Promise<unknown>) {
  const start = Date.now();
  try {
    await fn();
  } catch (error) {
    return { ms: Date.now() - start, error: error as Error };
  }
  throw new Error('expected a failure');
}

describe('ClusterRegistry request timeouts', () => {
  let silent: Awaited<ReturnType<typeof unansweringServer>>;

  beforeAll(async () => {
    silent = await unansweringServer();
  });
  afterAll(() => silent.close());

  it('fails a call to a server that accepts and never answers within the timeout, naming the cluster, and marks it Disconnected', async () => {
    const registry = registryFor([{ name: 'local-east', url: silent.url() }]);
    const changes: BerthCluster[] = [];
    registry.onConnectionChange(cluster => changes.push(cluster));
    const core = registry.kubeConfig('local-east').makeApiClient(CoreV1Api);
    const accepted = silent.accepted();

    const { ms, error } = await timed(() => core.listNamespace());

    expect(silent.accepted()).toBeGreaterThan(accepted);
    expect(error).toBeInstanceOf(ClusterTimeoutError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toBe(
      "Cluster 'local-east' did not answer within 500 ms (GET /api/v1/namespaces)",
    );
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(500 + SLACK_MS);
    expect(registry.get('local-east').connection).toBe('Disconnected');
    expect(registry.connectionProblem('local-east')).toBe(error.message);
    expect(changes.map(c => c.connection)).toEqual(['Disconnected']);
  });

  it('bounds the TLS handshake, ObjectApi and waits the same way', async () => {
    const registry = registryFor([
      { name: 'tls', url: silent.url('https') },
      { name: 'plain', url: silent.url() },
    ]);
    const { ms, error } = await timed(() =>
      registry
        .kubeConfig('tls')
        .makeApiClient(AppsV1Api)
        .listNamespacedDeployment({
          namespace: 'shop',
        }),
    );
    expect(error.message).toBe(
      "Cluster 'tls' did not answer within 500 ms (GET /apis/apps/v1/namespaces/shop/deployments)",
    );
    expect(ms).toBeLessThan(500 + SLACK_MS);

    const objects = ObjectApi.forConfig(registry.kubeConfig('plain'));
    const read = await timed(() => objects.describeKind('v1', 'ConfigMap'));
    expect(read.error).toBeInstanceOf(ClusterTimeoutError);
    // without client-node's "Failed to fetch resource metadata" in between
    expect(read.error.message).toBe(
      "Could not discover kind 'ConfigMap' of API version 'v1': Cluster 'plain' did not answer within 500 ms (GET /api/v1)",
    );

    // the wait's own deadline is far away: the stalled list fails it
    const wait = await timed(() =>
      waitForWorkloadsReady({
        kubeConfig: registry.kubeConfig('plain'),
        namespace: 'shop',
        selector: 'berth.dev/service=cart',
        timeoutMs: 60_000,
      }),
    );
    expect(wait.error).toBeInstanceOf(ClusterTimeoutError);
    expect(wait.error.message).toMatch(
      /^Could not list the (deployments|statefulsets|daemonsets) of namespace 'shop': Cluster 'plain' did not answer within 500 ms \(GET \/apis\/apps\/v1\/namespaces\/shop\//,
    );
    expect(wait.ms).toBeLessThan(500 + SLACK_MS);
  });

  it('counts a body that stops half way as no answer', async () => {
    const server = await freezableApiServer(() => ({ stream: true }));
    try {
      const registry = registryFor([{ name: 'east', url: server.url }]);
      const { error } = await timed(() =>
        registry.kubeConfig('east').makeApiClient(CoreV1Api).listNamespace(),
      );
      expect(error.message).toBe(
        "Cluster 'east' did not answer within 500 ms (GET /api/v1/namespaces)",
      );
    } finally {
      await server.close();
    }
  });

  it('turns Connected again with the next answer, and answers within the timeout are untouched', async () => {
    const server = await freezableApiServer(() => ({
      body: { kind: 'NamespaceList', apiVersion: 'v1', items: [] },
    }));
    try {
      const registry = registryFor([{ name: 'east', url: server.url }]);
      const core = registry.kubeConfig('east').makeApiClient(CoreV1Api);
      await expect(core.listNamespace()).resolves.toMatchObject({ items: [] });
      expect(registry.get('east').connection).toBeUndefined();

      server.state.frozen = true;
      await expect(core.listNamespace()).rejects.toThrow(
        "Cluster 'east' did not answer within 500 ms",
      );
      expect(registry.get('east').connection).toBe('Disconnected');

      server.state.frozen = false;
      await expect(core.listNamespace()).resolves.toMatchObject({ items: [] });
      expect(registry.get('east').connection).toBe('Connected');
      expect(registry.connectionProblem('east')).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('does not turn a cluster that the probe found Disconnected Connected on an answer', async () => {
    const server = await freezableApiServer(() => ({
      body: { kind: 'NamespaceList', apiVersion: 'v1', items: [] },
    }));
    try {
      const registry = registryFor([{ name: 'east', url: server.url }]);
      registry.recordConnection('east', 'Disconnected', '/readyz answered 500');
      await registry
        .kubeConfig('east')
        .makeApiClient(CoreV1Api)
        .listNamespace();
      expect(registry.connectionProblem('east')).toBe('/readyz answered 500');
    } finally {
      await server.close();
    }
  });

  it('clusterAnswers: true for any HTTP answer, false (and Disconnected) for none', async () => {
    const refusing = await freezableApiServer(() => ({
      status: 401,
      body: { kind: 'Status', code: 401, message: 'Unauthorized' },
    }));
    try {
      const registry = registryFor([
        { name: 'refusing', url: refusing.url },
        { name: 'silent', url: silent.url() },
      ]);
      await expect(registry.clusterAnswers('refusing')).resolves.toBe(true);
      expect(refusing.state.requests).toEqual(['GET /version']);

      const start = Date.now();
      await expect(registry.clusterAnswers('silent', 300)).resolves.toBe(false);
      expect(Date.now() - start).toBeLessThan(300 + SLACK_MS);
      expect(registry.connectionProblem('silent')).toBe(
        "Cluster 'silent' did not answer within 300 ms (GET /version)",
      );
      await expect(registry.clusterAnswers('nowhere')).rejects.toThrow(
        "Unknown cluster 'nowhere'",
      );
    } finally {
      await refusing.close();
    }
  });

  it('answerWatchdog aborts its signal, naming the cluster, once the cluster stops answering', async () => {
    const server = await freezableApiServer(() => ({
      body: { major: '1', minor: '36' },
    }));
    const registry = registryFor([{ name: 'east', url: server.url }]);
    const watchdog = registry.answerWatchdog('east', {
      intervalMs: 100,
      timeoutMs: 300,
    });
    try {
      await new Promise(resolve => setTimeout(resolve, 350));
      expect(watchdog.signal.aborted).toBe(false);
      expect(server.state.requests.length).toBeGreaterThanOrEqual(2);

      server.state.frozen = true;
      const frozenAt = Date.now();
      await new Promise(resolve =>
        watchdog.signal.addEventListener('abort', resolve),
      );
      expect(Date.now() - frozenAt).toBeLessThan(100 + 300 + SLACK_MS);
      expect(watchdog.signal.reason).toBeInstanceOf(ClusterTimeoutError);
      expect((watchdog.signal.reason as Error).message).toBe(
        "Cluster 'east' did not answer within 300 ms (GET /version)",
      );
      expect(registry.get('east').connection).toBe('Disconnected');
    } finally {
      watchdog.stop();
      await server.close();
    }
  });

  it('refuses a request timeout that is not positive', () => {
    expect(() => registryFor([], 0)).toThrow(
      'berth.kubernetes.requestTimeoutSeconds must be a positive number of seconds, not 0',
    );
  });
});
