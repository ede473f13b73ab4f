import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CoreV1Api } from '@kubernetes/client-node';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import { listEvents, listPods, MAX_EVENTS, readPodLogs } from './inspect';
import { ManifestApplier } from './ManifestApplier';
import { waitForWorkloadsReady } from './workloads';

jest.setTimeout(120_000);

describe('inspect on a local cluster', () => {
  const cluster = testClusters()[0];
  const namespaces = testNamespaces(cluster, 'inspect-int');
  const kc = kubeConfigFor(cluster);
  const core = kc.makeApiClient(CoreV1Api);
  let namespace: string;

  beforeAll(async () => {
    namespace = await namespaces.create();
    await new ManifestApplier(kc).apply({
      namespace,
      objects: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'cart' },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: 'cart' } },
            template: {
              metadata: { labels: { app: 'cart' } },
              spec: {
                containers: [
                  { name: 'main', image: 'ghcr.io/berth-demo/cart:1' },
                  { name: 'proxy', image: 'ghcr.io/berth-demo/proxy:1' },
                ],
              },
            },
          },
        },
      ],
      labels: { 'berth.dev/service': 'cart', 'berth.dev/environment': 'e1' },
    });
    await waitForWorkloadsReady({
      kubeConfig: kc,
      namespace,
      selector: 'berth.dev/service=cart',
      timeoutMs: 60_000,
    });
  });
  afterAll(() => namespaces.cleanUp());

  it('lists the pods of a namespace', async () => {
    const pods = await listPods(kc, namespace);
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod).toEqual({
        name: expect.stringMatching(/^cart-/),
        service: 'cart',
        phase: 'Running',
        ready: true,
        restarts: 0,
        node: expect.stringMatching(/^kwok-node-\d$/),
        containers: ['main', 'proxy'],
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }
  });

  it('lists the events of a namespace, newest first', async () => {
    let events: Awaited<ReturnType<typeof listEvents>> = [];
    await waitFor(
      async () => {
        events = await listEvents(kc, namespace);
        return events.some(e => e.reason === 'ScalingReplicaSet');
      },
      30_000,
      'a ScalingReplicaSet event',
    );
    expect(events.length).toBeLessThanOrEqual(MAX_EVENTS);
    expect(events.find(e => e.reason === 'ScalingReplicaSet')).toMatchObject({
      type: 'Normal',
      object: 'deployment/cart',
      count: 1,
      message: expect.stringContaining('Scaled up replica set'),
    });
    const times = events.map(e => Date.parse(e.lastSeen!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('bounds the events to the newest 200', async () => {
    const other = await namespaces.create();
    await Promise.all(
      Array.from({ length: 210 }, (_, i) =>
        core.createNamespacedEvent({
          namespace: other,
          body: {
            metadata: { name: `e-${i}` },
            involvedObject: {
              kind: 'ConfigMap',
              name: `c-${i}`,
              namespace: other,
            },
            reason: 'Test',
            message: `event ${i}`,
            type: 'Normal',
            lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
          },
        }),
      ),
    );
    const events = await listEvents(kc, other);
    expect(events).toHaveLength(200);
    expect(events[0].message).toBe('event 209');
    expect(events[199].message).toBe('event 10');
  });

  it('explains that kwok nodes serve no logs', async () => {
    const [pod] = await listPods(kc, namespace);
    const error = await readPodLogs(kc, namespace, pod.name, {
      container: 'main',
      tailLines: 10,
    }).catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(
      new RegExp(
        `^The logs of pod '${pod.name}' are not available: its node '${pod.node}' does not serve container logs \\(.+\\)$`,
      ),
    );
  });

  it('says which pod or container is wrong', async () => {
    const [pod] = await listPods(kc, namespace);
    await expect(readPodLogs(kc, namespace, 'nope')).rejects.toThrow(
      new NotFoundError(`Pod 'nope' not found in namespace '${namespace}'`),
    );
    const noContainer = await readPodLogs(kc, namespace, pod.name).catch(
      e => e,
    );
    expect(noContainer).toBeInstanceOf(InputError);
    expect(noContainer.message).toMatch(
      new RegExp(`^Cannot read the logs of pod '${pod.name}': .*container`),
    );
    await expect(
      readPodLogs(kc, namespace, pod.name, { container: 'main', tailLines: 0 }),
    ).rejects.toThrow(InputError);
  });
});
