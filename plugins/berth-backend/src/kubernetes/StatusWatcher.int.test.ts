import { ClusterConnection, ServiceStatus } from '@berth/plugin-berth-common';
import { KubeConfig } from '@kubernetes/client-node';
import net from 'node:net';
import {
  kubeConfigFor,
  TestCluster,
  testClusters,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';
import { KubeObject } from './injectLabels';
import { ManifestApplier } from './ManifestApplier';
import { StatusWatcher } from './StatusWatcher';
import { scaleWorkloads } from './workloads';

jest.setTimeout(120_000);

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: `ghcr.io/berth-demo/${name}:1` }] },
    },
  },
});

const statefulSet = (name: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: {
    replicas: 1,
    serviceName: name,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name, image: 'ghcr.io/berth-demo/db:15' }] },
    },
  },
});

/** A TCP proxy to the cluster's API server that can be cut and restored. */
async function apiProxy(cluster: TestCluster) {
  const target = new URL(cluster.url);
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const open = async () => {
    server = net.createServer(client => {
      const upstream = net.connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>(r => server!.listen(port, '127.0.0.1', r));
    port = (server!.address() as net.AddressInfo).port;
  };
  const cut = async () => {
    await new Promise<void>(r => {
      server?.close(() => r());
      sockets.forEach(s => s.destroy());
    });
  };
  await open();
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'proxied',
        server: `https://127.0.0.1:${port}`,
        caData: cluster.caData,
      },
    ],
    users: [{ name: 'admin', token: cluster.adminToken }],
    contexts: [{ name: 'proxied', cluster: 'proxied', user: 'admin' }],
    currentContext: 'proxied',
  });
  return { kc, cut, restore: open };
}

