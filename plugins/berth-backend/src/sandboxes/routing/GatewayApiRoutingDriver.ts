import { InputError } from '@backstage/errors';
import { KubernetesObject } from '@kubernetes/client-node';
import {
  BerthBaseReadiness,
  BerthRouteExplanation,
  BerthRouteQuestion,
  BerthRoutesReport,
  BerthRoutingContext,
  BerthRoutingDriver,
  BerthSandboxRouting,
} from '@berth/plugin-berth-node';
import { evaluateHttpRoutes, RouteParent } from './evaluate/evaluateHttpRoutes';
import { headerValue } from './evaluate/httpRequest';
import { readForks } from './forks';
import {
  HTTP_ROUTE_API_VERSION,
  HTTPRoute,
  isServiceBackend,
  isServiceParent,
  REFERENCE_GRANT_API_VERSION,
  ReferenceGrant,
} from './gatewayApi/httpRouteTypes';
import { planGatewayRoutes } from './gatewayApi/planGatewayRoutes';
import {
  GatewayListeners,
  sandboxRouteAdmission,
} from './gatewayApi/sandboxRouteAdmission';
import {
  ObjectKind,
  RoutingObjects,
  RoutingObjectsForCluster,
} from './kube/RoutingObjects';
import { removeLabelled } from './kube/removeLabelled';
import {
  BASE_NAMESPACE_LABEL,
  isOptedOut,
  SANDBOX_LABEL,
  sandboxSelector,
} from './routingNames';
import { X_ENV_HEADER } from './routingKey';
import { workloadsWithoutService } from './workloadsWithoutService';

const HTTP_ROUTE: ObjectKind = {
  apiVersion: HTTP_ROUTE_API_VERSION,
  kind: 'HTTPRoute',
};
const REFERENCE_GRANT: ObjectKind = {
  apiVersion: REFERENCE_GRANT_API_VERSION,
  kind: 'ReferenceGrant',
};
const GATEWAY: ObjectKind = {
  apiVersion: HTTP_ROUTE_API_VERSION,
  kind: 'Gateway',
};

function idOf(object: { metadata: { namespace?: string; name: string } }) {
  return `${object.metadata.namespace}/${object.metadata.name}`;
}

/**
 * Routes sandboxes with Gateway API HTTPRoutes: north-south routes through
 * a Gateway (in the sandbox's namespace) and GAMMA routes with a Service
 * parent (in the base's namespace). See `README.md`.
 */
export class GatewayApiRoutingDriver implements BerthRoutingDriver {
  readonly name = 'Gateway API HTTPRoute';
  readonly description =
    'Sandbox routes as HTTPRoutes that copy the base rules and add the header match (north-south and GAMMA)';

  constructor(private readonly objectsFor: RoutingObjectsForCluster) {}

  private async requireCrds(objects: RoutingObjects) {
    for (const kind of [HTTP_ROUTE, REFERENCE_GRANT]) {
      if (!(await objects.serves(kind))) {
        throw new InputError(
          `The cluster does not serve ${kind.kind} (${kind.apiVersion}): install the Gateway API CRDs`,
        );
      }
    }
  }

