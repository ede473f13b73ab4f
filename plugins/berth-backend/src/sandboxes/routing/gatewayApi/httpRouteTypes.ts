/**
 * The parts of Gateway API v1 HTTPRoute and ReferenceGrant that sandbox
 * routing reads and writes (gateway.networking.k8s.io/v1, standard channel).
 */

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const HTTP_ROUTE_API_VERSION = `${GATEWAY_API_GROUP}/v1`;
export const REFERENCE_GRANT_API_VERSION = `${GATEWAY_API_GROUP}/v1beta1`;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: Date;
  resourceVersion?: string;
}

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export type PathMatchType = 'Exact' | 'PathPrefix' | 'RegularExpression';
export type StringMatchType = 'Exact' | 'RegularExpression';

export interface HTTPHeaderMatch {
  type?: StringMatchType;
  name: string;
  value: string;
}

export interface HTTPRouteMatch {
  path?: { type?: PathMatchType; value?: string };
  headers?: HTTPHeaderMatch[];
  queryParams?: HTTPHeaderMatch[];
  method?: string;
}

export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
  filters?: unknown[];
}

export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: unknown[];
  backendRefs?: BackendRef[];
  timeouts?: unknown;
  [field: string]: unknown;
}

export interface RouteCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface HTTPRoute {
  apiVersion: string;
  kind: 'HTTPRoute';
  metadata: ObjectMeta;
  spec: {
    parentRefs?: ParentReference[];
    hostnames?: string[];
    rules?: HTTPRouteRule[];
  };
  status?: {
    parents?: Array<{
      parentRef: ParentReference;
      controllerName?: string;
      conditions?: RouteCondition[];
    }>;
  };
}

export interface ReferenceGrant {
  apiVersion: string;
  kind: 'ReferenceGrant';
  metadata: ObjectMeta;
  spec: {
    from: Array<{ group: string; kind: string; namespace: string }>;
    to: Array<{ group: string; kind: string; name?: string }>;
  };
}

/** Whether a parentRef names a Service (a GAMMA, east-west route). */
export function isServiceParent(parent: ParentReference): boolean {
  return (
    (parent.group ?? GATEWAY_API_GROUP) === '' && parent.kind === 'Service'
  );
}

/** Whether a backendRef names a core Service (the default). */
export function isServiceBackend(ref: BackendRef): boolean {
  return (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service';
}

/** The match of a rule without matches: every path. */
export const DEFAULT_MATCH: HTTPRouteMatch = {
  path: { type: 'PathPrefix', value: '/' },
};

/** Gateway API limits of one HTTPRoute (CRD maxItems). */
export const MAX_RULES_PER_ROUTE = 16;
export const MAX_MATCHES_PER_RULE = 64;
export const MAX_HEADER_MATCHES = 16;
