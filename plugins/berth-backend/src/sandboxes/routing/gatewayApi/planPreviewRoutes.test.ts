import {
  BASE_NAMESPACE,
  cartMeshRoute,
  fork,
  gatewayObject,
  shopRoute,
} from '../__fixtures__/shopBase';
import { HTTPRoute } from './httpRouteTypes';
import { MAX_MATCHES_PER_ROUTE } from './packRules';
import { planGatewayRoutes } from './planGatewayRoutes';
import { planPreviewRoutes } from './planPreviewRoutes';
import { GatewayListeners } from './sandboxRouteAdmission';

const setKey = (sandbox: string) => ({
  type: 'RequestHeaderModifier',
  requestHeaderModifier: { set: [{ name: 'x-env', value: sandbox }] },
});

function previewFor(
  services: string[],
  baseRoutes: HTTPRoute[],
  gateways: GatewayListeners[] = [gatewayObject()],
) {
  return planPreviewRoutes({
    sandbox: 'alice',
    sandboxNamespace: 'shop-alice',
    baseNamespace: BASE_NAMESPACE,
    forks: services.map(service => fork('alice', service)),
    baseRoutes,
    gateways,
  });
}

describe('planPreviewRoutes', () => {
  it('copies every rule of a Gateway route for <sandbox>.<hostname>, setting the key; forks to the fork, the rest to the base', () => {
    const plan = previewFor(['cart'], [shopRoute(), cartMeshRoute()]);
    expect(plan.warnings).toEqual([]);
    expect(plan.hosts).toEqual(['alice.shop.localtest.me']);
    expect(plan.baseServices).toEqual(['cart-special', 'frontend']);
    expect(plan.routes).toEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: {
          name: 'berth-sbx-alice-preview-shop',
          namespace: 'shop-alice',
          labels: {
            'app.kubernetes.io/managed-by': 'berth',
            'berth.dev/sandbox': 'alice',
            'berth.dev/sandbox-base': 'shop',
            'berth.dev/sandbox-preview': 'true',
          },
          annotations: { 'berth.dev/sandbox-base-route': 'shop/shop' },
        },
        spec: {
          parentRefs: [{ name: 'berth', namespace: 'berth-gateway' }],
          hostnames: ['alice.shop.localtest.me'],
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/api/cart' } }],
              filters: [setKey('alice')],
              backendRefs: [{ name: 'cart', port: 80 }],
            },
            {
              matches: [
                {
                  path: { type: 'Exact', value: '/api/cart/checkout' },
                  method: 'POST',
                },
              ],
              filters: [setKey('alice')],
              backendRefs: [{ name: 'cart', port: 80 }],
            },
            {
              filters: [setKey('alice')],
              backendRefs: [{ name: 'frontend', port: 80, namespace: 'shop' }],
            },
            {
              matches: [
                { path: { type: 'PathPrefix', value: '/api/cart/special' } },
              ],
              filters: [setKey('alice')],
              backendRefs: [
                { name: 'cart-special', port: 80, namespace: 'shop' },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('gives a preview host even when no rule reaches a fork (the key propagates to the next hops)', () => {
    const plan = previewFor(['payments'], [shopRoute()]);
    expect(plan.hosts).toEqual(['alice.shop.localtest.me']);
    expect(plan.routes[0].spec.rules!.flatMap(r => r.backendRefs!)).toEqual(
      ['cart', 'cart', 'frontend', 'cart-special'].map(name => ({
        name,
        port: 80,
        namespace: 'shop',
      })),
    );
  });

  it('skips wildcard and too long hostnames, and hosts the listeners do not admit, with warnings', () => {
    // 249 characters: a valid hostname, but not with `alice.` in front.
    const long = `${['a', 'b', 'c', 'd']
      .map(c => c.repeat(60))
      .join('.')}.ab.io`;
    const route = shopRoute();
    route.spec.hostnames = [
      '*.shop.localtest.me',
      long,
      'shop.localtest.me',
      'shop.example.org',
    ];
    const plan = previewFor(
      ['cart'],
      [route],
      [gatewayObject('*.localtest.me')],
    );
    expect(plan.hosts).toEqual(['alice.shop.localtest.me']);
    expect(plan.routes.map(r => r.spec.hostnames)).toEqual([
      ['alice.shop.localtest.me'],
    ]);
    expect(plan.warnings).toEqual([
      "HTTPRoute shop/shop: hostname '*.shop.localtest.me' is a wildcard: no preview host for it",
      `HTTPRoute shop/shop: preview host 'alice.${long}' would be longer than 253 characters`,
      "HTTPRoute shop/shop: no preview host 'alice.shop.example.org': the listeners of Gateway berth-gateway/berth do not admit it (hostname '*.localtest.me')",
    ]);

    const exact = previewFor(
      ['cart'],
      [shopRoute()],
      [gatewayObject('shop.localtest.me')],
    );
    expect(exact.routes).toEqual([]);
    expect(exact.hosts).toEqual([]);
    expect(exact.warnings).toEqual([
      "HTTPRoute shop/shop: no preview host 'alice.shop.localtest.me': the listeners of Gateway berth-gateway/berth do not admit it (hostname 'shop.localtest.me')",
    ]);
    expect(previewFor(['cart'], [shopRoute()], []).warnings).toEqual([
      "HTTPRoute shop/shop: no preview host 'alice.shop.localtest.me': Gateway berth-gateway/berth not found",
    ]);
  });

  it('checks only the listener a parentRef names', () => {
    const gateway = gatewayObject('shop.localtest.me');
    gateway.spec.listeners!.push({
      name: 'previews',
      port: 80,
      hostname: '*.shop.localtest.me',
    });
    const route = shopRoute();
    route.spec.parentRefs![0].sectionName = 'http';
    expect(previewFor(['cart'], [route], [gateway]).hosts).toEqual([]);
    route.spec.parentRefs![0].sectionName = 'previews';
    expect(previewFor(['cart'], [route], [gateway]).hosts).toEqual([
      'alice.shop.localtest.me',
    ]);
    delete route.spec.parentRefs![0].sectionName;
    expect(previewFor(['cart'], [route], [gateway]).hosts).toEqual([
      'alice.shop.localtest.me',
    ]);
  });

  it('leaves out GAMMA routes, routes without hostnames or base backends, and opted-out routes', () => {
    const noHost = shopRoute();
    noHost.metadata.name = 'no-host';
    delete noHost.spec.hostnames;
    const elsewhere = shopRoute();
    elsewhere.metadata.name = 'elsewhere';
    elsewhere.spec.rules = [
      { backendRefs: [{ name: 'web', namespace: 'other', port: 80 }] },
    ];
    const optedOut = shopRoute();
    optedOut.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    const plan = previewFor(
      ['cart'],
      [cartMeshRoute(), noHost, elsewhere, optedOut],
    );
    expect(plan.routes).toEqual([]);
    expect(plan.warnings).toEqual([
      'HTTPRoute shop/shop is opted out: no preview host for it',
    ]);
  });

  it("merges the key into a rule's own RequestHeaderModifier and keeps its other filters", () => {
    const route = shopRoute();
    route.spec.rules![0].filters = [
      {
        type: 'RequestMirror',
        requestMirror: { backendRef: { name: 'audit', port: 80 } },
      },
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'x-env', value: 'prod' }] },
      },
    ];
    const [rule] = previewFor(['cart'], [route]).routes[0].spec.rules!;
    expect(rule.filters).toEqual([
      {
        type: 'RequestMirror',
        requestMirror: {
          backendRef: { name: 'audit', port: 80, namespace: 'shop' },
        },
      },
      setKey('alice'),
    ]);
  });

  it('packs a large base route into routes within the CRD limits', () => {
    const route = shopRoute();
    route.spec.rules = Array.from({ length: 16 }, (_, i) => ({
      matches: Array.from({ length: 12 }, (__, j) => ({
        path: { type: 'Exact' as const, value: `/p${i}/${j}` },
      })),
      backendRefs: [{ name: 'cart', port: 80 }],
    }));
    const plan = previewFor(['cart'], [route]);
    expect(plan.routes.map(r => r.metadata.name)).toEqual([
      'berth-sbx-alice-preview-shop',
      'berth-sbx-alice-preview-shop-2',
    ]);
    for (const r of plan.routes) {
      expect(r.spec.hostnames).toEqual(['alice.shop.localtest.me']);
      const matches = r.spec.rules!.flatMap(rule => rule.matches ?? []);
      expect(matches.length).toBeLessThanOrEqual(MAX_MATCHES_PER_ROUTE);
    }
  });

  it('joins the sandbox plan: the base Services it reaches share the to-base grant, names do not collide', () => {
    const previewNamed = shopRoute();
    previewNamed.metadata.name = 'preview-shop';
    const plan = planGatewayRoutes({
      sandbox: 'alice',
      sandboxNamespace: 'shop-alice',
      baseNamespace: BASE_NAMESPACE,
      forks: [fork('alice', 'cart')],
      baseRoutes: [shopRoute(), previewNamed],
      gateways: [gatewayObject()],
    });
    expect(plan.routes.map(r => r.metadata.name)).toEqual([
      'berth-sbx-alice-preview-shop',
      'berth-sbx-alice-shop',
      'berth-sbx-alice-preview-preview-shop',
      'berth-sbx-alice-preview-shop-n2',
    ]);
    expect(plan.previewHosts).toEqual(['alice.shop.localtest.me']);
    expect(plan.previewWarnings).toEqual([]);
    expect(plan.referenceGrants).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({
          name: 'berth-sbx-alice-to-base',
          namespace: 'shop',
        }),
        spec: {
          from: [
            {
              group: 'gateway.networking.k8s.io',
              kind: 'HTTPRoute',
              namespace: 'shop-alice',
            },
          ],
          to: [
            { group: '', kind: 'Service', name: 'cart-special' },
            { group: '', kind: 'Service', name: 'frontend' },
          ],
        },
      }),
    ]);
  });
});