describe('StatusWatcher on a local cluster', () => {
  const cluster = testClusters()[0];
  const namespaces = testNamespaces(cluster, 'status-int');
  const kubeConfig = kubeConfigFor(cluster);
  const applier = new ManifestApplier(kubeConfig);
  const labels = (service: string, environment: string) => ({
    'backstage.io/kubernetes-id': service,
    'berth.dev/environment': environment,
    'berth.dev/service': service,
  });

  afterAll(() => namespaces.cleanUp());

  it('follows services from Running through a scale-up back to Running, through the watches only', async () => {
    // kwok readies pods within milliseconds: a short debounce lets the
    // listener see the states between
    const watcher = new StatusWatcher({
      cluster: cluster.name,
      kubeConfig,
      debounceMs: 1,
    });
    await watcher.start();
    try {
      expect(watcher.connection).toBe('Connected');
      const namespace = await namespaces.create();
      const environment = `env-${namespace}`;
      // every status the listeners could see, as they saw it
      const seen: ServiceStatus[][] = [];
      watcher.onChange((clusterName, ns) => {
        if (clusterName === cluster.name && ns === namespace) {
          seen.push(watcher.serviceStatuses(namespace, environment));
        }
      });
      const latest = (service: string) =>
        seen.at(-1)?.find(s => s.service === service);

      await applier.apply({
        namespace,
        objects: [deployment('cart', 2)],
        labels: labels('cart', environment),
      });
      await applier.apply({
        namespace,
        objects: [statefulSet('cart-db')],
        labels: labels('cart-db', environment),
      });
      await waitFor(
        async () =>
          latest('cart')?.status === 'Running' &&
          latest('cart-db')?.status === 'Running',
        60_000,
        'cart and cart-db Running',
      );
      expect(watcher.serviceStatuses(namespace, environment)).toEqual([
        {
          service: 'cart',
          status: 'Running',
          revision: undefined,
          images: ['ghcr.io/berth-demo/cart:1'],
          readyReplicas: 2,
          replicas: 2,
        },
        {
          service: 'cart-db',
          status: 'Running',
          revision: undefined,
          images: ['ghcr.io/berth-demo/db:15'],
          readyReplicas: 1,
          replicas: 1,
        },
      ]);
      expect(watcher.environmentStatus(namespace, environment)).toMatchObject({
        environmentId: environment,
        status: 'Running',
      });
      // another environment's services are not mixed in
      expect(watcher.serviceStatuses(namespace, 'other-env')).toEqual([]);

      const before = seen.length;
      await scaleWorkloads({
        kubeConfig,
        namespace,
        selector: 'berth.dev/service=cart',
        replicas: 8,
      });
      await waitFor(
        async () =>
          latest('cart')?.status === 'Running' &&
          latest('cart')?.readyReplicas === 8,
        60_000,
        'cart Running with 8 replicas',
      );
      const cartStatuses = seen
        .slice(before)
        .map(s => s.find(x => x.service === 'cart')!.status);
      expect(cartStatuses).toContain('Deploying');
      expect(cartStatuses.indexOf('Deploying')).toBeLessThan(
        cartStatuses.lastIndexOf('Running'),
      );
      expect(cartStatuses).not.toContain('Unstable');
      expect(cartStatuses).not.toContain('Error');

      // the caller's flags
      expect(
        watcher
          .environmentStatus(namespace, environment, {
            deploying: ['cart-db'],
            services: ['cart', 'cart-db', 'mail'],
          })
          .services.map(s => [s.service, s.status]),
      ).toEqual([
        ['cart', 'Running'],
        ['cart-db', 'Deploying'],
        ['mail', 'NotDeployed'],
      ]);

      await applier.deleteAll({ namespace, service: 'cart', environment });
      await applier.deleteAll({ namespace, service: 'cart-db', environment });
      await waitFor(
        async () => seen.at(-1)?.length === 0,
        60_000,
        'no services left',
      );
      expect(watcher.environmentStatus(namespace, environment).status).toBe(
        'NotDeployed',
      );
    } finally {
      await watcher.stop();
    }
  });

  it('coalesces the changes of a namespace into few notifications', async () => {
    const watcher = new StatusWatcher({ cluster: cluster.name, kubeConfig });
    await watcher.start();
    try {
      const namespace = await namespaces.create();
      const environment = `env-${namespace}`;
      const notifiedAt: number[] = [];
      let running = false;
      watcher.onChange((_c, ns) => {
        if (ns !== namespace) return;
        notifiedAt.push(Date.now());
        running =
          watcher.serviceStatuses(namespace, environment)[0]?.status ===
          'Running';
      });
      const started = Date.now();
      await applier.apply({
        namespace,
        objects: [deployment('burst', 6)],
        labels: labels('burst', environment),
      });
      await waitFor(async () => running, 60_000, 'burst Running');
      // 6 pods make dozens of watch events; listeners hear at most one
      // notification per 200 ms
      const gaps = notifiedAt.slice(1).map((t, i) => t - notifiedAt[i]);
      expect(gaps.every(g => g >= 190)).toBe(true);
      expect(notifiedAt.length).toBeLessThanOrEqual(
        Math.ceil((Date.now() - started) / 200) + 1,
      );
    } finally {
      await watcher.stop();
    }
  });

  it('turns Disconnected when the API server goes away and Connected when it is back', async () => {
    const proxy = await apiProxy(cluster);
    const changes: Array<[ClusterConnection, string | undefined]> = [];
    const watcher = new StatusWatcher({
      cluster: cluster.name,
      kubeConfig: proxy.kc,
      debounceMs: 50,
      retryMs: 100,
      onConnectionChange: (connection, reason) =>
        changes.push([connection, reason]),
    });
    const namespace = await namespaces.create();
    const environment = `env-${namespace}`;
    await applier.apply({
      namespace,
      objects: [deployment('web', 1)],
      labels: labels('web', environment),
    });
    await watcher.start();
    try {
      expect(watcher.connection).toBe('Connected');
      await waitFor(
        async () =>
          watcher.serviceStatuses(namespace, environment)[0]?.status ===
          'Running',
        60_000,
        'web Running',
      );
      const notified: string[] = [];
      watcher.onChange((_c, ns) => notified.push(ns));

      await proxy.cut();
      await waitFor(
        async () => watcher.connection === 'Disconnected',
        30_000,
        'Disconnected',
      );
      expect(watcher.connectionProblem).toMatch(/^watch of \w+ failed: /);
      expect(watcher.environmentStatus(namespace, environment)).toMatchObject({
        status: 'Disconnected',
        services: [
          expect.objectContaining({ service: 'web', status: 'Disconnected' }),
        ],
      });
      await waitFor(
        async () => notified.includes(namespace),
        5_000,
        'a change notification for the namespace',
      );

      await proxy.restore();
      await waitFor(
        async () => watcher.connection === 'Connected',
        30_000,
        'Connected again',
      );
      expect(watcher.serviceStatuses(namespace, environment)[0]?.status).toBe(
        'Running',
      );
      expect(changes.map(([c]) => c)).toEqual([
        'Connected',
        'Disconnected',
        'Connected',
      ]);
    } finally {
      await watcher.stop();
      await proxy.cut();
    }
  });
});
