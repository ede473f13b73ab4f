import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { BerthSandboxRouting } from '@berth/plugin-berth-node';
import { KubernetesObject } from '@kubernetes/client-node';
import {
  cartMeshVirtualService,
  shopVirtualService,
} from './__fixtures__/shopBase';
import { MemoryRoutingObjects } from './__fixtures__/MemoryRoutingObjects';
import { IstioRoutingDriver } from './IstioRoutingDriver';
import { VirtualService } from './istio/virtualServiceTypes';

const VS = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' };
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

function setup(served = [VS]) {
  const cluster = new MemoryRoutingObjects(served);
  cluster.put(shopVirtualService());
  cluster.put(cartMeshVirtualService());
  for (const service of ['cart', 'frontend']) {
    cluster.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: service, namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: service } } } },
    } as KubernetesObject);
    cluster.put({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace: 'shop' },
      spec: { selector: { app: service } },
    } as KubernetesObject);
  }
  const driver = new IstioRoutingDriver(() => cluster);
  const context = { logger: mockServices.logger.mock(), cluster: 'local-east' };
  return { cluster, driver, context };
}

const http = (cluster: MemoryRoutingObjects, name: string) =>
  cluster.get<VirtualService>(VS, 'shop', name)!.spec.http!;

describe('IstioRoutingDriver', () => {
  it('adds the copies, changes nothing the second time, and removal restores the originals', async () => {
    const { cluster, driver, context } = setup();
    const originals = {
      shop: http(cluster, 'shop'),
      cart: http(cluster, 'cart'),
    };
    const report = await driver.ensureRoutes(
      routing('alice', ['cart']),
      context,
    );
    expect(report).toEqual({
      written: [
        'VirtualService shop/cart',
        'VirtualService shop/shop',
        'VirtualService shop-alice/berth-sbx-alice-preview-shop',
      ],
      warnings: [
        'VirtualService shop/shop is bound only to gateways: sidecar (east-west) traffic is not routed to the sandbox',
      ],
      previewHosts: ['alice.shop.localtest.me'],
    });
    expect(http(cluster, 'cart').map(r => r.name)).toEqual([
      'berth-sbx.alice.0.x-env',
      'berth-sbx.alice.0.baggage',
      undefined,
    ]);
    cluster.writes.length = 0;
    const again = await driver.ensureRoutes(
      routing('alice', ['cart']),
      context,
    );
    expect(again.written).toEqual([]);
    expect(cluster.writes).toEqual([]);
    await driver.removeRoutes(routing('alice', ['cart']), context);
    expect(http(cluster, 'shop')).toEqual(originals.shop);
    expect(http(cluster, 'cart')).toEqual(originals.cart);
    expect(
      cluster.get(VS, 'shop-alice', 'berth-sbx-alice-preview-shop'),
    ).toBeUndefined();
  });

  it('writes the preview VirtualService for the gateway host, rewrites it when changed, deletes it when stale', async () => {
    const { cluster, driver, context } = setup();
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    const preview = () =>
      cluster.get<VirtualService>(
        VS,
        'shop-alice',
        'berth-sbx-alice-preview-shop',
      );
    expect(preview()?.spec.hosts).toEqual(['alice.shop.localtest.me']);
    const edited = preview()!;
    edited.spec.http = [];
    cluster.put(edited);
    const again = await driver.ensureRoutes(
      routing('alice', ['cart']),
      context,
    );
    expect(again.written).toEqual([
      'VirtualService shop-alice/berth-sbx-alice-preview-shop',
    ]);
    expect(preview()?.spec.http).toHaveLength(4);
    // The gateway VirtualService goes: so does its preview.
    cluster.objects.delete(`${VS.apiVersion}|VirtualService|shop|shop`);
    const gone = await driver.ensureRoutes(routing('alice', ['cart']), context);
    expect(gone.previewHosts).toEqual([]);
    expect(preview()).toBeUndefined();
  });

  it("writes a preview host only when the Istio Gateway's servers admit it from the sandbox namespace", async () => {
    const GATEWAY_KIND = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
    };
    const istioGateway = (hosts: string[]) =>
      ({
        ...GATEWAY_KIND,
        metadata: { name: 'berth', namespace: 'berth-gateway' },
        spec: { servers: [{ port: { number: 80 }, hosts }] },
      } as KubernetesObject);
    const cases: Array<[string[], boolean]> = [
      [['*/*.localtest.me'], true],
      [['*.shop.localtest.me'], true],
      [['shop-alice/alice.shop.localtest.me'], true],
      [['*'], true],
      // Only the base's namespace, the Gateway's own, no namespace, the base host.
      [['shop/*'], false],
      [['./*'], false],
      [['~/*'], false],
      [['*/shop.localtest.me'], false],
    ];
    for (const [hosts, admitted] of cases) {
      const { cluster, driver, context } = setup([VS, GATEWAY_KIND]);
      cluster.put(istioGateway(hosts));
      const report = await driver.ensureRoutes(
        routing('alice', ['cart']),
        context,
      );
      expect([hosts, report.previewHosts]).toEqual([
        hosts,
        admitted ? ['alice.shop.localtest.me'] : [],
      ]);
      expect(
        report.warnings.some(w =>
          w.includes(
            "no server of the Istio Gateway berth-gateway/berth admits 'alice.shop.localtest.me' from namespace 'shop-alice'",
          ),
        ),
      ).toBe(!admitted);
    }
    // A Gateway the driver cannot find: the host is kept (not checked).
    const { driver, context } = setup([VS, GATEWAY_KIND]);
    expect(
      (await driver.ensureRoutes(routing('alice', ['cart']), context))
        .previewHosts,
    ).toEqual(['alice.shop.localtest.me']);
  });

  it('writes again from a fresh read when the VirtualService changed meanwhile', async () => {
    const { cluster, driver, context } = setup();
    const mergePatch = cluster.mergePatch.bind(cluster);
    let raced = false;
    jest.spyOn(cluster, 'mergePatch').mockImplementation(async patch => {
      if (!raced) {
        raced = true;
        // Another writer (a base redeploy) adds a route first.
        const vs = cluster.get<VirtualService>(VS, 'shop', 'cart')!;
        const changed: VirtualService = {
          ...vs,
          spec: {
            ...vs.spec,
            http: [
              { name: 'new', route: [{ destination: { host: 'cart' } }] },
              ...vs.spec.http!,
            ],
          },
        };
        cluster.put(changed);
      }
      return mergePatch(patch);
    });
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    expect(http(cluster, 'cart').map(r => r.name)).toEqual([
      'berth-sbx.alice.new.x-env',
      'berth-sbx.alice.new.baggage',
      'new',
      'berth-sbx.alice.1.x-env',
      'berth-sbx.alice.1.baggage',
      undefined,
    ]);
  });

  it('gives up with a ConflictError when every write races', async () => {
    const { cluster, driver, context } = setup();
    jest
      .spyOn(cluster, 'mergePatch')
      .mockRejectedValue(new ConflictError('changed'));
    await expect(
      driver.ensureRoutes(routing('alice', ['cart']), context),
    ).rejects.toThrow(ConflictError);
    expect(cluster.mergePatch).toHaveBeenCalledTimes(4);
  });

  it('leaves opted-out VirtualServices alone and refuses bad input', async () => {
    const { cluster, driver, context } = setup();
    const optedOut = cartMeshVirtualService();
    optedOut.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    cluster.put(optedOut);
    const report = await driver.ensureRoutes(routing('bob', ['cart']), context);
    expect(report.warnings).toContain(
      'VirtualService shop/cart is opted out of sandbox routing: left alone',
    );
    expect(http(cluster, 'cart')).toEqual(optedOut.spec.http);
    await expect(
      driver.ensureRoutes(
        { ...routing('bob', ['cart']), namespace: 'shop' },
        context,
      ),
    ).rejects.toThrow(InputError);
    const bare = setup([]);
    await expect(
      bare.driver.ensureRoutes(routing('bob', ['cart']), bare.context),
    ).rejects.toThrow(
      "The cluster does not serve VirtualService (networking.istio.io/v1): install Istio's CRDs",
    );
  });

  it('checks the base', async () => {
    const { cluster, driver, context } = setup();
    expect(await driver.checkBase(base, context)).toEqual({
      ready: true,
      checks: [
        { name: 'Istio installed', ok: true },
        { name: 'Routes exist', ok: true },
        { name: 'Routes accepted', ok: true },
        { name: 'Routes not opted out', ok: true },
        {
          name: 'Routes serve sidecars',
          ok: true,
          message: 'Bound only to gateways (north-south only): shop',
        },
        { name: 'Every workload has a Service', ok: true },
      ],
    });
    const broken = cartMeshVirtualService();
    broken.status = { validationMessages: [{ level: 'ERROR' }] };
    cluster.put(broken);
    const readiness = await driver.checkBase(base, context);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks.find(c => !c.ok)).toEqual({
      name: 'Routes accepted',
      ok: false,
      message: 'Not accepted by the mesh: cart',
    });
  });

  it('explains which destination a sidecar request reaches', async () => {
    const { driver, context } = setup();
    await driver.ensureRoutes(routing('alice', ['cart']), context);
    const ask = (service: string, headers: Record<string, string>) =>
      driver.explainRoute({ base, service, headers }, context);
    expect(
      await ask('cart', { baggage: 'foo=1, berth-sandbox=alice;p=1' }),
    ).toEqual({
      backend: 'cart.shop-alice.svc.cluster.local',
      sandbox: 'alice',
      reason:
        'shop/cart http[1] (berth-sbx.alice.0.baggage) is the first route whose match 0 matches (routes are first-match)',
      matched: [
        'shop/cart http[1] (berth-sbx.alice.0.baggage) match 0',
        'shop/cart http[2] match 0',
      ],
    });
    expect((await ask('cart', { 'x-env': 'alice2' })).backend).toBe(
      'cart.shop.svc.cluster.local',
    );
    expect(await ask('frontend', { 'x-env': 'alice' })).toEqual({
      backend: 'frontend.shop.svc.cluster.local',
      reason:
        "No VirtualService bound to the mesh routes 'frontend': requests reach the Service itself, with or without a key",
    });
  });
});
