import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { BerthSandboxRouting } from '@berth/plugin-berth-node';
import { KubernetesObject } from '@kubernetes/client-node';
import {
  cartMeshRoute,
  gatewayObject,
  shopRoute,
} from './__fixtures__/shopBase';
import { MemoryRoutingObjects } from './__fixtures__/MemoryRoutingObjects';
import { GatewayApiRoutingDriver } from './GatewayApiRoutingDriver';
import { HTTPRoute } from './gatewayApi/httpRouteTypes';

const HTTP_ROUTE = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
};
const GRANT = {
  apiVersion: 'gateway.networking.k8s.io/v1beta1',
  kind: 'ReferenceGrant',
};

const base = {
  environmentId: 'env-1',
  cluster: 'local-east',
  namespace: 'shop',
};

function routing(sandbox: string, services: string[]): BerthSandboxRouting {
  return {
    sandbox,
    namespace: `shop-${sandbox}`,
    base,
    forks: services.map(service => ({
      service,
      baseService: service,
      target: `${service}.shop-${sandbox}.svc.cluster.local`,
    })),
  };
}

function setup(served = [HTTP_ROUTE, GRANT]) {
  const cluster = new MemoryRoutingObjects(served);
  cluster.put({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'berth', namespace: 'berth-gateway' },
    spec: {
      listeners: [
        { name: 'http', allowedRoutes: { namespaces: { from: 'All' } } },
      ],
    },
  } as KubernetesObject);
  cluster.put(shopRoute());
  cluster.put(cartMeshRoute());
  for (const service of ['cart', 'frontend', 'cart-special']) {
    cluster.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: service, namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: service } } } },
    } as never);
    cluster.put({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace: 'shop' },
      spec: { selector: { app: service } },
    } as never);
  }
  const driver = new GatewayApiRoutingDriver(name => {
    expect(name).toBe('local-east');
    return cluster;
  });
  const context = { logger: mockServices.logger.mock(), cluster: 'local-east' };
  return { cluster, driver, context };
}

