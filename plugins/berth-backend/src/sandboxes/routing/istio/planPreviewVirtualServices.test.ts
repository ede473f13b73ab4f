import {
  BASE_NAMESPACE,
  cartMeshVirtualService,
  fork,
  shopVirtualService,
} from '../__fixtures__/shopBase';
import { planPreviewVirtualServices } from './planPreviewVirtualServices';
import { planVirtualServices } from './planVirtualServices';
import { applyVirtualServicePatches } from './applyVirtualServicePatches';
import { VirtualService } from './virtualServiceTypes';

const setKey = { request: { set: { 'x-env': 'alice' } } };

function previewFor(services: string[], virtualServices: VirtualService[]) {
  return planPreviewVirtualServices({
    sandbox: 'alice',
    sandboxNamespace: 'shop-alice',
    baseNamespace: BASE_NAMESPACE,
    forks: services.map(service => fork('alice', service)),
    virtualServices,
  });
}

describe('planPreviewVirtualServices', () => {
  it('copies the routes of a gateway VirtualService for <sandbox>.<host>, setting the key; forks to the fork, the rest to the base by FQDN', () => {
    // The base already carries alice's keyed copies: they are not copied again.
    const withCopies = applyVirtualServicePatches(
      [shopVirtualService(), cartMeshVirtualService()],
      planVirtualServices({
        sandbox: 'alice',
        baseNamespace: BASE_NAMESPACE,
        forks: [fork('alice', 'cart')],
        virtualServices: [shopVirtualService(), cartMeshVirtualService()],
      }).patches,
    );
    const plan = previewFor(['cart'], withCopies);
    expect(plan.warnings).toEqual([]);
    expect(plan.hosts).toEqual(['alice.shop.localtest.me']);
    expect(plan.virtualServices).toEqual([
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
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
          hosts: ['alice.shop.localtest.me'],
          gateways: ['berth-gateway/berth'],
          http: [
            {
              name: 'special',
              match: [{ uri: { prefix: '/api/cart/special' } }],
              headers: setKey,
              route: [
                {
                  destination: {
                    host: 'cart-special.shop.svc.cluster.local',
                    port: { number: 80 },
                  },
                },
              ],
            },
            {
              name: 'checkout',
              match: [
                {
                  uri: { exact: '/api/cart/checkout' },
                  method: { exact: 'POST' },
                },
              ],
              headers: setKey,
              route: [
                {
                  destination: {
                    host: 'cart.shop-alice.svc.cluster.local',
                    port: { number: 80 },
                  },
                },
              ],
            },
            {
              name: 'cart',
              match: [{ uri: { prefix: '/api/cart' } }],
              headers: setKey,
              route: [
                {
                  destination: {
                    host: 'cart.shop-alice.svc.cluster.local',
                    port: { number: 80 },
                  },
                },
              ],
            },
            {
              name: 'frontend',
              headers: setKey,
              route: [
                {
                  destination: {
                    host: 'frontend.shop.svc.cluster.local',
                    port: { number: 80 },
                  },
                },
              ],
            },
          ],
        },
      },
    ]);
  });

  it("merges the key into the route's own header operations, keeps mirrors on the base, drops other gateways' matches", () => {
    const vs = shopVirtualService();
    vs.spec.gateways = ['berth', 'mesh'];
    vs.spec.http = [
      {
        name: 'cart',
        match: [
          { uri: { prefix: '/api/cart' }, gateways: ['mesh'] },
          { uri: { prefix: '/cart' }, gateways: ['shop/berth'] },
          { uri: { prefix: '/c' } },
        ],
        headers: {
          request: {
            set: { 'X-Env': 'prod', 'x-from': 'gw' },
            add: { 'x-env': 'more' },
            remove: ['x-env', 'x-debug'],
          },
          response: { set: { 'x-served-by': 'shop' } },
        },
        mirror: { host: 'cart' },
        route: [{ destination: { host: 'cart', subset: 'v1' } }],
      },
      {
        name: 'sidecars-only',
        match: [{ uri: { prefix: '/internal' }, gateways: ['mesh'] }],
        route: [{ destination: { host: 'frontend' } }],
      },
      { name: 'delegated', delegate: { name: 'other' } },
    ];
    const plan = previewFor(['cart'], [vs]);
    expect(plan.warnings).toEqual([
      'VirtualService shop/shop route delegated not copied to the preview host: delegated routes are not copied',
    ]);
    const [preview] = plan.virtualServices;
    expect(preview.spec.gateways).toEqual(['shop/berth']);
    expect(preview.spec.http).toEqual([
      {
        name: 'cart',
        match: [{ uri: { prefix: '/cart' } }, { uri: { prefix: '/c' } }],
        headers: {
          request: {
            set: { 'x-from': 'gw', 'x-env': 'alice' },
            remove: ['x-debug'],
          },
          response: { set: { 'x-served-by': 'shop' } },
        },
        mirror: { host: 'cart.shop.svc.cluster.local' },
        route: [{ destination: { host: 'cart.shop-alice.svc.cluster.local' } }],
      },
    ]);
  });

  it('leaves out mesh-only VirtualServices and Service hosts, skips wildcards and opted-out ones with warnings', () => {
    const wildcard = shopVirtualService();
    wildcard.metadata.name = 'wild';
    wildcard.spec.hosts = [
      '*.shop.localtest.me',
      'cart',
      'frontend.shop.svc.cluster.local',
    ];
    const optedOut = shopVirtualService();
    optedOut.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    const plan = previewFor(
      ['cart'],
      [cartMeshVirtualService(), optedOut, wildcard],
    );
    expect(plan.virtualServices).toEqual([]);
    expect(plan.hosts).toEqual([]);
    expect(plan.warnings).toEqual([
      'VirtualService shop/shop is opted out: no preview host for it',
      "VirtualService shop/wild: hostname '*.shop.localtest.me' is a wildcard: no preview host for it",
      "VirtualService shop/wild: host 'cart' names a Service: no preview host for it",
      "VirtualService shop/wild: host 'frontend.shop.svc.cluster.local' names a Service: no preview host for it",
    ]);
  });
});
