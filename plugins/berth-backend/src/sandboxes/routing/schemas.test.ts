import Ajv, { ValidateFunction } from 'ajv';
import {
  fork,
  cartMeshRoute,
  gatewayObject,
  cartMeshVirtualService,
  shopRoute,
  shopVirtualService,
  BASE_NAMESPACE,
} from './__fixtures__/shopBase';
import httpRouteCrd from './__fixtures__/crdSchemas/httproute-v1.json';
import referenceGrantCrd from './__fixtures__/crdSchemas/referencegrant-v1beta1.json';
import virtualServiceCrd from './__fixtures__/crdSchemas/virtualservice-v1.json';
import { planGatewayRoutes } from './gatewayApi/planGatewayRoutes';
import { HTTPRoute } from './gatewayApi/httpRouteTypes';
import { applyVirtualServicePatches } from './istio/applyVirtualServicePatches';
import { planPreviewVirtualServices } from './istio/planPreviewVirtualServices';
import { planVirtualServices } from './istio/planVirtualServices';

// Kubernetes structural schemas: x-kubernetes-* keywords and formats such
// as int32 are not Ajv's; types, enums, patterns and limits are checked.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

function validator(crd: { openAPIV3Schema: object }): ValidateFunction {
  return ajv.compile(crd.openAPIV3Schema);
}

const validate = {
  HTTPRoute: validator(httpRouteCrd),
  ReferenceGrant: validator(referenceGrantCrd),
  VirtualService: validator(virtualServiceCrd),
};

function expectValid(object: { kind: string }) {
  const check = validate[object.kind as keyof typeof validate];
  const valid = check(JSON.parse(JSON.stringify(object)));
  expect({ object, errors: valid ? [] : check.errors }).toEqual({
    object,
    errors: [],
  });
}

function gatewayPlan(
  sandbox: string,
  services: string[],
  baseRoutes: HTTPRoute[],
) {
  return planGatewayRoutes({
    sandbox,
    sandboxNamespace: `shop-${sandbox}`,
    baseNamespace: BASE_NAMESPACE,
    forks: services.map(service => fork(sandbox, service)),
    baseRoutes,
    gateways: [gatewayObject()],
  });
}

describe('the objects the drivers write are valid against the real CRD schemas', () => {
  it('records where the schemas come from', () => {
    expect(httpRouteCrd.source).toMatch(
      /^sigs\.k8s\.io\/gateway-api@v1\.6\.3 /,
    );
    expect(virtualServiceCrd.source).toMatch(/^istio\.io\/api@v1\.31\.1 /);
  });

  it('HTTPRoutes and ReferenceGrants (north-south, GAMMA, preview, split, weighted)', () => {
    const weighted = shopRoute();
    weighted.spec.rules![0].backendRefs = [
      { name: 'cart', port: 80, weight: 90 },
      { name: 'cart-canary', port: 80, weight: 10 },
    ];
    const many = shopRoute();
    many.metadata.name = 'many';
    many.spec.rules = Array.from({ length: 12 }, (_, i) => ({
      matches: [
        {
          path: { type: 'PathPrefix' as const, value: `/p${i}` },
          method: 'GET',
        },
        {
          path: { type: 'Exact' as const, value: `/q${i}` },
          queryParams: [{ name: 'v', value: String(i) }],
          headers: [{ name: 'x-tenant', value: 'a' }],
        },
      ],
      filters: [
        {
          type: 'RequestHeaderModifier',
          requestHeaderModifier: { set: [{ name: 'x-from', value: 'gw' }] },
        },
      ],
      backendRefs: [{ name: 'cart', port: 80 }],
    }));
    const plans = [
      gatewayPlan('alice', ['cart'], [shopRoute(), cartMeshRoute()]),
      gatewayPlan('bob', ['cart', 'frontend'], [weighted, many]),
    ];
    const objects = plans.flatMap(p => [...p.routes, ...p.referenceGrants]);
    expect(objects.map(o => o.kind)).toEqual(
      expect.arrayContaining(['HTTPRoute', 'ReferenceGrant']),
    );
    expect(objects.length).toBeGreaterThan(4);
    // The preview routes, one with the key merged into the rules' own modifier.
    expect(
      objects
        .filter(o => o.metadata.labels?.['berth.dev/sandbox-preview'])
        .map(o => `${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual([
      'shop-alice/berth-sbx-alice-preview-shop',
      'shop-bob/berth-sbx-bob-preview-many',
      'shop-bob/berth-sbx-bob-preview-shop',
    ]);
    objects.forEach(expectValid);
  });

  it('VirtualServices with two sandboxes’ routes', () => {
    let vss = [shopVirtualService(), cartMeshVirtualService()];
    for (const [sandbox, services] of [
      ['alice', ['cart']],
      ['bob', ['cart', 'frontend']],
    ] as const) {
      vss = applyVirtualServicePatches(
        vss,
        planVirtualServices({
          sandbox,
          baseNamespace: BASE_NAMESPACE,
          forks: services.map(service => fork(sandbox, service)),
          virtualServices: vss,
        }).patches,
      );
    }
    // shop: 4 + alice 4 + bob 6; cart: 1 + 2 + 2.
    expect(vss.flatMap(vs => vs.spec.http!).length).toBe(19);
    vss.forEach(expectValid);
    const previews = planPreviewVirtualServices({
      sandbox: 'bob',
      sandboxNamespace: 'shop-bob',
      baseNamespace: BASE_NAMESPACE,
      forks: ['cart', 'frontend'].map(service => fork('bob', service)),
      virtualServices: vss,
    }).virtualServices;
    expect(previews.map(vs => vs.spec.hosts)).toEqual([
      ['bob.shop.localtest.me'],
    ]);
    previews.forEach(expectValid);
  });

  it('refuses what the schemas refuse (the check checks)', () => {
    const route = gatewayPlan('alice', ['cart'], [shopRoute()]).routes[0];
    route.spec.rules![0].matches![0].headers![0].type = 'Regex' as never;
    expect(validate.HTTPRoute(JSON.parse(JSON.stringify(route)))).toBe(false);
    const vs = shopVirtualService();
    (vs.spec.http![0] as { match: unknown }).match = [{ uri: 'not-a-match' }];
    expect(validate.VirtualService(JSON.parse(JSON.stringify(vs)))).toBe(false);
  });
});