function names(cluster: MemoryRoutingObjects) {
  return [...cluster.objects.values()]
    .filter(o => o.kind === 'HTTPRoute' || o.kind === 'ReferenceGrant')
    .map(o => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}`)
    .sort();
}

describe('GatewayApiRoutingDriver', () => {
  it('writes the north-south and GAMMA routes and the grant, again with no change', async () => {
    const { cluster, driver, context } = setup();
    const report = await driver.ensureRoutes(
      routing('alice', ['cart']),
      context,
    );
    expect(report).toEqual({
      written: [
        'ReferenceGrant shop-alice/berth-sbx-alice-from-base',
        'ReferenceGrant shop/berth-sbx-alice-to-base',
        'HTTPRoute shop/berth-sbx-alice-cart-mesh',
        'HTTPRoute shop-alice/berth-sbx-alice-shop',
        'HTTPRoute shop-alice/berth-sbx-alice-preview-shop',
      ],
      warnings: [],
      previewHosts: ['alice.shop.localtest.me'],
    });
    const before = JSON.stringify(names(cluster));
    const stored = cluster.get(
      HTTP_ROUTE,
      'shop-alice',
      'berth-sbx-alice-shop',
    );
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    expect(JSON.stringify(names(cluster))).toBe(before);
    expect(
      cluster.get(HTTP_ROUTE, 'shop-alice', 'berth-sbx-alice-shop')?.metadata
        ?.creationTimestamp,
    ).toEqual(stored?.metadata?.creationTimestamp);
  });

  it('deletes what an earlier call wrote and the forks no longer need', async () => {
    const { cluster, driver, context } = setup();
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    const report = await driver.ensureRoutes(
      routing('alice', ['frontend']),
      context,
    );
    expect(report.written).toEqual([
      'ReferenceGrant shop/berth-sbx-alice-to-base',
      'HTTPRoute shop-alice/berth-sbx-alice-shop',
      'HTTPRoute shop-alice/berth-sbx-alice-preview-shop',
    ]);
    expect(names(cluster)).toEqual([
      'HTTPRoute shop-alice/berth-sbx-alice-preview-shop',
      'HTTPRoute shop-alice/berth-sbx-alice-shop',
      'HTTPRoute shop/cart-mesh',
      'HTTPRoute shop/shop',
      'ReferenceGrant shop/berth-sbx-alice-to-base',
    ]);
    // The grant now lets the preview route reach cart (no longer forked).
    expect(
      cluster
        .get<KubernetesObject & { spec: { to: Array<{ name: string }> } }>(
          GRANT,
          'shop',
          'berth-sbx-alice-to-base',
        )
        ?.spec.to.map(to => to.name),
    ).toEqual(['cart', 'cart-special']);
  });

  it('reports opted-out routes and forks no route reaches', async () => {
    const { cluster, driver, context } = setup();
    const optedOut = shopRoute();
    optedOut.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    cluster.put(optedOut);
    const report = await driver.ensureRoutes(
      routing('alice', ['frontend', 'payments']),
      context,
    );
    expect(report.written).toEqual([]);
    expect(report.warnings).toEqual([
      'HTTPRoute shop/shop is opted out of sandbox routing: left alone',
      "No HTTPRoute of the base reaches Service 'frontend'",
      "No HTTPRoute of the base reaches Service 'payments'",
      'HTTPRoute shop/shop is opted out: no preview host for it',
    ]);
    expect(report.previewHosts).toEqual([]);
    expect(context.logger.warn).toHaveBeenCalledTimes(4);
  });

  it('removes every object of the sandbox, and only those', async () => {
    const { cluster, driver, context } = setup();
    const baseline = names(cluster);
    await driver.ensureRoutes(routing('bob', ['cart', 'frontend']), context);
    const withBob = names(cluster);
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    await driver.removeRoutes(routing('alice', ['cart']), context);
    expect(names(cluster)).toEqual(withBob);
    await driver.removeRoutes(routing('bob', ['cart', 'frontend']), context);
    expect(names(cluster)).toEqual(baseline);
    // Nothing left to remove: no error.
    await driver.removeRoutes(routing('bob', ['cart', 'frontend']), context);
  });

  it('writes the preview host, rewrites it after a change, removes it with the sandbox', async () => {
    const { cluster, driver, context } = setup();
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    const preview = () =>
      cluster.get<KubernetesObject & HTTPRoute>(
        HTTP_ROUTE,
        'shop-alice',
        'berth-sbx-alice-preview-shop',
      );
    expect(preview()?.spec.hostnames).toEqual(['alice.shop.localtest.me']);
    // Someone edits it (or a base redeploy drops it): the reconcile puts it back.
    const edited = preview()!;
    edited.spec.hostnames = ['elsewhere.example.com'];
    cluster.put(edited);
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    expect(preview()?.spec.hostnames).toEqual(['alice.shop.localtest.me']);
    cluster.objects.delete(
      `${HTTP_ROUTE.apiVersion}|HTTPRoute|shop-alice|berth-sbx-alice-preview-shop`,
    );
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    expect(preview()).toBeDefined();

    const explained = await driver.explainRoute(
      {
        base,
        service: 'frontend',
        headers: {},
        host: 'alice.shop.localtest.me',
        path: '/home',
      },
      context,
    );
    expect(explained).toEqual({
      backend: 'frontend.shop.svc.cluster.local',
      sandbox: 'alice',
      reason:
        'shop-alice/berth-sbx-alice-preview-shop rule 2 match 0 is the only match; the rule sets x-env: alice for the next hops',
      matched: ['shop-alice/berth-sbx-alice-preview-shop rule 2 match 0'],
    });

    await driver.removeRoutes(routing('alice', ['cart']), context);
    expect(preview()).toBeUndefined();
    expect(names(cluster)).toEqual([
      'HTTPRoute shop/cart-mesh',
      'HTTPRoute shop/shop',
    ]);
  });

  it('warns of a preview host the Gateway listener does not admit, and writes no preview route', async () => {
    const { cluster, driver, context } = setup();
    cluster.put(gatewayObject('shop.localtest.me'));
    const report = await driver.ensureRoutes(
      routing('alice', ['cart']),
      context,
    );
    expect(report.previewHosts).toEqual([]);
    expect(report.warnings).toEqual([
      "HTTPRoute shop/shop: no preview host 'alice.shop.localtest.me': the listeners of Gateway berth-gateway/berth do not admit it (hostname 'shop.localtest.me')",
    ]);
    expect(names(cluster)).not.toContain(
      'HTTPRoute shop-alice/berth-sbx-alice-preview-shop',
    );
  });

  it('refuses a cluster without the Gateway API and bad input, writing nothing', async () => {
    const { cluster, driver, context } = setup([HTTP_ROUTE]);
    await expect(
      driver.ensureRoutes(routing('alice', ['cart']), context),
    ).rejects.toThrow(
      'The cluster does not serve ReferenceGrant (gateway.networking.k8s.io/v1beta1): install the Gateway API CRDs',
    );
    const bad = routing('alice', ['cart']);
    bad.forks[0].target = 'cart.elsewhere.svc.cluster.local';
    await expect(driver.ensureRoutes(bad, context)).rejects.toThrow(InputError);
    await expect(
      driver.ensureRoutes(
        { ...routing('alice', ['cart']), sandbox: 'Alice!' },
        context,
      ),
    ).rejects.toThrow(InputError);
    expect(cluster.writes).toEqual([]);
  });

  it('checks the base: CRDs, routes, acceptance, opt-out, Services', async () => {
    const { cluster, driver, context } = setup();
    expect(await driver.checkBase(base, context)).toEqual({
      ready: true,
      checks: [
        { name: 'Gateway API installed', ok: true },
        { name: 'Routes exist', ok: true },
        {
          name: 'Routes accepted',
          ok: true,
          message: 'No status from a controller yet: cart-mesh, shop',
        },
        { name: 'Gateways admit sandbox routes', ok: true },
        { name: 'Routes not opted out', ok: true },
        { name: 'Every workload has a Service', ok: true },
      ],
    });
    const refused = shopRoute();
    refused.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    refused.status = {
      parents: [
        {
          parentRef: { name: 'berth', namespace: 'berth-gateway' },
          conditions: [
            {
              type: 'Accepted',
              status: 'False',
              reason: 'NotAllowedByListeners',
            },
          ],
        },
      ],
    };
    cluster.put(refused);
    cluster.put({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'db' } } } },
    } as never);
    const readiness = await driver.checkBase(base, context);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.filter(c => !c.ok)).toEqual([
      {
        name: 'Routes accepted',
        ok: false,
        message:
          'Not accepted: shop (berth: Accepted NotAllowedByListeners); No status from a controller yet: cart-mesh',
      },
      { name: 'Routes not opted out', ok: false, message: 'Opted out: shop' },
      {
        name: 'Every workload has a Service',
        ok: false,
        message: 'No Service selects StatefulSet/db',
      },
    ]);
    const bare = setup([]);
    expect(await bare.driver.checkBase(base, bare.context)).toEqual({
      ready: false,
      checks: [
        {
          name: 'Gateway API installed',
          ok: false,
          message: 'The cluster does not serve HTTPRoute, ReferenceGrant',
        },
      ],
    });
  });

  it('explains which backend a request reaches, east-west and north-south', async () => {
    const { driver, context } = setup();
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    await driver.ensureRoutes(routing('bob', ['cart', 'frontend']), context);
    const ask = (
      service: string,
      headers: Record<string, string>,
      path?: string,
    ) => driver.explainRoute({ base, service, headers, path }, context);
    expect(await ask('cart', { 'x-env': 'alice' })).toEqual({
      backend: 'cart.shop-alice.svc.cluster.local',
      sandbox: 'alice',
      reason: expect.stringContaining('more header matches win'),
      matched: [
        'shop/berth-sbx-alice-cart-mesh rule 0 match 0',
        'shop/cart-mesh rule 0 match 0',
      ],
    });
    expect(await ask('cart', { baggage: 'berth-sandbox=alice2' })).toEqual({
      backend: 'cart.shop.svc.cluster.local',
      reason: 'shop/cart-mesh rule 0 match 0 is the only match',
      matched: ['shop/cart-mesh rule 0 match 0'],
    });
    const frontend = await ask(
      'frontend',
      { baggage: 'a=1,berth-sandbox=bob' },
      '/home',
    );
    expect(frontend.backend).toBe('frontend.shop-bob.svc.cluster.local');
    expect(frontend.sandbox).toBe('bob');
    expect(await ask('payments', {})).toEqual({
      backend: 'payments.shop.svc.cluster.local',
      reason:
        "No HTTPRoute of namespace 'shop' routes to Service 'payments': requests reach the Service itself, with or without a key",
    });
  });
});
