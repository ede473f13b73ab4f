import { mockServices } from '@backstage/backend-test-utils';
import { freezableApiServer } from '../__testUtils__/freezableApiServer';
import { unansweringServer } from '../__testUtils__/unansweringServer';
import { BoundedKubeConfig } from './BoundedKubeConfig';
import { BoundedWatch } from './BoundedWatch';
import { ClusterTimeoutError } from './ClusterTimeoutError';
import { kubeErrorMessage } from './kubeErrors';
import { StatusWatcher } from './StatusWatcher';
import { waitForWorkloadsReady } from './waitForWorkloadsReady';

const SLACK_MS = 3000;

function kubeConfig(url: string, requestTimeoutMs: number) {
  const unanswered: string[] = [];
  let answered = 0;
  const kc = new BoundedKubeConfig({
    cluster: 'c1',
    requestTimeoutMs,
    onUnanswered: error => unanswered.push(error.message),
    onAnswered: () => {
      answered += 1;
    },
  });
  kc.loadFromOptions({
    clusters: [{ name: 'c1', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'c1', cluster: 'c1', user: 'u' }],
    currentContext: 'c1',
  });
  return { kc, unanswered, answered: () => answered };
}

/** Watches `path` and resolves with the events and how the watch ended. */
function watchUntilDone(watch: BoundedWatch, path: string) {
  const events: string[] = [];
  const start = Date.now();
  let controller: Promise<AbortController> | undefined;
  const ended = new Promise<{ error: unknown; ms: number }>(resolve => {
    controller = watch.watch(
      path,
      { labelSelector: 'a=b' },
      (type, object) => events.push(`${type} ${object.metadata.name}`),
      error => resolve({ error, ms: Date.now() - start }),
    );
  });
  return { events, ended, controller: controller! };
}

async function until(check: () => boolean) {
  while (!check()) await new Promise(resolve => setTimeout(resolve, 20));
}

