import { ForkedServiceRef } from '../forks';
import { X_ENV_HEADER } from '../routingKey';
import {
  BASE_ROUTE_ANNOTATION,
  isOptedOut,
  PREVIEW_LABEL,
  SANDBOX_LABEL,
  sandboxLabels,
  sandboxObjectName,
} from '../routingNames';
import {
  BackendRef,
  HTTP_ROUTE_API_VERSION,
  HTTPRoute,
  HTTPRouteRule,
  isServiceBackend,
  isServiceParent,
  ParentReference,
} from './httpRouteTypes';
import { pinFilterNamespaces, withoutUndefined } from './objectCopies';
import { packRules } from './packRules';
import { parentAdmitsHost, previewHostname } from './previewHosts';
import { withHeaderSet } from './requestHeaderModifier';
import { GatewayListeners } from './sandboxRouteAdmission';

export interface PreviewRoutingInput {
  sandbox: string;
  sandboxNamespace: string;
  baseNamespace: string;
  forks: ForkedServiceRef[];
  /** The HTTPRoutes of the base namespace (Berth's own are ignored). */
  baseRoutes: HTTPRoute[];
  /** The Gateways the base routes attach to (their listeners' hostnames). */
  gateways: GatewayListeners[];
  /** Names the sandbox's other routes take (a preview route avoids them). */
  takenNames?: Set<string>;
}

export interface PreviewRoutingPlan {
  /** HTTPRoutes in the sandbox namespace, one (or more, packed) per base route. */
  routes: HTTPRoute[];
  /** The preview hosts, sorted. */
  hosts: string[];
  /** Base Services the routes reach from the sandbox namespace (a ReferenceGrant). */
  baseServices: string[];
  /** Hostnames and rules without a preview, and why. */
  warnings: string[];
}

function reachesBase(
  route: HTTPRoute,
  routeNamespace: string,
  baseNamespace: string,
) {
  return (route.spec.rules ?? []).some(rule =>
    (rule.backendRefs ?? []).some(
      ref =>
        isServiceBackend(ref) &&
        (ref.namespace ?? routeNamespace) === baseNamespace,
    ),
  );
}

function uniqueName(taken: Set<string>, sandbox: string, parts: string[]) {
  let name = sandboxObjectName(sandbox, ...parts);
  for (let n = 2; taken.has(name); n++) {
    name = sandboxObjectName(sandbox, ...parts, `n${n}`);
  }
  taken.add(name);
  return name;
}

/**
 * The preview routes of a sandbox: for every base HTTPRoute on a Gateway
 * (north-south) that has hostnames and reaches a Service of the base, an
 * HTTPRoute in the sandbox namespace for `<sandbox>.<hostname>` (each
 * hostname the Gateway's listeners admit; not wildcards) with the base
 * route's rules, each with a RequestHeaderModifier that sets
 * `x-env: <sandbox>` (so the next hops route by the key too); backends the
 * fork for a forked Service, else the base's Service (namespace set: a
 * ReferenceGrant in the base namespace lets the route reach it).
 */
