import {
  BASE_NAMESPACE,
  cartMeshVirtualService,
  fork,
  GATEWAY,
  shopVirtualService,
} from '../__fixtures__/shopBase';
import { applyVirtualServicePatches } from '../istio/applyVirtualServicePatches';
import { planPreviewVirtualServices } from '../istio/planPreviewVirtualServices';
import { planVirtualServices } from '../istio/planVirtualServices';
import { MESH_GATEWAY } from '../istio/virtualServiceTypes';
import { applyIstioHeaderOperations } from './applyIstioHeaderOperations';
import { evaluateVirtualServices } from './evaluateVirtualServices';

// The Istio preview host through the evaluator, as evaluatePreviewRoutes
// does for Gateway API: alice forking cart on the shop base, the keyed
// copies in the base VirtualServices and the preview VirtualService beside.
const gateway = `${GATEWAY.namespace}/${GATEWAY.name}`;

function aliceForkingCart() {
  const base = [shopVirtualService(), cartMeshVirtualService()];
  const forks = [fork('alice', 'cart')];
  const withCopies = applyVirtualServicePatches(
    base,
    planVirtualServices({
      sandbox: 'alice',
      baseNamespace: BASE_NAMESPACE,
      forks,
      virtualServices: base,
    }).patches,
  );
  const preview = planPreviewVirtualServices({
    sandbox: 'alice',
    sandboxNamespace: 'shop-alice',
    baseNamespace: BASE_NAMESPACE,
    forks,
    virtualServices: withCopies,
  });
  return [...withCopies, ...preview.virtualServices];
}

describe('evaluateVirtualServices on a preview host', () => {
  it('reaches the fork with no header, and the destination gets x-env', () => {
    const decision = evaluateVirtualServices(
      aliceForkingCart(),
      { host: 'alice.shop.localtest.me', path: '/api/cart/items', headers: {} },
      gateway,
    );
    expect(decision).toMatchObject({
      backends: [{ name: 'cart', namespace: 'shop-alice', port: 80 }],
      sandbox: 'alice',
      requestHeaders: { 'x-env': 'alice' },
    });
    // The base host: no key, the base, the headers as sent.
    const base = evaluateVirtualServices(
      aliceForkingCart(),
      { host: 'shop.localtest.me', path: '/api/cart/items', headers: {} },
      gateway,
    );
    expect(base?.backends[0]).toMatchObject({
      name: 'cart',
      namespace: 'shop',
    });
    expect(base?.sandbox).toBeUndefined();
    expect(base?.requestHeaders).toBeUndefined();
  });

  it('sends services that are not forked to the base with the key, which the next hop re-matches', () => {
    const virtualServices = aliceForkingCart();
    const frontend = evaluateVirtualServices(
      virtualServices,
      {
        host: 'alice.shop.localtest.me',
        path: '/home',
        headers: { 'X-Env': 'bob', baggage: 'a=1' },
      },
      gateway,
    );
    expect(frontend?.backends).toEqual([
      { name: 'frontend', namespace: 'shop', port: 80, weight: 100 },
    ]);
    // `set` replaces a key the client sent (any case).
    expect(frontend?.requestHeaders).toEqual({
      baggage: 'a=1',
      'x-env': 'alice',
    });
    const nextHop = evaluateVirtualServices(
      virtualServices,
      {
        host: 'cart.shop.svc.cluster.local',
        path: '/',
        headers: frontend!.requestHeaders,
      },
      MESH_GATEWAY,
    );
    expect(nextHop).toMatchObject({
      backends: [{ name: 'cart', namespace: 'shop-alice' }],
      sandbox: 'alice',
    });
    const plain = evaluateVirtualServices(
      virtualServices,
      { host: 'cart.shop.svc.cluster.local', path: '/', headers: {} },
      MESH_GATEWAY,
    );
    expect(plain?.backends[0]).toMatchObject({ namespace: 'shop' });
  });
});

describe('applyIstioHeaderOperations', () => {
  it('removes, then sets, then appends, in any case', () => {
    expect(
      applyIstioHeaderOperations(
        { 'X-Env': 'bob', Baggage: 'a=1', 'x-debug': '1' },
        {
          remove: ['X-DEBUG', 'x-env'],
          set: { 'x-env': 'alice' },
          add: { baggage: 'b=2', 'x-new': 'v' },
        },
      ),
    ).toEqual({ 'x-env': 'alice', baggage: 'a=1,b=2', 'x-new': 'v' });
    expect(applyIstioHeaderOperations({ a: '1' }, undefined)).toEqual({
      a: '1',
    });
  });
});
