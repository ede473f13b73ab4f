import { ForkedServiceRef } from '../forks';
import { HTTPRoute } from '../gatewayApi/httpRouteTypes';
import { GatewayListeners } from '../gatewayApi/sandboxRouteAdmission';
import { VirtualService } from '../istio/virtualServiceTypes';

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
 * The shared Gateway: one HTTP listener admitting routes of every
 * namespace, for `hostname` (every host when none).
 */
export function gatewayObject(
  hostname?: string,
): GatewayListeners & { apiVersion: string; kind: 'Gateway' } {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY.name, namespace: GATEWAY.namespace },
    spec: {
      listeners: [
        {
          name: 'http',
          port: 80,
          ...(hostname && { hostname }),
          allowedRoutes: { namespaces: { from: 'All' } },
        },
      ],
    },
  };
}

/**
 * The base's north-south route on the shared Gateway: `/api/cart` (and
 * POST `/api/cart/checkout`) to cart, `/` to frontend, `/api/cart/special`
 * to cart-special.
 */
export function shopRoute(): HTTPRoute {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: {
      name: 'shop',
      namespace: BASE_NAMESPACE,
      creationTimestamp: new Date('2026-12-01T00:00:00Z'),
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
        {
          matches: [
            { path: { type: 'PathPrefix', value: '/api/cart/special' } },
          ],
          backendRefs: [{ name: 'cart-special', port: 80 }],
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
      creationTimestamp: new Date('2026-12-01T00:00:00Z'),
    },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'cart', port: 80 }],
      rules: [{ backendRefs: [{ name: 'cart', port: 80 }] }],
    },
  };
}

/** The same north-south routing as {@link shopRoute}, for Istio (first match). */
export function shopVirtualService(): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: 'shop',
      namespace: BASE_NAMESPACE,
      creationTimestamp: new Date('2026-12-01T00:00:00Z'),
    },
    spec: {
      hosts: ['shop.localtest.me'],
      gateways: [`${GATEWAY.namespace}/${GATEWAY.name}`],
      http: [
        {
          name: 'special',
          match: [{ uri: { prefix: '/api/cart/special' } }],
          route: [
            { destination: { host: 'cart-special', port: { number: 80 } } },
          ],
        },
        {
          name: 'checkout',
          match: [
            { uri: { exact: '/api/cart/checkout' }, method: { exact: 'POST' } },
          ],
          route: [{ destination: { host: 'cart', port: { number: 80 } } }],
        },
        {
          name: 'cart',
          match: [{ uri: { prefix: '/api/cart' } }],
          route: [{ destination: { host: 'cart', port: { number: 80 } } }],
        },
        {
          name: 'frontend',
          route: [{ destination: { host: 'frontend', port: { number: 80 } } }],
        },
      ],
    },
  };
}

/** The same east-west routing as {@link cartMeshRoute}, for Istio sidecars. */
export function cartMeshVirtualService(): VirtualService {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: {
      name: 'cart',
      namespace: BASE_NAMESPACE,
      creationTimestamp: new Date('2026-12-01T00:00:00Z'),
    },
    spec: {
      hosts: ['cart'],
      http: [
        {
          route: [
            {
              destination: {
                host: 'cart.shop.svc.cluster.local',
                subset: 'v1',
                port: { number: 80 },
              },
            },
          ],
        },
      ],
    },
  };
}
