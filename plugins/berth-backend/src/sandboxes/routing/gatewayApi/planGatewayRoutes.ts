import { ForkedServiceRef } from '../forks';
import {
  BASE_ROUTE_ANNOTATION,
  isOptedOut,
  SANDBOX_LABEL,
  sandboxLabels,
  sandboxObjectName,
} from '../routingNames';
import { BAGGAGE_HEADER, sandboxKeyMatches, X_ENV_HEADER } from '../routingKey';
import {
  BackendRef,
  DEFAULT_MATCH,
  GATEWAY_API_GROUP,
  HTTP_ROUTE_API_VERSION,
  HTTPHeaderMatch,
  HTTPRoute,
  HTTPRouteMatch,
  HTTPRouteRule,
  isServiceBackend,
  isServiceParent,
  MAX_HEADER_MATCHES,
  ParentReference,
  REFERENCE_GRANT_API_VERSION,
  ReferenceGrant,
} from './httpRouteTypes';
import { pinFilterNamespaces, withoutUndefined } from './objectCopies';
import { packRules } from './packRules';
import { planPreviewRoutes } from './planPreviewRoutes';
import { GatewayListeners } from './sandboxRouteAdmission';

export interface GatewayRoutingInput {
  sandbox: string;
  sandboxNamespace: string;
  baseNamespace: string;
  forks: ForkedServiceRef[];
  /** The HTTPRoutes of the base namespace (Berth's own are ignored). */
  baseRoutes: HTTPRoute[];
  /**
   * The Gateways the base routes attach to: with them, the plan has the
   * preview routes too (`planPreviewRoutes`); without, none.
   */
  gateways?: GatewayListeners[];
}

/** A base rule that reaches a fork but could not be copied, and why. */
export interface SkippedRule {
  route: string;
  rule: number;
  reason: string;
}

export interface GatewayRoutingPlan {
  /** North-south routes (sandbox namespace) and GAMMA routes (base namespace). */
  routes: HTTPRoute[];
  referenceGrants: ReferenceGrant[];
  /** Base routes that reach a fork but are opted out (left alone). */
  optedOut: string[];
  skipped: SkippedRule[];
  /** Forked base Services that no base rule reaches. */
  unreached: string[];
  /** The hosts that reach the sandbox with no header (preview routes). */
  previewHosts: string[];
  /** Base hostnames and rules without a preview host, and why. */
  previewWarnings: string[];
}

const MAX_GRANT_TARGETS = 16;

function headerConflict(matches: HTTPRouteMatch[]): string | undefined {
  for (const match of matches) {
    const headers = match.headers ?? [];
    const taken = headers.find(header =>
      [X_ENV_HEADER, BAGGAGE_HEADER].includes(header.name.toLowerCase()),
    );
    if (taken) {
      return `a match of the rule already matches header '${taken.name}'`;
    }
    if (headers.length >= MAX_HEADER_MATCHES) {
      return `a match of the rule has ${headers.length} header matches, the most an HTTPRoute allows`;
    }
  }
  return undefined;
}

function withHeader(
  matches: HTTPRouteMatch[],
  header: HTTPHeaderMatch,
): HTTPRouteMatch[] {
  return matches.map(match => ({
    ...match,
    headers: [...(match.headers ?? []), header],
  }));
}

/**
 * The HTTPRoutes (and ReferenceGrants) that send a sandbox's key to its
 * forks. For every base rule whose backendRefs reach a forked Service: two
 * rules with the base rule's matches (path, method, headers, query), each
 * match with one more header (`x-env` Exact; `baggage` RegularExpression),
 * so they win over the base rule by the Gateway API precedence; backends
 * the fork (the other backends of the rule stay the base's).
 *
 * North-south routes (a Gateway parent) go in the sandbox namespace, GAMMA
 * routes (a Service parent) in the base namespace, with a ReferenceGrant in
 * the sandbox namespace for the forks. Given the Gateways, the preview
 * routes (`<sandbox>.<hostname>`, see `planPreviewRoutes`) too.
 */