export function planPreviewRoutes(
  input: PreviewRoutingInput,
): PreviewRoutingPlan {
  const { sandbox, sandboxNamespace, baseNamespace } = input;
  const forkOf = new Map(input.forks.map(fork => [fork.baseService, fork]));
  const labels = {
    ...sandboxLabels(sandbox, baseNamespace),
    [PREVIEW_LABEL]: 'true',
  };
  const taken = new Set(input.takenNames ?? []);
  const plan: PreviewRoutingPlan = {
    routes: [],
    hosts: [],
    baseServices: [],
    warnings: [],
  };
  const hosts = new Set<string>();
  const baseServices = new Set<string>();
  const sorted = [...input.baseRoutes].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const base of sorted) {
    if (base.metadata.labels?.[SANDBOX_LABEL]) continue;
    const routeNamespace = base.metadata.namespace ?? baseNamespace;
    const routeId = `HTTPRoute ${routeNamespace}/${base.metadata.name}`;
    const gatewayParents = (base.spec.parentRefs ?? []).filter(
      parent => !isServiceParent(parent),
    );
    const hostnames = base.spec.hostnames ?? [];
    if (
      gatewayParents.length === 0 ||
      hostnames.length === 0 ||
      !reachesBase(base, routeNamespace, baseNamespace)
    ) {
      continue;
    }
    if (isOptedOut(base.metadata)) {
      plan.warnings.push(`${routeId} is opted out: no preview host for it`);
      continue;
    }
    const admitted: string[] = [];
    const parents = new Set<ParentReference>();
    for (const hostname of hostnames) {
      const preview = previewHostname(sandbox, hostname);
      if ('problem' in preview) {
        plan.warnings.push(`${routeId}: ${preview.problem}`);
        continue;
      }
      const verdicts = gatewayParents.map(parent => ({
        parent,
        verdict: parentAdmitsHost(
          parent,
          routeNamespace,
          input.gateways,
          preview.host,
        ),
      }));
      const admitting = verdicts.filter(v => v.verdict === true);
      if (admitting.length === 0) {
        const why = verdicts.map(v => v.verdict).join('; ');
        plan.warnings.push(
          `${routeId}: no preview host '${preview.host}': ${why}`,
        );
        continue;
      }
      admitting.forEach(v => parents.add(v.parent));
      admitted.push(preview.host);
    }
    if (admitted.length === 0) continue;

    const backendOf = (ref: BackendRef): BackendRef => {
      const filters = pinFilterNamespaces(ref.filters, routeNamespace);
      const namespace = ref.namespace ?? routeNamespace;
      const fork =
        isServiceBackend(ref) && namespace === baseNamespace
          ? forkOf.get(ref.name)
          : undefined;
      if (fork) {
        return withoutUndefined({
          ...ref,
          name: fork.forkService,
          namespace: undefined,
          filters,
        });
      }
      if (isServiceBackend(ref) && namespace === baseNamespace) {
        baseServices.add(ref.name);
      }
      return withoutUndefined({ ...ref, namespace, filters });
    };
    const rules: HTTPRouteRule[] = [];
    (base.spec.rules ?? []).forEach((rule, index) => {
      const filters = withHeaderSet(
        pinFilterNamespaces(rule.filters, routeNamespace),
        { name: X_ENV_HEADER, value: sandbox },
      );
      if (typeof filters === 'string') {
        plan.warnings.push(
          `${routeId} rule ${index} not copied to the preview host: ${filters}`,
        );
        return;
      }
      const { name: _name, ...rest } = rule;
      rules.push(
        withoutUndefined({
          ...rest,
          filters,
          backendRefs: rule.backendRefs?.map(backendOf),
        }),
      );
    });
    if (rules.length === 0) continue;
    admitted.forEach(host => hosts.add(host));
    packRules(rules).forEach((groupRules, part) => {
      plan.routes.push({
        apiVersion: HTTP_ROUTE_API_VERSION,
        kind: 'HTTPRoute',
        metadata: {
          name: uniqueName(taken, sandbox, [
            'preview',
            base.metadata.name,
            ...(part > 0 ? [String(part + 1)] : []),
          ]),
          namespace: sandboxNamespace,
          labels,
          annotations: {
            [BASE_ROUTE_ANNOTATION]: `${routeNamespace}/${base.metadata.name}`,
          },
        },
        spec: {
          parentRefs: gatewayParents
            .filter(parent => parents.has(parent))
            .map(parent => ({
              ...parent,
              namespace: parent.namespace ?? routeNamespace,
            })),
          hostnames: admitted,
          rules: groupRules,
        },
      });
    });
  }
  plan.hosts = [...hosts].sort();
  plan.baseServices = [...baseServices].sort();
  return plan;
}
