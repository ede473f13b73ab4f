import {
  BASE_NAMESPACE,
  cartMeshRoute,
  fork,
  GATEWAY,
  gatewayObject,
  shopRoute,
} from '../__fixtures__/shopBase';
import { planGatewayRoutes } from '../gatewayApi/planGatewayRoutes';
import { evaluateHttpRoutes } from './evaluateHttpRoutes';

// The preview host through the evaluator: the routes and grants are the
// planner's, for alice forking cart (north-south and GAMMA) on the shop base.
const gateway = { namespace: GATEWAY.namespace, name: GATEWAY.name };
const cartService = {
  group: '',
  kind: 'Service',
  namespace: BASE_NAMESPACE,
  name: 'cart',
};

function aliceForkingCart() {
  const baseRoutes = [shopRoute(), cartMeshRoute()];
  const plan = planGatewayRoutes({
    sandbox: 'alice',
    sandboxNamespace: 'shop-alice',
    baseNamespace: BASE_NAMESPACE,
    forks: [fork('alice', 'cart')],
    baseRoutes,
    gateways: [gatewayObject()],
  });
  return {
    routes: [...baseRoutes, ...plan.routes],
    grants: plan.referenceGrants,
  };
}

describe('evaluateHttpRoutes on a preview host', () => {
  it('reaches the fork with no header, and the backend gets x-env', () => {
    const { routes, grants } = aliceForkingCart();
    const decision = evaluateHttpRoutes(
      routes,
      gateway,
      { host: 'alice.shop.localtest.me', path: '/api/cart/items', headers: {} },
      grants,
    );
    expect(decision).toMatchObject({
      backends: [{ name: 'cart', namespace: 'shop-alice', port: 80 }],
      matched: 'shop-alice/berth-sbx-alice-preview-shop rule 0',
      sandbox: 'alice',
      requestHeaders: { 'x-env': 'alice' },
    });
    expect(decision?.backends[0].refused).toBeUndefined();
    // The base host is untouched: no key, the base, headers as sent.
    const base = evaluateHttpRoutes(
      routes,
      gateway,
      { host: 'shop.localtest.me', path: '/api/cart/items', headers: {} },
      grants,
    );
    expect(base?.backends[0]).toMatchObject({
      name: 'cart',
      namespace: 'shop',
    });
    expect(base?.sandbox).toBeUndefined();
    expect(base?.requestHeaders).toBeUndefined();
  });

  it('sends services that are not forked to the base (granted), with the key for their next hop', () => {
    const { routes, grants } = aliceForkingCart();
    const frontend = evaluateHttpRoutes(
      routes,
      gateway,
      {
        host: 'alice.shop.localtest.me',
        path: '/home',
        headers: { 'X-Env': 'bob', baggage: 'a=1' },
      },
      grants,
    );
    expect(frontend?.backends).toEqual([
      { name: 'frontend', namespace: 'shop', port: 80, weight: 1 },
    ]);
    // The modifier replaces a key the client sent (any case) before the hop.
    expect(frontend?.requestHeaders).toEqual({
      baggage: 'a=1',
      'x-env': 'alice',
    });
    // frontend calls cart with the headers it got: the GAMMA route sends
    // that call to alice's fork.
    const nextHop = evaluateHttpRoutes(
      routes,
      cartService,
      {
        host: 'cart.shop.svc.cluster.local',
        path: '/',
        headers: frontend!.requestHeaders,
      },
      grants,
    );
    expect(nextHop).toMatchObject({
      backends: [{ name: 'cart', namespace: 'shop-alice' }],
      sandbox: 'alice',
    });
    expect(nextHop?.backends[0].refused).toBeUndefined();
    // Without the modifier (the base host), the same chain stays on the base.
    const plain = evaluateHttpRoutes(routes, cartService, {
      host: 'cart.shop.svc.cluster.local',
      path: '/',
      headers: {},
    });
    expect(plain?.backends[0]).toMatchObject({
      name: 'cart',
      namespace: 'shop',
    });
  });

  it('without the to-base grant, the data plane would refuse the base backends of the preview route', () => {
    const { routes } = aliceForkingCart();
    const decision = evaluateHttpRoutes(routes, gateway, {
      host: 'alice.shop.localtest.me',
      path: '/home',
    });
    expect(decision?.backends[0].refused).toBe(
      "no ReferenceGrant in 'shop' lets HTTPRoutes of 'shop-alice' reach Service 'frontend'",
    );
  });
});
