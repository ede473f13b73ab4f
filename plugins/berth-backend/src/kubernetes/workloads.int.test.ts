import { InputError } from '@backstage/errors';
import {
  AppsV1Api,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import {
  restartWorkloads,
  scaleWorkloads,
  waitForWorkloadsReady,
  WorkloadsNotReadyError,
} from './workloads';

jest.setTimeout(180_000);

describe('workloads on a local cluster', () => {
  const cluster = testClusters()[0];
  const namespaces = testNamespaces(cluster, 'wl-int');
  const kubeConfig = kubeConfigFor(cluster);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);

  const apply = (object: object) =>
    objects.patch(
      object as any,
      undefined,
      undefined,
      'berth',
      true,
      PatchStrategy.ServerSideApply,
    );
  const template = (
    service: string,
    extra: { nodeSelector?: Record<string, string> } = {},
  ) => ({
    metadata: { labels: { app: service, 'berth.dev/service': service } },
    spec: {
      ...extra,
      containers: [{ name: 'main', image: 'ghcr.io/berth-demo/web:1' }],
    },
  });
  const deployment = (
    namespace: string,
    name: string,
    replicas: number,
    extra?: { nodeSelector?: Record<string, string> },
  ) =>
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { 'berth.dev/service': name } },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: template(name, extra),
      },
    });
  const statefulSet = (namespace: string, name: string, replicas: number) =>
    apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace, labels: { 'berth.dev/service': name } },
      spec: {
        replicas,
        serviceName: name,
        selector: { matchLabels: { app: name } },
        template: template(name),
      },
    });

  afterAll(() => namespaces.cleanUp());

  it('waits for a Deployment and a StatefulSet to roll out', async () => {
    const namespace = await namespaces.create();
    await deployment(namespace, 'cart', 2);
    await statefulSet(namespace, 'cart-db', 1);
    const ready = await waitForWorkloadsReady({
      kubeConfig,
      namespace,
      selector: 'berth.dev/service in (cart, cart-db)',
      timeoutMs: 60_000,
    });
    expect(ready).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'cart',
        ready: 2,
        done: true,
      }),
      expect.objectContaining({
        kind: 'StatefulSet',
        name: 'cart-db',
        ready: 1,
        done: true,
      }),
    ]);
  });

  it('resolves at once when nothing matches', async () => {
    const namespace = await namespaces.create();
    await expect(
      waitForWorkloadsReady({
        kubeConfig,
        namespace,
        selector: 'berth.dev/service=nothing',
        timeoutMs: 5_000,
      }),
    ).resolves.toEqual([]);
  });

  it('rejects after the timeout, listing what is not ready', async () => {
    const namespace = await namespaces.create();
    await deployment(namespace, 'stuck', 2, {
      nodeSelector: { 'berth.dev/no-such-node': 'true' },
    });
    const started = Date.now();
    const error = await waitForWorkloadsReady({
      kubeConfig,
      namespace,
      selector: 'berth.dev/service=stuck',
      timeoutMs: 1500,
    }).catch(e => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(WorkloadsNotReadyError);
    expect(error.message).toBe(
      `Timed out after 1500 ms waiting for the workloads of namespace '${namespace}' (berth.dev/service=stuck) to be ready: deployment stuck: 0/2 ready`,
    );
    expect(error.notReady).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'stuck',
        desired: 2,
        ready: 0,
      }),
    ]);
  });

  it('stops when aborted', async () => {
    const namespace = await namespaces.create();
    await deployment(namespace, 'stuck', 1, {
      nodeSelector: { 'berth.dev/no-such-node': 'true' },
    });
    const controller = new AbortController();
    const wait = waitForWorkloadsReady({
      kubeConfig,
      namespace,
      selector: 'berth.dev/service=stuck',
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('deploy cancelled')), 300);
    await expect(wait).rejects.toThrow('deploy cancelled');
  });

  it('scales and restarts, and the wait follows the rollout', async () => {
    const namespace = await namespaces.create();
    await deployment(namespace, 'web', 1);
    await statefulSet(namespace, 'web-db', 1);
    const target = {
      kubeConfig,
      namespace,
      selector: 'berth.dev/service in (web, web-db)',
    };
    await waitForWorkloadsReady({ ...target, timeoutMs: 60_000 });

    await expect(scaleWorkloads({ ...target, replicas: 3 })).resolves.toEqual([
      'deployment/web',
      'statefulset/web-db',
    ]);
    const scaled = await waitForWorkloadsReady({
      ...target,
      timeoutMs: 60_000,
    });
    expect(scaled.map(r => [r.name, r.ready])).toEqual([
      ['web', 3],
      ['web-db', 3],
    ]);

    const before = await apps.readNamespacedDeployment({
      name: 'web',
      namespace,
    });
    await expect(restartWorkloads(target)).resolves.toEqual([
      'deployment/web',
      'statefulset/web-db',
    ]);
    const after = await apps.readNamespacedDeployment({
      name: 'web',
      namespace,
    });
    expect(
      after.spec?.template.metadata?.annotations?.[
        'kubectl.kubernetes.io/restartedAt'
      ],
    ).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(after.metadata?.generation).toBeGreaterThan(
      before.metadata!.generation!,
    );
    const restarted = await waitForWorkloadsReady({
      ...target,
      timeoutMs: 60_000,
    });
    expect(restarted.every(r => r.done && r.ready === 3)).toBe(true);

    await expect(scaleWorkloads({ ...target, replicas: -1 })).rejects.toThrow(
      InputError,
    );
  });

  it('serves 25 concurrent waits on one cluster with a few requests each', async () => {
    const namespace = await namespaces.create();
    const services = Array.from({ length: 25 }, (_, i) => `svc-${i}`);
    // a KubeConfig of its own, to count the requests the waits make
    const counted = kubeConfigFor(cluster);
    const lists = jest.spyOn(counted, 'applySecurityAuthentication');
    const watches = jest.spyOn(counted, 'applyToFetchOptions');

    const started = Date.now();
    await Promise.all(services.map(s => deployment(namespace, s, 2)));
    let allReadyAt = 0;
    const poll = waitFor(
      async () => {
        const { items } = await apps.listNamespacedDeployment({ namespace });
        allReadyAt = Date.now();
        return items.every(d => d.status?.readyReplicas === 2);
      },
      90_000,
      'all deployments ready',
    );
    const results = await Promise.all(
      services.map(s =>
        waitForWorkloadsReady({
          kubeConfig: counted,
          namespace,
          selector: `berth.dev/service=${s}`,
          timeoutMs: 90_000,
        }),
      ),
    );
    const waitedMs = Date.now() - started;
    await poll;
    expect(results.map(r => r.map(w => `${w.name}:${w.ready}`))).toEqual(
      services.map(s => [`${s}:2`]),
    );
    // 3 lists and at most one watch per wait (plus a re-list now and then)
    expect(lists.mock.calls.length).toBeLessThanOrEqual(25 * 3 + 10);
    expect(watches.mock.calls.length).toBeLessThanOrEqual(25 + 10);
    // eslint-disable-next-line no-console
    console.log(
      `25 concurrent waits (25 Deployments x 2 replicas): all resolved ${waitedMs} ms after the applies started; a 200 ms poll saw them all ready at ${
        allReadyAt - started
      } ms; ${lists.mock.calls.length} list and ${
        watches.mock.calls.length
      } watch requests in all`,
    );
  });
});
