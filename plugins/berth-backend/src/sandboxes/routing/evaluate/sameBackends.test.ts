import {
  BASE_NAMESPACE,
  cartMeshRoute,
  cartMeshVirtualService,
  fork,
  GATEWAY,
  shopRoute,
  shopVirtualService,
} from '../__fixtures__/shopBase';
import { routingCases, SANDBOX_FORKS } from '../__fixtures__/routingCases';
import { planGatewayRoutes } from '../gatewayApi/planGatewayRoutes';
import { applyVirtualServicePatches } from '../istio/applyVirtualServicePatches';
import { planVirtualServices } from '../istio/planVirtualServices';
import { VirtualService } from '../istio/virtualServiceTypes';
import { HTTPRoute, ReferenceGrant } from '../gatewayApi/httpRouteTypes';
import { evaluateHttpRoutes } from './evaluateHttpRoutes';
import { evaluateVirtualServices } from './evaluateVirtualServices';
import { HttpRequestCase, RouteDecision } from './httpRequest';

const sandboxes = Object.entries(SANDBOX_FORKS);

function gatewayWorld() {
  const baseRoutes = [shopRoute(), cartMeshRoute()];
  const routes: HTTPRoute[] = [...baseRoutes];
  const grants: ReferenceGrant[] = [];
  for (const [sandbox, services] of sandboxes) {
    const plan = planGatewayRoutes({
      sandbox,
      sandboxNamespace: `shop-${sandbox}`,
      baseNamespace: BASE_NAMESPACE,
      forks: services.map(service => fork(sandbox, service)),
      baseRoutes,
    });
    routes.push(...plan.routes);
    grants.push(...plan.referenceGrants);
  }
  return { routes, grants };
}

function istioWorld(): VirtualService[] {
  let virtualServices = [shopVirtualService(), cartMeshVirtualService()];
  for (const [sandbox, services] of sandboxes) {
    const plan = planVirtualServices({
      sandbox,
      baseNamespace: BASE_NAMESPACE,
      forks: services.map(service => fork(sandbox, service)),
      virtualServices,
    });
    virtualServices = applyVirtualServicePatches(virtualServices, plan.patches);
  }
  return virtualServices;
}

function reached(decision: RouteDecision | undefined): string[] | undefined {
  return decision?.backends.map(b =>
    b.refused ? `refused: ${b.refused}` : `${b.namespace}/${b.name}`,
  );
}

describe('the HTTPRoute and VirtualService drivers reach the same backends', () => {
  const gateway = gatewayWorld();
  const istio = istioWorld();

  it.each(routingCases)('$name', testCase => {
    const request: HttpRequestCase = {
      host:
        testCase.via === 'gateway'
          ? 'shop.localtest.me'
          : 'cart.shop.svc.cluster.local',
      path: testCase.path,
      method: testCase.method,
      headers: testCase.headers,
    };
    const parent =
      testCase.via === 'gateway'
        ? { namespace: GATEWAY.namespace, name: GATEWAY.name }
        : { group: '', kind: 'Service', namespace: 'shop', name: 'cart' };
    const byHttpRoutes = evaluateHttpRoutes(
      gateway.routes,
      parent,
      request,
      gateway.grants,
    );
    const byVirtualServices = evaluateVirtualServices(
      istio,
      request,
      testCase.via === 'gateway'
        ? `${GATEWAY.namespace}/${GATEWAY.name}`
        : 'mesh',
    );
    expect(reached(byHttpRoutes)).toEqual([testCase.expected]);
    expect(reached(byVirtualServices)).toEqual([testCase.expected]);
  });
});
