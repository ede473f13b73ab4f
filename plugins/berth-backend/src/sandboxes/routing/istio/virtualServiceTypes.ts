/**
 * The parts of Istio's VirtualService (networking.istio.io/v1) that
 * sandbox routing reads and writes.
 */

export const VIRTUAL_SERVICE_API_VERSION = 'networking.istio.io/v1';
/** The reserved gateway name of sidecar (east-west) traffic. */
export const MESH_GATEWAY = 'mesh';

export type StringMatch = { exact?: string; prefix?: string; regex?: string };

export interface IstioHttpMatch {
  name?: string;
  uri?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  gateways?: string[];
  [field: string]: unknown;
}

export interface IstioDestination {
  host: string;
  subset?: string;
  port?: { number: number };
}

export interface IstioRouteDestination {
  destination: IstioDestination;
  weight?: number;
  [field: string]: unknown;
}

export interface IstioHttpRoute {
  name?: string;
  match?: IstioHttpMatch[];
  route?: IstioRouteDestination[];
  delegate?: unknown;
  redirect?: unknown;
  [field: string]: unknown;
}

export interface VirtualService {
  apiVersion: string;
  kind: 'VirtualService';
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    resourceVersion?: string;
    creationTimestamp?: Date;
  };
  spec: {
    hosts?: string[];
    gateways?: string[];
    http?: IstioHttpRoute[];
    [field: string]: unknown;
  };
  status?: {
    conditions?: Array<{ type: string; status: string; message?: string }>;
    validationMessages?: Array<{
      level?: string;
      type?: { code?: string };
      documentationUrl?: string;
    }>;
  };
}

/** The gateways a VirtualService is bound to (`mesh` when none is named). */
export function boundGateways(vs: VirtualService): string[] {
  return vs.spec.gateways?.length ? vs.spec.gateways : [MESH_GATEWAY];
}

/**
 * A destination or host name as a FQDN: short (`cart`) and
 * namespace-qualified (`cart.shop`) names are resolved in `namespace`.
 */
export function serviceFqdn(
  host: string,
  namespace: string,
  clusterDomain = 'cluster.local',
): string {
  const parts = host.toLowerCase().split('.');
  if (parts.length === 1)
    return `${parts[0]}.${namespace}.svc.${clusterDomain}`;
  if (parts.length === 2) return `${parts[0]}.${parts[1]}.svc.${clusterDomain}`;
  if (parts.length === 3 && parts[2] === 'svc') {
    return `${host.toLowerCase()}.${clusterDomain}`;
  }
  return host.toLowerCase();
}
