import {
  BackendRef,
  DEFAULT_MATCH,
  GATEWAY_API_GROUP,
  HTTPRoute,
  HTTPRouteMatch,
  isServiceBackend,
  ParentReference,
  ReferenceGrant,
} from '../gatewayApi/httpRouteTypes';
import { applyHeaderModifiers } from '../gatewayApi/requestHeaderModifier';
import { SANDBOX_LABEL } from '../routingNames';
import {
  bareHost,
  EvaluatedBackend,
  headerValue,
  hostnameCovers,
  HttpRequestCase,
  RouteDecision,
} from './httpRequest';

/** The parent the routes attach to: a Gateway, or a Service (GAMMA). */
export interface RouteParent {
  group?: string;
  kind?: string;
  namespace: string;
  name: string;
}

interface Candidate {
  route: HTTPRoute;
  routeId: string;
  rule: number;
  match: number;
  pathRank: number;
  pathLength: number;
  hasMethod: number;
  headerCount: number;
  queryCount: number;
  created: number;
}

function attachesTo(
  ref: ParentReference,
  routeNamespace: string,
  parent: RouteParent,
): boolean {
  return (
    (ref.group ?? GATEWAY_API_GROUP) === (parent.group ?? GATEWAY_API_GROUP) &&
    (ref.kind ?? 'Gateway') === (parent.kind ?? 'Gateway') &&
    (ref.namespace ?? routeNamespace) === parent.namespace &&
    ref.name === parent.name
  );
}

/** Path prefix by path elements: `/api` covers `/api` and `/api/x`, not `/apix`. */
function prefixCovers(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' || path === trimmed || path.startsWith(`${trimmed}/`);
}

/** Regular expressions search the value (Traefik's semantics; Berth's are anchored). */
function search(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return false;
  }
}

function matches(match: HTTPRouteMatch, request: HttpRequestCase): boolean {
  const path = match.path ?? DEFAULT_MATCH.path!;
  const value = path.value ?? '/';
  const type = path.type ?? 'PathPrefix';
  if (type === 'Exact' && request.path !== value) return false;
  if (type === 'PathPrefix' && !prefixCovers(value, request.path)) return false;
  if (type === 'RegularExpression' && !search(value, request.path))
    return false;
  if (match.method && match.method !== (request.method ?? 'GET')) return false;
  for (const header of match.headers ?? []) {
    const actual = headerValue(request.headers, header.name);
    if (actual === undefined) return false;
    if ((header.type ?? 'Exact') === 'Exact' && actual !== header.value) {
      return false;
    }
    if (header.type === 'RegularExpression' && !search(header.value, actual)) {
      return false;
    }
  }
  for (const param of match.queryParams ?? []) {
    const actual = request.query?.[param.name];
    if (actual === undefined) return false;
    if ((param.type ?? 'Exact') === 'Exact' && actual !== param.value) {
      return false;
    }
    if (param.type === 'RegularExpression' && !search(param.value, actual)) {
      return false;
    }
  }
  return true;
}

function pathRank(match: HTTPRouteMatch): number {
  const type = match.path?.type ?? 'PathPrefix';
  if (type === 'Exact') return 2;
  return type === 'PathPrefix' ? 1 : 0;
}

function createdAt(route: HTTPRoute): number {
  const stamp = route.metadata.creationTimestamp;
  if (stamp === undefined) return Number.MAX_SAFE_INTEGER;
  const time = new Date(stamp).getTime();
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}

/** Gateway API precedence: the candidate that wins sorts first. */
function compare(a: Candidate, b: Candidate): number {
  return (
    b.pathRank - a.pathRank ||
    b.pathLength - a.pathLength ||
    b.hasMethod - a.hasMethod ||
    b.headerCount - a.headerCount ||
    b.queryCount - a.queryCount ||
    a.created - b.created ||
    a.routeId.localeCompare(b.routeId) ||
    a.rule - b.rule ||
    a.match - b.match
  );
}

function grantAllows(
  grants: ReferenceGrant[],
  fromNamespace: string,
  ref: BackendRef,
  toNamespace: string,
): boolean {
  return grants.some(
    grant =>
      grant.metadata.namespace === toNamespace &&
      grant.spec.from.some(
        from =>
          from.group === GATEWAY_API_GROUP &&
          from.kind === 'HTTPRoute' &&
          from.namespace === fromNamespace,
      ) &&
      grant.spec.to.some(
        to =>
          to.group === '' &&
          to.kind === 'Service' &&
          (to.name === undefined || to.name === ref.name),
      ),
  );
}