export function planGatewayRoutes(
  input: GatewayRoutingInput,
): GatewayRoutingPlan {
  const { sandbox, sandboxNamespace, baseNamespace } = input;
  const forkOf = new Map(input.forks.map(fork => [fork.baseService, fork]));
  const key = sandboxKeyMatches(sandbox);
  const keyHeaders: HTTPHeaderMatch[] = [
    { type: 'Exact', name: key.xEnv.name, value: key.xEnv.value },
    {
      type: 'RegularExpression',
      name: key.baggage.name,
      value: key.baggage.regex,
    },
  ];
  const labels = sandboxLabels(sandbox, baseNamespace);
  const plan: GatewayRoutingPlan = {
    routes: [],
    referenceGrants: [],
    optedOut: [],
    skipped: [],
    unreached: [],
    previewHosts: [],
    previewWarnings: [],
  };
  const reached = new Set<string>();
  // Services the routes reach across namespaces, by the grant's namespace.
  const grantedForks = new Set<string>();
  const grantedBaseServices = new Set<string>();

  const forkedBy = (ref: BackendRef, routeNamespace: string) =>
    isServiceBackend(ref) && (ref.namespace ?? routeNamespace) === baseNamespace
      ? forkOf.get(ref.name)
      : undefined;

  const sorted = [...input.baseRoutes].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const base of sorted) {
    if (base.metadata.labels?.[SANDBOX_LABEL]) continue;
    const routeNamespace = base.metadata.namespace ?? baseNamespace;
    const routeId = `${routeNamespace}/${base.metadata.name}`;
    const rules = base.spec.rules ?? [];
    const forkedRules = rules
      .map((rule, index) => ({ rule, index }))
      .filter(({ rule }) =>
        (rule.backendRefs ?? []).some(ref => forkedBy(ref, routeNamespace)),
      );
    if (forkedRules.length === 0) continue;
    if (isOptedOut(base.metadata)) {
      plan.optedOut.push(routeId);
      continue;
    }
    const copyable = forkedRules.filter(({ rule, index }) => {
      const conflict = headerConflict(rule.matches ?? []);
      if (conflict) {
        plan.skipped.push({ route: routeId, rule: index, reason: conflict });
      }
      return !conflict;
    });
    const parents = base.spec.parentRefs ?? [];
    const placements: Array<{
      parents: ParentReference[];
      namespace: string;
      eastWest: boolean;
    }> = [
      {
        parents: parents.filter(p => !isServiceParent(p)),
        namespace: sandboxNamespace,
        eastWest: false,
      },
      {
        parents: parents.filter(isServiceParent),
        namespace: baseNamespace,
        eastWest: true,
      },
    ];
    for (const placement of placements) {
      if (placement.parents.length === 0) continue;
      const sandboxRules: HTTPRouteRule[] = [];
      for (const { rule } of copyable) {
        const matches = rule.matches?.length ? rule.matches : [DEFAULT_MATCH];
        const backendRefs = (rule.backendRefs ?? []).map(ref => {
          const fork = forkedBy(ref, routeNamespace);
          if (fork) {
            reached.add(fork.baseService);
            if (placement.eastWest) grantedForks.add(fork.forkService);
            return withoutUndefined({
              ...ref,
              name: fork.forkService,
              namespace: placement.eastWest ? fork.forkNamespace : undefined,
            });
          }
          const namespace = ref.namespace ?? routeNamespace;
          if (
            !placement.eastWest &&
            isServiceBackend(ref) &&
            namespace === baseNamespace
          ) {
            grantedBaseServices.add(ref.name);
          }
          return withoutUndefined({
            ...ref,
            namespace,
            filters: pinFilterNamespaces(ref.filters, routeNamespace),
          });
        });
        const { name: _name, matches: _matches, ...rest } = rule;
        for (const header of keyHeaders) {
          sandboxRules.push(
            withoutUndefined({
              ...rest,
              matches: withHeader(matches, header),
              filters: pinFilterNamespaces(rule.filters, routeNamespace),
              backendRefs,
            }),
          );
        }
      }
      if (sandboxRules.length === 0) continue;
      const groups = packRules(sandboxRules);
      groups.forEach((groupRules, part) => {
        plan.routes.push({
          apiVersion: HTTP_ROUTE_API_VERSION,
          kind: 'HTTPRoute',
          metadata: {
            name: sandboxObjectName(
              sandbox,
              base.metadata.name,
              ...(part > 0 ? [String(part + 1)] : []),
            ),
            namespace: placement.namespace,
            labels,
            annotations: { [BASE_ROUTE_ANNOTATION]: routeId },
          },
          spec: withoutUndefined({
            parentRefs: placement.parents.map(parent => ({
              ...parent,
              namespace: parent.namespace ?? routeNamespace,
            })),
            hostnames: placement.eastWest ? undefined : base.spec.hostnames,
            rules: groupRules,
          }),
        });
      });
    }
  }

  if (input.gateways) {
    const preview = planPreviewRoutes({
      sandbox,
      sandboxNamespace,
      baseNamespace,
      forks: input.forks,
      baseRoutes: input.baseRoutes,
      gateways: input.gateways,
      takenNames: new Set(plan.routes.map(route => route.metadata.name)),
    });
    plan.routes.push(...preview.routes);
    preview.baseServices.forEach(service => grantedBaseServices.add(service));
    plan.previewHosts = preview.hosts;
    plan.previewWarnings = preview.warnings;
  }

  const grant = (
    namespace: string,
    fromNamespace: string,
    services: Set<string>,
    suffix: string,
  ) => {
    const names = [...services].sort();
    for (let i = 0; i < names.length; i += MAX_GRANT_TARGETS) {
      const part = i / MAX_GRANT_TARGETS;
      plan.referenceGrants.push({
        apiVersion: REFERENCE_GRANT_API_VERSION,
        kind: 'ReferenceGrant',
        metadata: {
          name: sandboxObjectName(
            sandbox,
            suffix,
            ...(part > 0 ? [String(part + 1)] : []),
          ),
          namespace,
          labels,
        },
        spec: {
          from: [
            {
              group: GATEWAY_API_GROUP,
              kind: 'HTTPRoute',
              namespace: fromNamespace,
            },
          ],
          to: names
            .slice(i, i + MAX_GRANT_TARGETS)
            .map(name => ({ group: '', kind: 'Service', name })),
        },
      });
    }
  };
  grant(sandboxNamespace, baseNamespace, grantedForks, 'from-base');
  grant(baseNamespace, sandboxNamespace, grantedBaseServices, 'to-base');
  plan.unreached = input.forks
    .map(fork => fork.baseService)
    .filter(service => !reached.has(service))
    .sort();
  return plan;
}
