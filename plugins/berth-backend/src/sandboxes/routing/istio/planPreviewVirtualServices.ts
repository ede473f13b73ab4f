import { ForkedServiceRef } from '../forks';
import { previewHostname } from '../gatewayApi/previewHosts';
import { X_ENV_HEADER } from '../routingKey';
import {
  BASE_ROUTE_ANNOTATION,
  isOptedOut,
  PREVIEW_LABEL,
  sandboxLabels,
  sandboxObjectName,
} from '../routingNames';
import { IstioGateway, istioGatewayAdmits } from './istioGatewayAdmits';
import { ISTIO_ROUTE_PREFIX } from './planVirtualServices';
import {
  boundGateways,
  IstioDestination,
  IstioHttpRoute,
  MESH_GATEWAY,
  serviceFqdn,
  VIRTUAL_SERVICE_API_VERSION,
  VirtualService,
} from './virtualServiceTypes';

export interface PreviewVirtualServiceInput {
  sandbox: string;
  sandboxNamespace: string;
  baseNamespace: string;
  forks: ForkedServiceRef[];
  /** The VirtualServices of the base namespace. */
  virtualServices: VirtualService[];
  /**
   * The Istio Gateways the base VirtualServices name, when the driver could
   * read them: a preview host none of its found Gateways admits from the
   * sandbox namespace is skipped (warning). Left out: not checked.
   */
  istioGateways?: IstioGateway[];
}

export interface PreviewVirtualServicePlan {
  /** VirtualServices in the sandbox namespace, one per gateway-bound base VirtualService. */
  virtualServices: VirtualService[];
  /** The preview hosts, sorted. */
  hosts: string[];
  /** Hosts and routes without a preview, and why. */
  warnings: string[];
}

interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

const isKey = (name: string) => name.toLowerCase() === X_ENV_HEADER;

/** The route's `headers` with `x-env: <sandbox>` set on the request (merged). */
function withKeySet(headers: unknown, sandbox: string) {
  const current = (headers ?? {}) as { request?: HeaderOperations };
  const request = current.request ?? {};
  const keep = (map?: Record<string, string>) =>
    Object.fromEntries(Object.entries(map ?? {}).filter(([n]) => !isKey(n)));
  const add = keep(request.add);
  const remove = (request.remove ?? []).filter(name => !isKey(name));
  return {
    ...current,
    request: {
      set: { ...keep(request.set), [X_ENV_HEADER]: sandbox },
      ...(Object.keys(add).length && { add }),
      ...(remove.length && { remove }),
    },
  };
}

/** `name` or `namespace/name`, as a VirtualService of another namespace must name it. */
function qualified(gateway: string, namespace: string): string {
  return gateway.includes('/') ? gateway : `${namespace}/${gateway}`;
}

/**
 * The Gateways (`ns/name, ...`) that refuse `host` from the sandbox
 * namespace, when every one of them the driver found does; else undefined.
 */
function refusingGateways(
  input: PreviewVirtualServiceInput,
  gateways: string[],
  namespace: string,
  host: string,
): string | undefined {
  if (!input.istioGateways) return undefined;
  const found = gateways
    .map(g => qualified(g, namespace))
    .flatMap(ref =>
      input.istioGateways!.filter(
        g => `${g.metadata.namespace ?? 'default'}/${g.metadata.name}` === ref,
      ),
    );
  if (found.length === 0) return undefined;
  if (found.some(g => istioGatewayAdmits(g, input.sandboxNamespace, host))) {
    return undefined;
  }
  return found
    .map(g => `${g.metadata.namespace ?? 'default'}/${g.metadata.name}`)
    .join(', ');
}

/**
 * The preview VirtualServices of a sandbox: for every VirtualService of the
 * base bound to a gateway (not only `mesh`) with hosts, one in the sandbox
 * namespace for `<sandbox>.<host>` on the same gateways, with copies of its
 * http routes that set `x-env: <sandbox>` on the request
 * (`headers.request.set`); destinations the fork for a forked Service,
 * else the base's Service by its FQDN (short names would resolve in the
 * sandbox namespace). Delegated routes are not copied (reported); match
 * blocks bound to other gateways (or `mesh`) are left out.
 */
