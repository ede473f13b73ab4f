import {
  BASE_NAMESPACE,
  cartMeshRoute,
  fork,
  GATEWAY,
  shopRoute,
} from '../__fixtures__/shopBase';
import { evaluateHttpRoutes } from '../evaluate/evaluateHttpRoutes';
import { baggageRegex } from '../routingKey';
import { HTTPRoute } from './httpRouteTypes';
import { planGatewayRoutes } from './planGatewayRoutes';

const gatewayParent = { namespace: GATEWAY.namespace, name: GATEWAY.name };

function planFor(sandbox: string, services: string[], baseRoutes: HTTPRoute[]) {
  return planGatewayRoutes({
    sandbox,
    sandboxNamespace: `shop-${sandbox}`,
    baseNamespace: BASE_NAMESPACE,
    forks: services.map(service => fork(sandbox, service)),
    baseRoutes,
  });
}

describe('planGatewayRoutes', () => {
  it('copies each base rule that reaches a fork, with the key, into the sandbox namespace', () => {
    const plan = planFor('alice', ['cart'], [shopRoute()]);
    expect(plan.optedOut).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(plan.unreached).toEqual([]);
    expect(plan.referenceGrants).toEqual([]);
    expect(plan.routes).toHaveLength(1);
    const [route] = plan.routes;
    expect(route.metadata).toEqual({
      name: 'berth-sbx-alice-shop',
      namespace: 'shop-alice',
      labels: {
        'app.kubernetes.io/managed-by': 'berth',
        'berth.dev/sandbox': 'alice',
        'berth.dev/sandbox-base': 'shop',
      },
      annotations: { 'berth.dev/sandbox-base-route': 'shop/shop' },
    });
    expect(route.spec.parentRefs).toEqual([
      { name: 'berth', namespace: 'berth-gateway' },
    ]);
    expect(route.spec.hostnames).toEqual(['shop.localtest.me']);
    // Two rules per forked base rule (x-env, baggage); frontend's rule is not copied.
    expect(route.spec.rules).toEqual([
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api/cart' },
            headers: [{ type: 'Exact', name: 'x-env', value: 'alice' }],
          },
        ],
        backendRefs: [{ name: 'cart', port: 80 }],
      },
      {
        matches: [
          {
            path: { type: 'PathPrefix', value: '/api/cart' },
            headers: [
              {
                type: 'RegularExpression',
                name: 'baggage',
                value: baggageRegex('alice'),
              },
            ],
          },
        ],
        backendRefs: [{ name: 'cart', port: 80 }],
      },
      {
        matches: [
          {
            path: { type: 'Exact', value: '/api/cart/checkout' },
            method: 'POST',
            headers: [{ type: 'Exact', name: 'x-env', value: 'alice' }],
          },
        ],
        backendRefs: [{ name: 'cart', port: 80 }],
      },
      {
        matches: [
          {
            path: { type: 'Exact', value: '/api/cart/checkout' },
            method: 'POST',
            headers: [
              {
                type: 'RegularExpression',
                name: 'baggage',
                value: baggageRegex('alice'),
              },
            ],
          },
        ],
        backendRefs: [{ name: 'cart', port: 80 }],
      },
    ]);
  });

  it('gives a rule without matches the default `/` prefix', () => {
    const plan = planFor('alice', ['frontend'], [shopRoute()]);
    expect(plan.routes[0].spec.rules!.map(r => r.matches)).toEqual([
      [
        {
          path: { type: 'PathPrefix', value: '/' },
          headers: [{ type: 'Exact', name: 'x-env', value: 'alice' }],
        },
      ],
      [
        {
          path: { type: 'PathPrefix', value: '/' },
          headers: [
            {
              type: 'RegularExpression',
              name: 'baggage',
              value: baggageRegex('alice'),
            },
          ],
        },
      ],
    ]);
  });

  it('places a GAMMA route in the base namespace with a ReferenceGrant in the sandbox namespace', () => {
    const plan = planFor('alice', ['cart'], [cartMeshRoute()]);
    expect(plan.routes).toHaveLength(1);
    const [route] = plan.routes;
    expect(route.metadata.namespace).toBe('shop');
    expect(route.metadata.name).toBe('berth-sbx-alice-cart-mesh');
    expect(route.spec.parentRefs).toEqual([
      { group: '', kind: 'Service', name: 'cart', port: 80, namespace: 'shop' },
    ]);
    expect(route.spec.hostnames).toBeUndefined();
    expect(route.spec.rules![0].backendRefs).toEqual([
      { name: 'cart', namespace: 'shop-alice', port: 80 },
    ]);
    expect(plan.referenceGrants).toEqual([
      {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: {
          name: 'berth-sbx-alice-from-base',
          namespace: 'shop-alice',
          labels: expect.objectContaining({ 'berth.dev/sandbox': 'alice' }),
        },
        spec: {
          from: [
            {
              group: 'gateway.networking.k8s.io',
              kind: 'HTTPRoute',
              namespace: 'shop',
            },
          ],
          to: [{ group: '', kind: 'Service', name: 'cart' }],
        },
      },
    ]);
  });

  it('keeps the base backends of a split rule, granted from the sandbox namespace', () => {
    const base = shopRoute();
    base.spec.rules![0].backendRefs = [
      { name: 'cart', port: 80, weight: 90 },
      { name: 'cart-canary', port: 80, weight: 10 },
    ];
    const plan = planFor('alice', ['cart'], [base]);
    expect(plan.routes[0].spec.rules![0].backendRefs).toEqual([
      { name: 'cart', port: 80, weight: 90 },
      { name: 'cart-canary', namespace: 'shop', port: 80, weight: 10 },
    ]);
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
          to: [{ group: '', kind: 'Service', name: 'cart-canary' }],
        },
      }),
    ]);
  });

  it('leaves an opted-out base route alone and reports it', () => {
    const base = shopRoute();
    base.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    const plan = planFor('alice', ['cart'], [base, cartMeshRoute()]);
    expect(plan.optedOut).toEqual(['shop/shop']);
    expect(plan.routes.map(r => r.metadata.name)).toEqual([
      'berth-sbx-alice-cart-mesh',
    ]);
  });

  it('reports forks no base rule reaches, and ignores routes Berth added', () => {
    const own = planFor('bob', ['cart'], [shopRoute()]).routes[0];
    const plan = planFor('alice', ['cart', 'payments'], [shopRoute(), own]);
    expect(plan.unreached).toEqual(['payments']);
    expect(plan.routes.map(r => r.metadata.name)).toEqual([
      'berth-sbx-alice-shop',
    ]);
  });

  it('skips, and reports, a rule that already matches the key header', () => {
    const base = shopRoute();
    base.spec.rules![0].matches![0].headers = [
      { name: 'X-Env', value: 'staging' },
    ];
    const plan = planFor('alice', ['cart'], [base]);
    expect(plan.skipped).toEqual([
      {
        route: 'shop/shop',
        rule: 0,
        reason: "a match of the rule already matches header 'X-Env'",
      },
    ]);
    expect(plan.routes[0].spec.rules).toHaveLength(2);
  });

  it('splits into routes of at most 16 rules and 128 matches', () => {
    const base = shopRoute();
    base.spec.rules = Array.from({ length: 20 }, (_, i) => ({
      matches: Array.from({ length: 5 }, (_unused, j) => ({
        path: { type: 'Exact' as const, value: `/p${i}/${j}` },
      })),
      backendRefs: [{ name: 'cart', port: 80 }],
    }));
    const plan = planFor('alice', ['cart'], [base]);
    // 40 rules of 5 matches: 16 rules (80 matches) per route.
    expect(plan.routes.map(r => r.metadata.name)).toEqual([
      'berth-sbx-alice-shop',
      'berth-sbx-alice-shop-2',
      'berth-sbx-alice-shop-3',
    ]);
    expect(plan.routes.map(r => r.spec.rules!.length)).toEqual([16, 16, 8]);
    const big = shopRoute();
    big.spec.rules = [
      {
        matches: Array.from({ length: 64 }, (_, j) => ({
          path: { type: 'Exact' as const, value: `/q/${j}` },
        })),
        backendRefs: [{ name: 'cart', port: 80 }],
      },
    ];
    const bigPlan = planFor('alice', ['cart'], [big]);
    // Two rules of 64 matches fill one route's 128.
    expect(bigPlan.routes).toHaveLength(1);
    expect(bigPlan.routes[0].spec.rules!.map(r => r.matches!.length)).toEqual([
      64, 64,
    ]);
  });

  it('names long routes as DNS labels, hashed', () => {
    const base = shopRoute();
    base.metadata.name = `a-very-long-route-name-${'x'.repeat(60)}`;
    const other = shopRoute();
    other.metadata.name = `a-very-long-route-name-${'x'.repeat(59)}y`;
    const plan = planFor('alice', ['cart'], [base, other]);
    const names = plan.routes.map(r => r.metadata.name);
    for (const name of names) {
      expect(name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(name.startsWith('berth-sbx-alice-')).toBe(true);
    }
    expect(new Set(names).size).toBe(2);
  });

  it('routes the key to the fork and nothing else, by the Gateway API precedence', () => {
    const base = shopRoute();
    const routes = [
      base,
      ...planFor('alice', ['cart'], [base]).routes,
      ...planFor('bob', ['cart', 'frontend'], [base]).routes,
    ];
    const reach = (path: string, headers: Record<string, string> = {}) =>
      evaluateHttpRoutes(routes, gatewayParent, {
        host: 'shop.localtest.me',
        path,
        headers,
      })?.backends.map(b => `${b.namespace}/${b.name}`);
    expect(reach('/api/cart/items')).toEqual(['shop/cart']);
    expect(reach('/api/cart/items', { 'x-env': 'alice' })).toEqual([
      'shop-alice/cart',
    ]);
    expect(reach('/', { 'x-env': 'alice' })).toEqual(['shop/frontend']);
    expect(reach('/', { 'x-env': 'bob' })).toEqual(['shop-bob/frontend']);
    expect(reach('/api/cart', { baggage: 'berth-sandbox=bob' })).toEqual([
      'shop-bob/cart',
    ]);
  });
});