describe('BoundedWatch', () => {
  let silent: Awaited<ReturnType<typeof unansweringServer>>;

  beforeAll(async () => {
    silent = await unansweringServer();
  });
  afterAll(() => silent.close());

  it('ends with a ClusterTimeoutError naming the cluster when the watch gets no answer', async () => {
    const { kc, unanswered } = kubeConfig(silent.url(), 300);
    const { ended, controller } = watchUntilDone(
      new BoundedWatch(kc),
      '/api/v1/pods',
    );
    const { error, ms } = await ended;
    expect(error).toBeInstanceOf(ClusterTimeoutError);
    expect((error as Error).message).toBe(
      "Cluster 'c1' did not answer within 300 ms (watch /api/v1/pods)",
    );
    expect(ms).toBeGreaterThanOrEqual(280);
    expect(ms).toBeLessThan(300 + SLACK_MS);
    expect(unanswered).toEqual([(error as Error).message]);
    expect((await controller).signal.aborted).toBe(true);
  });

  it('passes the events on and ends quietly after the idle timeout', async () => {
    const server = await freezableApiServer(() => ({
      stream: true,
      lines: [
        { type: 'ADDED', object: { metadata: { name: 'p1' } } },
        'not json',
        { type: 'BOOKMARK', object: { metadata: { name: '' } } },
      ],
    }));
    try {
      const { kc, answered } = kubeConfig(server.url, 5000);
      const { events, ended } = watchUntilDone(
        new BoundedWatch(kc, { idleTimeoutMs: 300 }),
        '/api/v1/pods',
      );
      const { error, ms } = await ended;
      expect(error).toBeNull();
      expect(ms).toBeGreaterThanOrEqual(280);
      expect(ms).toBeLessThan(300 + SLACK_MS);
      expect(events).toEqual(['ADDED p1', 'BOOKMARK ']);
      expect(answered()).toBe(1);
      expect(server.state.requests).toEqual([
        'GET /api/v1/pods?watch=true&allowWatchBookmarks=true&labelSelector=a%3Db',
      ]);
    } finally {
      await server.close();
    }
  });

  it("ends with the API server's Status on an error answer", async () => {
    const server = await freezableApiServer(() => ({
      status: 403,
      body: { kind: 'Status', code: 403, message: 'pods is forbidden' },
    }));
    try {
      const { kc } = kubeConfig(server.url, 5000);
      const { error } = await watchUntilDone(
        new BoundedWatch(kc),
        '/api/v1/pods',
      ).ended;
      expect(error).toMatchObject({ statusCode: 403 });
      expect(kubeErrorMessage(error)).toBe('pods is forbidden');
    } finally {
      await server.close();
    }
  });

  it('ends quietly when the caller aborts it', async () => {
    const server = await freezableApiServer(() => ({ stream: true }));
    try {
      const { kc } = kubeConfig(server.url, 5000);
      const { ended, controller } = watchUntilDone(
        new BoundedWatch(kc),
        '/api/v1/pods',
      );
      (await controller).abort();
      expect((await ended).error).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('waits and informers on a cluster that stops answering', () => {
  it('fails a wait whose watch went silent once the next list gets no answer', async () => {
    const notReady = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cart', namespace: 'shop', generation: 1 },
      spec: { replicas: 1 },
      status: { observedGeneration: 1, replicas: 1, readyReplicas: 0 },
    };
    const server = await freezableApiServer(req => {
      if (req.url?.includes('watch=true')) return { stream: true };
      const items = req.url?.includes('/deployments') ? [notReady] : [];
      return { body: { metadata: { resourceVersion: '5' }, items } };
    });
    try {
      const { kc } = kubeConfig(server.url, 500);
      const start = Date.now();
      const wait = waitForWorkloadsReady({
        kubeConfig: kc,
        namespace: 'shop',
        selector: 'berth.dev/service=cart',
        timeoutMs: 60_000,
      }).then(
        () => new Error('expected a failure'),
        (error: Error) => error,
      );
      await until(() => server.state.requests.some(r => r.includes('watch')));
      server.state.frozen = true;
      const frozenAt = Date.now();

      const error = await wait;
      expect(error).toBeInstanceOf(ClusterTimeoutError);
      expect(error.message).toMatch(
        /^Could not list the deployments of namespace 'shop': Cluster 'c1' did not answer within 500 ms \(GET \/apis\/apps\/v1\/namespaces\/shop\/deployments\)$/,
      );
      // idle (half the timeout, at least 1 s), a 200 ms pause, then the
      // unanswered list
      expect(Date.now() - frozenAt).toBeLessThan(1000 + 200 + 500 + SLACK_MS);
      expect(Date.now() - start).toBeLessThan(60_000);
    } finally {
      await server.close();
    }
  });

  it('makes a StatusWatcher Disconnected when its watches get no answer', async () => {
    const server = await freezableApiServer(req => {
      if (req.url?.includes('watch=true')) return { stream: true };
      return { body: { metadata: { resourceVersion: '5' }, items: [] } };
    });
    const { kc } = kubeConfig(server.url, 400);
    const watcher = new StatusWatcher({
      cluster: 'c1',
      kubeConfig: kc,
      logger: mockServices.logger.mock(),
      retryMs: 50,
    });
    try {
      await watcher.start();
      await until(
        () =>
          server.state.requests.filter(r => r.includes('watch=true')).length ===
          4,
      );
      expect(watcher.connection).toBe('Connected');

      server.state.frozen = true;
      await until(() => watcher.connection === 'Disconnected');
      expect(watcher.connectionProblem).toMatch(
        /^watch of \w+ failed: Cluster 'c1' did not answer within 400 ms \(watch \/(api|apis\/apps)\/v1\/\w+\)$/,
      );

      server.state.frozen = false;
      await until(() => watcher.connection === 'Connected');
    } finally {
      await watcher.stop();
      await server.close();
    }
  });
});
