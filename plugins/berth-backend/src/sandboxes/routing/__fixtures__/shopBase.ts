import { ForkedServiceRef } from '../forks';
import { HTTPRoute } from '../gatewayApi/httpRouteTypes';

/** The test base: namespace `shop`, Services frontend and cart. */
export const BASE_NAMESPACE = 'shop';
export const GATEWAY = {
  namespace: 'berth-gateway',
  name: 'berth',
} as const;

export function fork(sandbox: string, baseService: string): ForkedServiceRef {
  const namespace = `shop-${sandbox}`;
  return {
    baseService,
    forkService: baseService,
    forkNamespace: namespace,
    forkFqdn: `${baseService}.${namespace}.svc.cluster.local`,
  };
}

/**
 * The base's north-south route on the shared Gateway: `/api/cart` (and
 * POST `/api/cart/checkout`) to cart, `/` to frontend.
 */
export function shopRoute(): HTTPRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: 'shop',
      namespace: BASE_NAMESPACE,
      creationTimestamp: '2026-12-01T00:00:00Z',
    },
    spec: {
      parentRefs: [{ name: GATEWAY.name, namespace: GATEWAY.namespace }],
      hostnames: ['shop.localtest.me'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api/cart' } }],
          backendRefs: [{ name: 'cart', port: 80 }],
        },
        {
          matches: [
            {
              path: { type: 'Exact', value: '/api/cart/checkout' },
              method: 'POST',
            },
          ],
          backendRefs: [{ name: 'cart', port: 80 }],
        },
        {
          backendRefs: [{ name: 'frontend', port: 80 }],
        },
      ],
    },
  };
}

/** The base's GAMMA route for cart (east-west): every request to cart. */
export function cartMeshRoute(): HTTPRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: 'cart-mesh',
      namespace: BASE_NAMESPACE,
      creationTimestamp: '2026-12-01T00:00:00Z',
    },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'cart', port: 80 }],
      rules: [{ backendRefs: [{ name: 'cart', port: 80 }] }],
    },
  };
}
