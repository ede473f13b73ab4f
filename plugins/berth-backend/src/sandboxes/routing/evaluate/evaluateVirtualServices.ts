import { ISTIO_ROUTE_PREFIX } from '../istio/planVirtualServices';
import { SANDBOX_LABEL } from '../routingNames';
import {
  boundGateways,
  IstioHttpMatch,
  IstioHttpRoute,
  MESH_GATEWAY,
  serviceFqdn,
  StringMatch,
  VirtualService,
} from '../istio/virtualServiceTypes';
import {
  bareHost,
  EvaluatedBackend,
  headerValue,
  hostnameCovers,
  HttpRequestCase,
  RouteDecision,
} from './httpRequest';
import {
  applyIstioHeaderOperations,
  IstioHeaderOperations,
} from './applyIstioHeaderOperations';

/** Istio (RE2 via Envoy) matches a regex against the whole value. */
function stringMatches(match: StringMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (match.exact !== undefined) return value === match.exact;
  if (match.prefix !== undefined) return value.startsWith(match.prefix);
  if (match.regex !== undefined) {
    try {
      return new RegExp(`^(?:${match.regex})$`).test(value);
    } catch {
      return false;
    }
  }
  return true;
}

function blockMatches(
  block: IstioHttpMatch,
  request: HttpRequestCase,
  gateway: string,
): boolean {
  if (block.gateways?.length && !block.gateways.includes(gateway)) return false;
  if (block.uri && !stringMatches(block.uri, request.path)) return false;
  if (block.method && !stringMatches(block.method, request.method ?? 'GET')) {
    return false;
  }
  if (block.authority && !stringMatches(block.authority, request.host)) {
    return false;
  }
  for (const [name, match] of Object.entries(block.headers ?? {})) {
    if (!stringMatches(match, headerValue(request.headers, name))) return false;
  }
  for (const [name, match] of Object.entries(block.withoutHeaders ?? {})) {
    if (stringMatches(match, headerValue(request.headers, name))) return false;
  }
  for (const [name, match] of Object.entries(block.queryParams ?? {})) {
    if (!stringMatches(match, request.query?.[name])) return false;
  }
  return true;
}

/** The sandbox of a route Berth added (`berth-sbx.<sandbox>.…`). */
function sandboxOfRoute(name: string | undefined): string | undefined {
  if (!name?.startsWith(ISTIO_ROUTE_PREFIX)) return undefined;
  return name.slice(ISTIO_ROUTE_PREFIX.length).split('.')[0] || undefined;
}

function destinationsOf(
  route: IstioHttpRoute,
  namespace: string,
): EvaluatedBackend[] {
  return (route.route ?? []).map(d => {
    const fqdn = serviceFqdn(d.destination.host, namespace);
    const [name, destinationNamespace] = fqdn.split('.');
    return {
      name,
      namespace: destinationNamespace,
      ...(d.destination.port && { port: d.destination.port.number }),
      weight: d.weight ?? 100,
      ...(route.delegate || route.redirect
        ? { refused: 'a delegate or redirect: not evaluated' }
        : {}),
    };
  });
}

function hostCovered(vs: VirtualService, host: string, gateway: string) {
  const namespace = vs.metadata.namespace ?? 'default';
  return (vs.spec.hosts ?? []).some(h => {
    // Sidecars resolve short Service names; gateways compare host names.
    if (gateway === MESH_GATEWAY && !h.startsWith('*')) {
      return serviceFqdn(h, namespace) === serviceFqdn(host, namespace);
    }
    return hostnameCovers(h, host);
  });
}

/**
 * The VirtualServices bound to `gateway` whose hosts cover `host`, in the
 * order Istio merges them (oldest first).
 */
export function virtualServicesFor(
  virtualServices: VirtualService[],
  host: string,
  gateway: string = MESH_GATEWAY,
): VirtualService[] {
  const bare = bareHost(host);
  return virtualServices
    .filter(vs => {
      const namespace = vs.metadata.namespace ?? 'default';
      return boundGateways(vs).some(g =>
        g === MESH_GATEWAY || g.includes('/')
          ? g === gateway
          : `${namespace}/${g}` === gateway,
      );
    })
    .filter(vs => hostCovered(vs, bare, gateway))
    .sort(
      (a, b) =>
        new Date(a.metadata.creationTimestamp ?? 0).getTime() -
          new Date(b.metadata.creationTimestamp ?? 0).getTime() ||
        a.metadata.name.localeCompare(b.metadata.name),
    );
}

/**
 * Which destinations a request reaches through VirtualServices: those bound
 * to `gateway` (`mesh` for sidecars, else `<namespace>/<name>` of an
 * ingress gateway) whose hosts cover the request's host, oldest first; the
 * first http route with a matching block (or none) decides. `undefined`
 * when no route matches (a 404; with no VirtualService at all, the caller
 * reaches the Service itself).
 */
export function evaluateVirtualServices(
  virtualServices: VirtualService[],
  request: HttpRequestCase,
  gateway: string = MESH_GATEWAY,
): RouteDecision | undefined {
  const bound = virtualServicesFor(virtualServices, request.host, gateway);
  const candidates: string[] = [];
  let decision: RouteDecision | undefined;
  for (const vs of bound) {
    const namespace = vs.metadata.namespace ?? 'default';
    const http = vs.spec.http ?? [];
    for (let index = 0; index < http.length; index++) {
      const route = http[index];
      const blocks = route.match?.length ? route.match : [{}];
      const block = blocks.findIndex(b => blockMatches(b, request, gateway));
      if (block < 0) continue;
      const label = `${namespace}/${vs.metadata.name} http[${index}]${
        route.name ? ` (${route.name})` : ''
      }`;
      candidates.push(`${label} match ${block}`);
      if (decision) continue;
      const sandbox =
        sandboxOfRoute(route.name) ?? vs.metadata.labels?.[SANDBOX_LABEL];
      // What the destination gets: the route's `headers.request` applied
      // (a preview route sets the key for the next hops).
      const headers = request.headers ?? {};
      const forwarded = applyIstioHeaderOperations(
        headers,
        (route.headers as { request?: IstioHeaderOperations } | undefined)
          ?.request,
      );
      const changed = JSON.stringify(forwarded) !== JSON.stringify(headers);
      decision = {
        ...(sandbox && { sandbox }),
        backends: destinationsOf(route, namespace),
        matched: label,
        reason: `${label} is the first route whose match ${block} matches (routes are first-match)`,
        candidates,
        ...(changed && { requestHeaders: forwarded }),
      };
    }
  }
  return decision;
}