export function planPreviewVirtualServices(
  input: PreviewVirtualServiceInput,
): PreviewVirtualServicePlan {
  const { sandbox, sandboxNamespace, baseNamespace } = input;
  const forkByFqdn = new Map(
    input.forks.map(fork => [
      serviceFqdn(fork.baseService, baseNamespace),
      fork,
    ]),
  );
  const labels = {
    ...sandboxLabels(sandbox, baseNamespace),
    [PREVIEW_LABEL]: 'true',
  };
  const plan: PreviewVirtualServicePlan = {
    virtualServices: [],
    hosts: [],
    warnings: [],
  };
  const hosts = new Set<string>();
  const sorted = [...input.virtualServices].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const vs of sorted) {
    const namespace = vs.metadata.namespace ?? baseNamespace;
    const id = `VirtualService ${namespace}/${vs.metadata.name}`;
    const gateways = boundGateways(vs).filter(g => g !== MESH_GATEWAY);
    if (gateways.length === 0 || !vs.spec.hosts?.length) continue;
    if (isOptedOut(vs.metadata)) {
      plan.warnings.push(`${id} is opted out: no preview host for it`);
      continue;
    }
    const previewHosts: string[] = [];
    for (const host of vs.spec.hosts) {
      if (
        !host.includes('.') ||
        serviceFqdn(host, namespace).endsWith('.svc.cluster.local')
      ) {
        plan.warnings.push(
          `${id}: host '${host}' names a Service: no preview host for it`,
        );
        continue;
      }
      const preview = previewHostname(sandbox, host);
      if ('problem' in preview) {
        plan.warnings.push(`${id}: ${preview.problem}`);
        continue;
      }
      const refused = refusingGateways(
        input,
        gateways,
        namespace,
        preview.host,
      );
      if (refused) {
        plan.warnings.push(
          `${id}: no server of the Istio Gateway ${refused} admits '${preview.host}' from namespace '${sandboxNamespace}' (servers[].hosts needs e.g. '*/*.${host}'): no preview host for it`,
        );
        continue;
      }
      previewHosts.push(preview.host);
    }
    if (previewHosts.length === 0) continue;

    const boundHere = new Set(gateways.map(g => qualified(g, namespace)));
    // Istio resolves a name without a dot in the VirtualService's namespace:
    // from the sandbox namespace, the base's Services need their FQDN.
    const atBase = (d: IstioDestination): IstioDestination =>
      d.host.includes('.') ? d : { ...d, host: serviceFqdn(d.host, namespace) };
    const destination = (d: IstioDestination): IstioDestination => {
      const fork = forkByFqdn.get(serviceFqdn(d.host, namespace));
      if (!fork) return atBase(d);
      const { subset: _subset, ...rest } = d;
      return { ...rest, host: fork.forkFqdn };
    };
    const http: IstioHttpRoute[] = [];
    (vs.spec.http ?? []).forEach((route, index) => {
      if (route.name?.startsWith(ISTIO_ROUTE_PREFIX)) return;
      const label = route.name ?? String(index);
      if (route.delegate) {
        plan.warnings.push(
          `${id} route ${label} not copied to the preview host: delegated routes are not copied`,
        );
        return;
      }
      const matches = route.match?.filter(
        match =>
          !match.gateways ||
          match.gateways.some(g => boundHere.has(qualified(g, namespace))),
      );
      // Every match block is for other gateways: not a route of this host.
      if (route.match?.length && !matches?.length) return;
      const copy: IstioHttpRoute = {
        ...route,
        ...(matches && {
          match: matches.map(({ gateways: _gateways, ...match }) => match),
        }),
        headers: withKeySet(route.headers, sandbox),
      };
      if (route.route) {
        copy.route = route.route.map(r => ({
          ...r,
          destination: destination(r.destination),
        }));
      }
      const mirror = route.mirror as IstioDestination | undefined;
      // Mirrors stay the base's, as with the Gateway API driver.
      if (mirror?.host) copy.mirror = atBase(mirror);
      const mirrors = route.mirrors as
        | Array<{ destination: IstioDestination }>
        | undefined;
      if (mirrors) {
        copy.mirrors = mirrors.map(m => ({
          ...m,
          destination: atBase(m.destination),
        }));
      }
      http.push(copy);
    });
    if (http.length === 0) continue;
    previewHosts.forEach(host => hosts.add(host));
    plan.virtualServices.push({
      apiVersion: VIRTUAL_SERVICE_API_VERSION,
      kind: 'VirtualService',
      metadata: {
        name: sandboxObjectName(sandbox, 'preview', vs.metadata.name),
        namespace: sandboxNamespace,
        labels,
        annotations: {
          [BASE_ROUTE_ANNOTATION]: `${namespace}/${vs.metadata.name}`,
        },
      },
      spec: {
        hosts: previewHosts,
        gateways: gateways.map(g => qualified(g, namespace)),
        http,
      },
    });
  }
  plan.hosts = [...hosts].sort();
  return plan;
}