/** Why the data plane would refuse a backend, if it would. */
function refusal(
  ref: BackendRef,
  routeNamespace: string,
  namespace: string,
  grants: ReferenceGrant[],
): string | undefined {
  if (!isServiceBackend(ref)) {
    return `backend kind '${ref.kind}' is not a Service`;
  }
  if (
    namespace !== routeNamespace &&
    !grantAllows(grants, routeNamespace, ref, namespace)
  ) {
    return `no ReferenceGrant in '${namespace}' lets HTTPRoutes of '${routeNamespace}' reach Service '${ref.name}'`;
  }
  return undefined;
}

function describe(candidate: Candidate): string {
  return `${candidate.routeId} rule ${candidate.rule} match ${candidate.match}`;
}

function reasonOf(winner: Candidate, runnerUp?: Candidate): string {
  if (!runnerUp) return `${describe(winner)} is the only match`;
  const steps: Array<[keyof Candidate, string]> = [
    ['pathRank', 'an exact path beats a prefix'],
    ['pathLength', 'the longer path prefix wins'],
    ['hasMethod', 'a method match wins'],
    ['headerCount', 'more header matches win'],
    ['queryCount', 'more query matches win'],
    ['created', 'the older route wins'],
    ['routeId', 'the first route by namespace/name wins'],
  ];
  const step = steps.find(([field]) => winner[field] !== runnerUp[field]);
  return `${describe(winner)} wins over ${describe(runnerUp)}: ${
    step?.[1] ?? 'the first rule in the route wins'
  }`;
}

/**
 * Which backends a request reaches through the HTTPRoutes of one parent, by
 * the Gateway API precedence: exact path, longest prefix, method, most
 * header matches, most query matches, oldest route, route by
 * namespace/name, rule and match order. `undefined` when no rule matches
 * (a 404). Cross-namespace backends need a ReferenceGrant of `grants`.
 */
export function evaluateHttpRoutes(
  routes: HTTPRoute[],
  parent: RouteParent,
  request: HttpRequestCase,
  grants: ReferenceGrant[] = [],
): RouteDecision | undefined {
  const host = bareHost(request.host);
  const candidates: Candidate[] = [];
  for (const route of routes) {
    const namespace = route.metadata.namespace ?? 'default';
    if (
      !(route.spec.parentRefs ?? []).some(ref =>
        attachesTo(ref, namespace, parent),
      )
    ) {
      continue;
    }
    const hostnames = route.spec.hostnames ?? [];
    if (hostnames.length && !hostnames.some(h => hostnameCovers(h, host))) {
      continue;
    }
    (route.spec.rules ?? []).forEach((rule, ruleIndex) => {
      const ruleMatches = rule.matches?.length ? rule.matches : [DEFAULT_MATCH];
      ruleMatches.forEach((match, matchIndex) => {
        if (!matches(match, request)) return;
        candidates.push({
          route,
          routeId: `${namespace}/${route.metadata.name}`,
          rule: ruleIndex,
          match: matchIndex,
          pathRank: pathRank(match),
          pathLength: (match.path?.value ?? '/').length,
          hasMethod: match.method ? 1 : 0,
          headerCount: match.headers?.length ?? 0,
          queryCount: match.queryParams?.length ?? 0,
          created: createdAt(route),
        });
      });
    });
  }
  if (candidates.length === 0) return undefined;
  candidates.sort(compare);
  const [winner] = candidates;
  const routeNamespace = winner.route.metadata.namespace ?? 'default';
  const rule = winner.route.spec.rules![winner.rule];
  const backends: EvaluatedBackend[] = (rule.backendRefs ?? []).map(ref => {
    const namespace = ref.namespace ?? routeNamespace;
    const refused = refusal(ref, routeNamespace, namespace, grants);
    return {
      name: ref.name,
      namespace,
      ...(ref.port !== undefined && { port: ref.port }),
      weight: ref.weight ?? 1,
      ...(refused && { refused }),
    };
  });
  const sandbox = winner.route.metadata.labels?.[SANDBOX_LABEL];
  const headers = request.headers ?? {};
  const forwarded = applyHeaderModifiers(headers, rule.filters);
  const changed = JSON.stringify(forwarded) !== JSON.stringify(headers);
  const runnerUp = candidates.find(
    c => c.route !== winner.route || c.rule !== winner.rule,
  );
  return {
    backends,
    matched: `${winner.routeId} rule ${winner.rule}`,
    reason: reasonOf(winner, runnerUp),
    candidates: candidates.map(describe),
    ...(sandbox && { sandbox }),
    ...(changed && { requestHeaders: forwarded }),
  };
}