  private async baseRoutes(objects: RoutingObjects, namespace: string) {
    const routes = await objects.list<HTTPRoute>(HTTP_ROUTE, namespace);
    return routes
      .filter(route => !route.metadata.labels?.[SANDBOX_LABEL])
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /** The Gateways the base routes attach to (listed in their namespaces). */
  private async gatewaysOf(
    objects: RoutingObjects,
    routes: HTTPRoute[],
    baseNamespace: string,
  ): Promise<GatewayListeners[]> {
    const namespaces = new Set(
      routes.flatMap(route =>
        (route.spec.parentRefs ?? [])
          .filter(parent => !isServiceParent(parent))
          .map(parent => parent.namespace ?? baseNamespace),
      ),
    );
    const gateways: GatewayListeners[] = [];
    for (const namespace of [...namespaces].sort()) {
      gateways.push(
        ...(await objects.list<GatewayListeners & KubernetesObject>(
          GATEWAY,
          namespace,
        )),
      );
    }
    return gateways;
  }

  async ensureRoutes(
    routing: BerthSandboxRouting,
    context: BerthRoutingContext,
  ): Promise<BerthRoutesReport> {
    const forks = readForks(routing);
    const objects = this.objectsFor(context.cluster);
    await this.requireCrds(objects);
    const baseNamespace = routing.base.namespace;
    const baseRoutes = await this.baseRoutes(objects, baseNamespace);
    const plan = planGatewayRoutes({
      sandbox: routing.sandbox,
      sandboxNamespace: routing.namespace,
      baseNamespace,
      forks,
      baseRoutes,
      gateways: await this.gatewaysOf(objects, baseRoutes, baseNamespace),
    });
    const written: string[] = [];
    // Grants first, so a route never points at a backend it may not reach.
    for (const grant of plan.referenceGrants) {
      await objects.apply(grant);
      written.push(`ReferenceGrant ${idOf(grant)}`);
    }
    for (const route of plan.routes) {
      await objects.apply(route);
      written.push(`HTTPRoute ${idOf(route)}`);
    }
    // What an earlier call wrote and this plan no longer has.
    const selector = sandboxSelector(routing.sandbox, baseNamespace);
    for (const [kind, wanted] of [
      [HTTP_ROUTE, plan.routes],
      [REFERENCE_GRANT, plan.referenceGrants],
    ] as const) {
      const keep = new Set(wanted.map(idOf));
      for (const namespace of [routing.namespace, baseNamespace]) {
        for (const stale of await objects.list(kind, namespace, selector)) {
          const id = `${namespace}/${stale.metadata?.name}`;
          if (!keep.has(id)) {
            await objects.delete(kind, namespace, stale.metadata!.name!);
          }
        }
      }
    }
    const warnings = [
      ...plan.optedOut.map(
        id => `HTTPRoute ${id} is opted out of sandbox routing: left alone`,
      ),
      ...plan.unreached.map(
        service => `No HTTPRoute of the base reaches Service '${service}'`,
      ),
      ...plan.skipped.map(
        s => `HTTPRoute ${s.route} rule ${s.rule} not copied: ${s.reason}`,
      ),
      ...plan.previewWarnings,
    ];
    for (const warning of warnings) context.logger.warn(warning);
    return { written, warnings, previewHosts: plan.previewHosts };
  }

  async removeRoutes(
    routing: BerthSandboxRouting,
    context: BerthRoutingContext,
  ): Promise<void> {
    readForks(routing);
    const objects = this.objectsFor(context.cluster);
    const deleted = await removeLabelled(
      objects,
      [HTTP_ROUTE, REFERENCE_GRANT],
      [routing.namespace, routing.base.namespace],
      sandboxSelector(routing.sandbox, routing.base.namespace),
    );
    context.logger.info(
      `Removed the routes of sandbox '${routing.sandbox}': ${
        deleted.join(', ') || 'none were left'
      }`,
    );
  }

  async checkBase(
    base: BerthSandboxRouting['base'],
    context: BerthRoutingContext,
  ): Promise<BerthBaseReadiness> {
    const objects = this.objectsFor(context.cluster);
    const checks: BerthBaseReadiness['checks'] = [];
    const missingCrds: string[] = [];
    for (const kind of [HTTP_ROUTE, REFERENCE_GRANT]) {
      if (!(await objects.serves(kind))) missingCrds.push(kind.kind);
    }
    checks.push({
      name: 'Gateway API installed',
      ok: missingCrds.length === 0,
      ...(missingCrds.length && {
        message: `The cluster does not serve ${missingCrds.join(', ')}`,
      }),
    });
    if (missingCrds.length) return { ready: false, checks };

    const routes = await this.baseRoutes(objects, base.namespace);
    checks.push({
      name: 'Routes exist',
      ok: routes.length > 0,
      ...(routes.length === 0 && {
        message: `Namespace '${base.namespace}' has no HTTPRoute`,
      }),
    });
    const refused: string[] = [];
    const pending: string[] = [];
    for (const route of routes) {
      const parents = route.status?.parents ?? [];
      if (parents.length === 0) pending.push(route.metadata.name);
      for (const parent of parents) {
        for (const condition of parent.conditions ?? []) {
          if (
            ['Accepted', 'ResolvedRefs'].includes(condition.type) &&
            condition.status === 'False'
          ) {
            refused.push(
              `${route.metadata.name} (${parent.parentRef.name}: ${
                condition.type
              } ${condition.reason ?? ''})`.trim(),
            );
          }
        }
      }
    }
    checks.push({
      name: 'Routes accepted',
      ok: refused.length === 0,
      ...((refused.length || pending.length) && {
        message: [
          refused.length && `Not accepted: ${refused.join(', ')}`,
          pending.length &&
            `No status from a controller yet: ${pending.join(', ')}`,
        ]
          .filter(Boolean)
          .join('; '),
      }),
    });
    const gateways = await this.gatewaysOf(objects, routes, base.namespace);
    const admission = sandboxRouteAdmission(routes, gateways, base.namespace);
    checks.push({
      name: 'Gateways admit sandbox routes',
      ok: admission.length === 0,
      ...(admission.length && {
        message: admission
          .map(({ gateway, problem }) => `Gateway ${gateway}: ${problem}`)
          .join('; '),
      }),
    });
    const optedOut = routes.filter(r => isOptedOut(r.metadata));
    checks.push({
      name: 'Routes not opted out',
      ok: optedOut.length === 0,
      ...(optedOut.length && {
        message: `Opted out: ${optedOut.map(r => r.metadata.name).join(', ')}`,
      }),
    });
    const withoutService = await workloadsWithoutService(
      objects,
      base.namespace,
    );
    checks.push({
      name: 'Every workload has a Service',
      ok: withoutService.length === 0,
      ...(withoutService.length && {
        message: `No Service selects ${withoutService.join(', ')}`,
      }),
    });
    return { ready: checks.every(check => check.ok), checks };
  }

  async explainRoute(
    question: BerthRouteQuestion,
    context: BerthRoutingContext,
  ): Promise<BerthRouteExplanation> {
    const objects = this.objectsFor(context.cluster);
    await this.requireCrds(objects);
    const baseNamespace = question.base.namespace;
    const selector = `${BASE_NAMESPACE_LABEL}=${baseNamespace}`;
    const baseRoutes = await this.baseRoutes(objects, baseNamespace);
    const routes = [
      ...baseRoutes,
      ...(await objects.list<HTTPRoute>(HTTP_ROUTE, undefined, selector)),
    ];
    const grants = [
      ...(await objects.list<ReferenceGrant>(REFERENCE_GRANT, baseNamespace)),
      ...(await objects.list<ReferenceGrant>(
        REFERENCE_GRANT,
        undefined,
        selector,
      )),
    ];
    const service = question.service;
    const meshRoute = baseRoutes.find(route =>
      (route.spec.parentRefs ?? []).some(
        p =>
          isServiceParent(p) &&
          p.name === service &&
          (p.namespace ?? baseNamespace) === baseNamespace,
      ),
    );
    let parent: RouteParent;
    let host: string;
    if (meshRoute) {
      parent = {
        group: '',
        kind: 'Service',
        namespace: baseNamespace,
        name: service,
      };
      host = `${service}.${baseNamespace}.svc.cluster.local`;
    } else {
      const entry = baseRoutes.find(route =>
        (route.spec.rules ?? []).some(rule =>
          (rule.backendRefs ?? []).some(
            ref => isServiceBackend(ref) && ref.name === service,
          ),
        ),
      );
      const gateway = entry?.spec.parentRefs?.find(p => !isServiceParent(p));
      if (!entry || !gateway) {
        return {
          backend: `${service}.${baseNamespace}.svc.cluster.local`,
          reason: `No HTTPRoute of namespace '${baseNamespace}' routes to Service '${service}': requests reach the Service itself, with or without a key`,
        };
      }
      parent = {
        group: gateway.group,
        kind: gateway.kind,
        namespace: gateway.namespace ?? baseNamespace,
        name: gateway.name,
      };
      host = question.host ?? entry.spec.hostnames?.[0] ?? service;
    }
    const decision = evaluateHttpRoutes(
      routes,
      parent,
      {
        host,
        path: question.path ?? '/',
        method: question.method ?? 'GET',
        headers: question.headers,
      },
      grants,
    );
    if (!decision || decision.backends.length === 0) {
      return {
        backend: 'none',
        reason: `No rule of the HTTPRoutes on ${parent.kind ?? 'Gateway'} ${
          parent.namespace
        }/${parent.name} matches: a 404`,
        matched: decision?.candidates ?? [],
      };
    }
    const [backend] = decision.backends;
    const sandbox = decision.sandbox;
    const keyAfter =
      decision.requestHeaders &&
      headerValue(decision.requestHeaders, X_ENV_HEADER);
    const reason =
      keyAfter !== undefined &&
      keyAfter !== headerValue(question.headers, X_ENV_HEADER)
        ? `${decision.reason}; the rule sets ${X_ENV_HEADER}: ${keyAfter} for the next hops`
        : decision.reason;
    return {
      backend: `${backend.name}.${backend.namespace}.svc.cluster.local`,
      ...(sandbox && { sandbox }),
      reason: backend.refused
        ? `${reason}; but the data plane refuses the backend: ${backend.refused}`
        : reason,
      matched: decision.candidates,
    };
  }
}
