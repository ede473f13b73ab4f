import {
  BerthSandboxDetails,
  sandboxRoutingKey,
  SandboxTraffic,
} from '@berth/plugin-berth-common';
import {
  emptySandboxesData,
  FakeSandboxesData,
  readyReadiness,
} from './FakeSandboxesBackend';

/** The caller's sandbox of the shop's dev environment: a ready fork of cart. */
export const cartFixSandbox: BerthSandboxDetails = {
  id: 'sbx-cart-fix',
  name: 'cart-fix',
  projectRef: 'system:default/shop',
  baseEnvironmentId: 'env-shop-dev',
  baseEnvironmentName: 'dev',
  cluster: 'local-east',
  namespace: 'shop-dev-cart-fix',
  routingDriver: 'gateway-api',
  createdBy: 'user:default/guest',
  createdAt: '2026-01-10T08:00:00Z',
  updatedAt: '2026-01-10T08:00:00Z',
  expiresAt: '2026-01-10T16:00:00Z',
  status: 'ready',
  forks: [
    {
      service: 'cart',
      images: { main: 'ghcr.io/acme/cart:1.5.0-rc1' },
      set: { 'feature.newCheckout': 'true' },
    },
  ],
  routingKey: sandboxRoutingKey('cart-fix'),
  previewHosts: ['cart-fix.shop-dev.example.test'],
  previewUrls: ['http://cart-fix.shop-dev.example.test'],
  warnings: [],
  routesWrittenAt: '2026-01-10T08:01:00Z',
  forkStatus: [
    {
      service: 'cart',
      status: 'Running',
      ready: 1,
      desired: 1,
      images: ['ghcr.io/acme/cart:1.5.0-rc1'],
    },
  ],
};

/** Bob's sandbox of the shop's dev environment: degraded, a route opted out. */
export const bobPaySandbox: BerthSandboxDetails = {
  id: 'sbx-bob-pay',
  name: 'bob-pay',
  projectRef: 'system:default/shop',
  baseEnvironmentId: 'env-shop-dev',
  baseEnvironmentName: 'dev',
  cluster: 'local-east',
  namespace: 'shop-dev-bob-pay',
  routingDriver: 'gateway-api',
  createdBy: 'user:default/bob',
  createdAt: '2026-01-09T08:00:00Z',
  updatedAt: '2026-01-09T08:00:00Z',
  expiresAt: '2026-01-11T08:00:00Z',
  status: 'degraded',
  message: 'Routes written with 1 warning',
  forks: [{ service: 'payments', values: 'debug: true\n' }],
  routingKey: sandboxRoutingKey('bob-pay'),
  previewHosts: ['bob-pay.shop-dev.example.test'],
  previewUrls: [],
  warnings: [
    "HTTPRoute 'payments-admin' is annotated berth.dev/sandbox-routing=off: not routed",
  ],
  routesWrittenAt: '2026-01-09T08:01:00Z',
  forkStatus: [
    {
      service: 'payments',
      status: 'Unstable',
      ready: 0,
      desired: 1,
      images: ['ghcr.io/acme/payments:2.0.1'],
      message: 'Back-off restarting failed container',
    },
  ],
};

/**
 * What the gateway's access log saw of cart-fix's key: its cart fork
 * reached with x-env, and payments, which it does not fork, reached on the
 * base with the baggage member.
 */
export const cartFixTraffic: SandboxTraffic = {
  observed: true,
  source: 'Traefik access log',
  services: [
    {
      service: 'cart',
      namespace: 'shop-dev-cart-fix',
      servedBy: 'fork',
      keyHeader: 'x-env',
      lastReachedAt: '2026-01-10T11:58:00Z',
      lastPath: '/cart/42',
      lastStatus: 200,
    },
    {
      service: 'payments',
      namespace: 'shop-dev',
      servedBy: 'base',
      keyHeader: 'baggage',
      lastReachedAt: '2026-01-10T11:30:00Z',
      lastPath: '/pay',
      lastStatus: 502,
    },
  ],
  forksNotReached: [],
  readAt: '2026-01-10T12:00:00Z',
};

/**
 * The sandboxes of the fake backend: two sandboxes of the shop's dev
 * environment, every base ready; cart-fix's key reached its fork, bob-pay's
 * reached nothing.
 */
export function fakeSandboxesData(): FakeSandboxesData {
  return {
    ...emptySandboxesData(),
    sandboxes: [cartFixSandbox, bobPaySandbox],
    traffic: { 'sbx-cart-fix': cartFixTraffic },
  };
}

/** A base the routing driver cannot serve yet: the CRDs are missing. */
export function notReadyReadiness() {
  const ready = readyReadiness();
  return {
    ...ready,
    ready: false,
    checks: ready.checks.map(c =>
      c.name === 'crds'
        ? {
            ...c,
            ok: false,
            message:
              'HTTPRoute CRD (gateway.networking.k8s.io/v1) not installed',
          }
        : c,
    ),
  };
}
