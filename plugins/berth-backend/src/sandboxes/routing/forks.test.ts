import { InputError } from '@backstage/errors';
import { BerthSandboxRouting } from '@berth/plugin-berth-node';
import { readForks } from './forks';

const routing = (
  overrides: Partial<BerthSandboxRouting> = {},
): BerthSandboxRouting => ({
  sandbox: 'alice',
  namespace: 'shop-alice',
  base: { environmentId: 'e1', cluster: 'local-east', namespace: 'shop' },
  forks: [
    {
      service: 'cart',
      baseService: 'cart',
      target: 'cart-v2.shop-alice.svc.cluster.local',
    },
  ],
  ...overrides,
});

describe('readForks', () => {
  it('reads the fork Service and namespace from the target FQDN', () => {
    expect(readForks(routing())).toEqual([
      {
        baseService: 'cart',
        forkService: 'cart-v2',
        forkNamespace: 'shop-alice',
        forkFqdn: 'cart-v2.shop-alice.svc.cluster.local',
      },
    ]);
  });

  it.each<[string, Partial<BerthSandboxRouting>, string]>([
    [
      'a sandbox name not a DNS label',
      { sandbox: 'Alice' },
      "Invalid sandbox name 'Alice'",
    ],
    [
      'the base namespace as sandbox namespace',
      { namespace: 'shop' },
      "is the base's namespace",
    ],
    [
      'a bad namespace',
      { namespace: 'shop_alice' },
      "Invalid sandbox namespace 'shop_alice'",
    ],
    [
      'a target in another namespace',
      {
        forks: [
          {
            service: 'cart',
            baseService: 'cart',
            target: 'cart.shop.svc.cluster.local',
          },
        ],
      },
      "Invalid target 'cart.shop.svc.cluster.local' of fork 'cart'",
    ],
    [
      'a target that is not a Service FQDN',
      { forks: [{ service: 'cart', baseService: 'cart', target: 'cart' }] },
      "Invalid target 'cart'",
    ],
    [
      'a base Service forked twice',
      {
        forks: [
          {
            service: 'a',
            baseService: 'cart',
            target: 'a.shop-alice.svc.cluster.local',
          },
          {
            service: 'b',
            baseService: 'cart',
            target: 'b.shop-alice.svc.cluster.local',
          },
        ],
      },
      "The base Service 'cart' is forked twice",
    ],
    [
      'a bad base Service',
      {
        forks: [
          {
            service: 'cart',
            baseService: 'Cart',
            target: 'cart.shop-alice.svc.cluster.local',
          },
        ],
      },
      "Invalid base Service 'Cart'",
    ],
  ])('refuses %s', (_what, overrides, message) => {
    expect(() => readForks(routing(overrides))).toThrow(InputError);
    expect(() => readForks(routing(overrides))).toThrow(message);
  });
});
