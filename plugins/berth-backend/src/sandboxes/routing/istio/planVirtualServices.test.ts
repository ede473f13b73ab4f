import {
  BASE_NAMESPACE,
  cartMeshVirtualService,
  fork,
  shopVirtualService,
} from '../__fixtures__/shopBase';
import { baggageRegex } from '../routingKey';
import { applyVirtualServicePatches } from './applyVirtualServicePatches';
import {
  planVirtualServiceRemoval,
  planVirtualServices,
} from './planVirtualServices';
import { VirtualService } from './virtualServiceTypes';

function planFor(
  sandbox: string,
  services: string[],
  virtualServices: VirtualService[],
) {
  return planVirtualServices({
    sandbox,
    baseNamespace: BASE_NAMESPACE,
    forks: services.map(service => fork(sandbox, service)),
    virtualServices,
  });
}

describe('planVirtualServices', () => {
  it('puts two copies with the key before each route that reaches a fork', () => {
    const vs = cartMeshVirtualService();
    vs.metadata.resourceVersion = '42';
    const plan = planFor('alice', ['cart'], [vs]);
    expect(plan.optedOut).toEqual([]);
    expect(plan.notRoutable).toEqual([]);
    expect(plan.unreached).toEqual([]);
    expect(plan.patches).toEqual([
      {
        name: 'cart',
        namespace: 'shop',
        resourceVersion: '42',
        http: [
          {
            name: 'berth-sbx.alice.0.x-env',
            match: [{ headers: { 'x-env': { exact: 'alice' } } }],
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
            name: 'berth-sbx.alice.0.baggage',
            match: [{ headers: { baggage: { regex: baggageRegex('alice') } } }],
            route: [
              {
                destination: {
                  host: 'cart.shop-alice.svc.cluster.local',
                  port: { number: 80 },
                },
              },
            ],
          },
          vs.spec.http![0],
        ],
      },
    ]);
  });

  it("keeps each route's matches and places the copies just before it", () => {
    const plan = planFor('alice', ['cart'], [shopVirtualService()]);
    const names = plan.patches[0].http.map(route => route.name);
    expect(names).toEqual([
      'special',
      'berth-sbx.alice.checkout.x-env',
      'berth-sbx.alice.checkout.baggage',
      'checkout',
      'berth-sbx.alice.cart.x-env',
      'berth-sbx.alice.cart.baggage',
      'cart',
      'frontend',
    ]);
    expect(plan.patches[0].http[1].match).toEqual([
      {
        uri: { exact: '/api/cart/checkout' },
        method: { exact: 'POST' },
        headers: { 'x-env': { exact: 'alice' } },
      },
    ]);
    // Bound only to the ingress gateway: no east-west routing.
    expect(plan.notRoutable).toEqual(['shop/shop']);
  });

  it('changes nothing when called again, and removal restores the original exactly', () => {
    const original = [shopVirtualService(), cartMeshVirtualService()];
    const withAlice = applyVirtualServicePatches(
      original,
      planFor('alice', ['cart'], original).patches,
    );
    const withBoth = applyVirtualServicePatches(
      withAlice,
      planFor('bob', ['cart', 'frontend'], withAlice).patches,
    );
    expect(planFor('alice', ['cart'], withBoth).patches).toEqual([]);
    expect(planFor('bob', ['cart', 'frontend'], withBoth).patches).toEqual([]);
    const withoutAlice = applyVirtualServicePatches(
      withBoth,
      planVirtualServiceRemoval(withBoth, 'alice', BASE_NAMESPACE),
    );
    expect(
      withoutAlice.flatMap(vs => vs.spec.http!.map(r => r.name ?? '')),
    ).not.toContain(expect.stringMatching(/^berth-sbx\.alice\./));
    const withoutBoth = applyVirtualServicePatches(
      withoutAlice,
      planVirtualServiceRemoval(withoutAlice, 'bob', BASE_NAMESPACE),
    );
    expect(withoutBoth).toEqual(original);
    expect(
      planVirtualServiceRemoval(withoutBoth, 'bob', BASE_NAMESPACE),
    ).toEqual([]);
  });

  it("removes only the sandbox's own routes, not a sandbox whose name extends it", () => {
    const original = [cartMeshVirtualService()];
    const withAlice2 = applyVirtualServicePatches(
      original,
      planFor('alice-2', ['cart'], original).patches,
    );
    expect(
      planVirtualServiceRemoval(withAlice2, 'alice', BASE_NAMESPACE),
    ).toEqual([]);
  });

  it('drops the copies when the fork no longer reaches the VirtualService', () => {
    const original = [cartMeshVirtualService()];
    const withAlice = applyVirtualServicePatches(
      original,
      planFor('alice', ['cart'], original).patches,
    );
    const plan = planFor('alice', ['frontend'], withAlice);
    expect(plan.unreached).toEqual(['frontend']);
    expect(plan.patches.map(p => p.http)).toEqual([original[0].spec.http]);
  });

  it('drops the subset of a forked destination and keeps the others', () => {
    const vs = cartMeshVirtualService();
    vs.spec.http![0].route!.push({
      destination: { host: 'cart-legacy', subset: 'old' },
      weight: 10,
    });
    const [copy] = planFor('alice', ['cart'], [vs]).patches[0].http;
    expect(copy.route).toEqual([
      {
        destination: {
          host: 'cart.shop-alice.svc.cluster.local',
          port: { number: 80 },
        },
      },
      { destination: { host: 'cart-legacy', subset: 'old' }, weight: 10 },
    ]);
  });

  it('leaves an opted-out VirtualService alone and reports it', () => {
    const vs = cartMeshVirtualService();
    vs.metadata.annotations = { 'berth.dev/sandbox-routing': 'off' };
    const plan = planFor('alice', ['cart'], [vs]);
    expect(plan.patches).toEqual([]);
    expect(plan.optedOut).toEqual(['shop/cart']);
    expect(plan.unreached).toEqual(['cart']);
  });

  it('skips, and reports, delegated routes and routes already matching the key', () => {
    const vs = cartMeshVirtualService();
    vs.spec.http = [
      {
        name: 'delegated',
        delegate: { name: 'cart-routes' },
        route: [{ destination: { host: 'cart' } }],
      },
      {
        name: 'by-env',
        match: [{ headers: { 'X-Env': { exact: 'staging' } } }],
        route: [{ destination: { host: 'cart' } }],
      },
    ];
    const plan = planFor('alice', ['cart'], [vs]);
    expect(plan.skipped).toEqual([
      {
        virtualService: 'shop/cart',
        route: 'delegated',
        reason: 'delegated routes are not copied',
      },
      {
        virtualService: 'shop/cart',
        route: 'by-env',
        reason: "a match already tests header 'X-Env' (headers)",
      },
    ]);
    expect(plan.patches).toEqual([]);
  });
});
