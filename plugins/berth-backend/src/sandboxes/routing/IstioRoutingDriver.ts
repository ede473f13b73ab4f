import { ConflictError, InputError, isError } from '@backstage/errors';
import {
  BerthBaseReadiness,
  BerthRouteExplanation,
  BerthRouteQuestion,
  BerthRoutesReport,
  BerthRoutingContext,
  BerthRoutingDriver,
  BerthSandboxRouting,
} from '@berth/plugin-berth-node';
import {
  evaluateVirtualServices,
  virtualServicesFor,
} from './evaluate/evaluateVirtualServices';
import { headerValue } from './evaluate/httpRequest';
import { ForkedServiceRef, readForks } from './forks';
import {
  planVirtualServiceRemoval,
  planVirtualServices,
  sandboxRoutePrefix,
  VirtualServicePatch,
} from './istio/planVirtualServices';
import {
  boundGateways,
  MESH_GATEWAY,
  VIRTUAL_SERVICE_API_VERSION,
  VirtualService,
} from './istio/virtualServiceTypes';
import {
  ObjectKind,
  RoutingObjects,
  RoutingObjectsForCluster,
} from './kube/RoutingObjects';
import { planPreviewVirtualServices } from './istio/planPreviewVirtualServices';
import { ISTIO_GATEWAY_KIND, IstioGateway } from './istio/istioGatewayAdmits';
import { removeLabelled } from './kube/removeLabelled';
import { isOptedOut, sandboxSelector } from './routingNames';
import { X_ENV_HEADER } from './routingKey';
import { workloadsWithoutService } from './workloadsWithoutService';

const VIRTUAL_SERVICE: ObjectKind = {
  apiVersion: VIRTUAL_SERVICE_API_VERSION,
  kind: 'VirtualService',
};
/** Attempts when a VirtualService changes between read and write. */
const WRITE_ATTEMPTS = 4;

/** JSON with sorted keys: the API server's order is not ours. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/** Whether a stored VirtualService has the spec, labels and annotations planned. */
function sameContent(stored: VirtualService, planned: VirtualService): boolean {
  const { labels = {}, annotations = {} } = stored.metadata;
  return (
    canonical(stored.spec) === canonical(planned.spec) &&
    Object.entries(planned.metadata.labels ?? {}).every(
      ([k, v]) => labels[k] === v,
    ) &&
    Object.entries(planned.metadata.annotations ?? {}).every(
      ([k, v]) => annotations[k] === v,
    )
  );
}

function isConflict(error: unknown): boolean {
  return isError(error) && error.name === ConflictError.name;
}

/**
 * Routes sandboxes by editing the base's Istio VirtualServices: copies of
 * the routes that reach a fork, with the key's header match, go before
 * them; removed by name prefix. No EnvoyFilter. See `README.md`.
 */
export class IstioRoutingDriver implements BerthRoutingDriver {
  readonly name = 'Istio VirtualService';
  readonly description =
    "Sandbox routes added to the base's VirtualServices (first match), removed by prefix";

  constructor(private readonly objectsFor: RoutingObjectsForCluster) {}

  private async requireCrd(objects: RoutingObjects) {
    if (!(await objects.serves(VIRTUAL_SERVICE))) {
      throw new InputError(
        `The cluster does not serve VirtualService (${VIRTUAL_SERVICE_API_VERSION}): install Istio's CRDs`,
      );
    }
  }

  private async virtualServices(objects: RoutingObjects, namespace: string) {
    const list = await objects.list<VirtualService>(VIRTUAL_SERVICE, namespace);
    return list.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  /**
   * The Istio Gateways the base's VirtualServices are bound to, for the
   * preview host check; undefined (not checked) when the cluster does not
   * serve them or they cannot be read.
   */
  private async istioGateways(
    objects: RoutingObjects,
    namespace: string,
    context: BerthRoutingContext,
  ): Promise<IstioGateway[] | undefined> {
    try {
      if (!(await objects.serves(ISTIO_GATEWAY_KIND))) return undefined;
      const namespaces = new Set(
        (await this.virtualServices(objects, namespace)).flatMap(vs =>
          boundGateways(vs)
            .filter(g => g !== MESH_GATEWAY)
            .map(g =>
              g.includes('/')
                ? g.split('/')[0]
                : vs.metadata.namespace ?? namespace,
            ),
        ),
      );
      const lists = await Promise.all(
        [...namespaces].map(ns =>
          objects.list<IstioGateway>(ISTIO_GATEWAY_KIND, ns),
        ),
      );
      return lists.flat();
    } catch (error) {
      context.logger.warn(
        `Could not read the Istio Gateways of ${namespace}'s VirtualServices; preview hosts are not checked against their servers: ${error}`,
      );
      return undefined;
    }
  }

  private async write(objects: RoutingObjects, patches: VirtualServicePatch[]) {
    for (const patch of patches) {
      await objects.mergePatch({
        apiVersion: VIRTUAL_SERVICE_API_VERSION,
        kind: 'VirtualService',
        metadata: {
          name: patch.name,
          namespace: patch.namespace,
          ...(patch.resourceVersion && {
            resourceVersion: patch.resourceVersion,
          }),
        },
        spec: { http: patch.http },
      });
    }
  }

  /**
   * Reads, plans and writes; when another writer changed a VirtualService
   * in between (a ConflictError), again from a fresh read.
   */
  private async readPlanWrite<T>(
    objects: RoutingObjects,
    namespace: string,
    plan: (virtualServices: VirtualService[]) => {
      patches: VirtualServicePatch[];
      result: T;
    },
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const planned = plan(await this.virtualServices(objects, namespace));
      try {
        await this.write(objects, planned.patches);
        return planned.result;
      } catch (error) {
        if (!isConflict(error) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async ensureRoutes(
    routing: BerthSandboxRouting,
    context: BerthRoutingContext,
  ): Promise<BerthRoutesReport> {
    const forks: ForkedServiceRef[] = readForks(routing);
    const objects = this.objectsFor(context.cluster);
    await this.requireCrd(objects);
    const baseNamespace = routing.base.namespace;
    const istioGateways = await this.istioGateways(
      objects,
      baseNamespace,
      context,
    );
    const { plan, preview } = await this.readPlanWrite(
      objects,
      baseNamespace,
      vss => {
        const planned = planVirtualServices({
          sandbox: routing.sandbox,
          baseNamespace,
          forks,
          virtualServices: vss,
        });
        const previews = planPreviewVirtualServices({
          sandbox: routing.sandbox,
          sandboxNamespace: routing.namespace,
          baseNamespace,
          forks,
          virtualServices: vss,
          istioGateways,
        });
        return {
          patches: planned.patches,
          result: { plan: planned, preview: previews },
        };
      },
    );
    // The preview VirtualServices (sandbox namespace): written when they
    // differ from the cluster's (a repeated call writes nothing); those of
    // an earlier call this plan no longer has are deleted.
    const written = plan.patches.map(
      p => `VirtualService ${p.namespace}/${p.name}`,
    );
    const existing = await objects.list<VirtualService>(
      VIRTUAL_SERVICE,
      routing.namespace,
      sandboxSelector(routing.sandbox, baseNamespace),
    );
    for (const vs of preview.virtualServices) {
      const current = existing.find(e => e.metadata.name === vs.metadata.name);
      if (current && sameContent(current, vs)) continue;
      await objects.apply(vs);
      written.push(
        `VirtualService ${vs.metadata.namespace}/${vs.metadata.name}`,
      );
    }
    const keep = new Set(preview.virtualServices.map(vs => vs.metadata.name));
    for (const stale of existing.filter(e => !keep.has(e.metadata.name))) {
      await objects.delete(
        VIRTUAL_SERVICE,
        routing.namespace,
        stale.metadata.name,
      );
    }
    const warnings = [
      ...plan.optedOut.map(
        id =>
          `VirtualService ${id} is opted out of sandbox routing: left alone`,
      ),
      ...plan.notRoutable.map(
        id =>
          `VirtualService ${id} is bound only to gateways: sidecar (east-west) traffic is not routed to the sandbox`,
      ),
      ...plan.unreached.map(
        service => `No VirtualService of the base routes Service '${service}'`,
      ),
      ...plan.skipped.map(
        s =>
          `VirtualService ${s.virtualService} route ${s.route} not copied: ${s.reason}`,
      ),
      ...preview.warnings,
    ];
    for (const warning of warnings) context.logger.warn(warning);
    return {
      written,
      warnings,
      previewHosts: preview.hosts,
    };
  }

  async removeRoutes(
    routing: BerthSandboxRouting,
    context: BerthRoutingContext,
  ): Promise<void> {
    readForks(routing);
    const objects = this.objectsFor(context.cluster);
    if (!(await objects.serves(VIRTUAL_SERVICE))) return;
    const baseNamespace = routing.base.namespace;
    const removed = await this.readPlanWrite(objects, baseNamespace, vss => {
      const patches = planVirtualServiceRemoval(
        vss,
        routing.sandbox,
        baseNamespace,
      );
      return { patches, result: patches.map(p => p.name) };
    });
    const previews = await removeLabelled(
      objects,
      [VIRTUAL_SERVICE],
      [routing.namespace],
      sandboxSelector(routing.sandbox, baseNamespace),
    );
    const prefix = sandboxRoutePrefix(routing.sandbox);
    const left = (await this.virtualServices(objects, baseNamespace)).filter(
      vs => (vs.spec.http ?? []).some(route => route.name?.startsWith(prefix)),
    );
    if (left.length) {
      throw new ConflictError(
        `Routes of sandbox '${
          routing.sandbox
        }' are left in VirtualService(s) ${left
          .map(vs => vs.metadata.name)
          .join(', ')}`,
      );
    }
    context.logger.info(
      `Removed the routes of sandbox '${routing.sandbox}' from ${
        removed.length ? removed.join(', ') : 'no VirtualService'
      }${previews.length ? `; deleted ${previews.join(', ')}` : ''}`,
    );
  }

  async checkBase(
    base: BerthSandboxRouting['base'],
    context: BerthRoutingContext,
  ): Promise<BerthBaseReadiness> {
    const objects = this.objectsFor(context.cluster);
    const checks: BerthBaseReadiness['checks'] = [];
    if (!(await objects.serves(VIRTUAL_SERVICE))) {
      checks.push({
        name: 'Istio installed',
        ok: false,
        message: `The cluster does not serve VirtualService (${VIRTUAL_SERVICE_API_VERSION})`,
      });
      return { ready: false, checks };
    }
    checks.push({ name: 'Istio installed', ok: true });
    const vss = await this.virtualServices(objects, base.namespace);
    checks.push({
      name: 'Routes exist',
      ok: vss.length > 0,
      ...(vss.length === 0 && {
        message: `Namespace '${base.namespace}' has no VirtualService`,
      }),
    });
    const refused = vss.filter(
      vs =>
        (vs.status?.conditions ?? []).some(
          c => c.type === 'Reconciled' && c.status === 'False',
        ) ||
        (vs.status?.validationMessages ?? []).some(m => m.level === 'ERROR'),
    );
    checks.push({
      name: 'Routes accepted',
      ok: refused.length === 0,
      ...(refused.length && {
        message: `Not accepted by the mesh: ${refused
          .map(vs => vs.metadata.name)
          .join(', ')}`,
      }),
    });
    const optedOut = vss.filter(vs => isOptedOut(vs.metadata));
    checks.push({
      name: 'Routes not opted out',
      ok: optedOut.length === 0,
      ...(optedOut.length && {
        message: `Opted out: ${optedOut
          .map(vs => vs.metadata.name)
          .join(', ')}`,
      }),
    });
    const gatewayOnly = vss.filter(
      vs => !boundGateways(vs).includes(MESH_GATEWAY),
    );
    checks.push({
      name: 'Routes serve sidecars',
      ok: true,
      ...(gatewayOnly.length && {
        message: `Bound only to gateways (north-south only): ${gatewayOnly
          .map(vs => vs.metadata.name)
          .join(', ')}`,
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
    await this.requireCrd(objects);
    const namespace = question.base.namespace;
    const host = `${question.service}.${namespace}.svc.cluster.local`;
    const vss = await this.virtualServices(objects, namespace);
    const decision = evaluateVirtualServices(
      vss,
      {
        host,
        path: question.path ?? '/',
        method: question.method ?? 'GET',
        headers: question.headers,
      },
      MESH_GATEWAY,
    );
    if (!decision) {
      if (virtualServicesFor(vss, host, MESH_GATEWAY).length) {
        return {
          backend: 'none',
          reason: `No route of the VirtualServices for '${question.service}' matches: a 404`,
        };
      }
      return {
        backend: host,
        reason: `No VirtualService bound to the mesh routes '${question.service}': requests reach the Service itself, with or without a key`,
      };
    }
    const [backend] = decision.backends;
    if (!backend) {
      return {
        backend: 'none',
        reason: decision.reason,
        matched: decision.candidates,
      };
    }
    const keyAfter =
      decision.requestHeaders &&
      headerValue(decision.requestHeaders, X_ENV_HEADER);
    return {
      backend: `${backend.name}.${backend.namespace}.svc.cluster.local`,
      ...(decision.sandbox && { sandbox: decision.sandbox }),
      reason:
        keyAfter !== undefined &&
        keyAfter !== headerValue(question.headers, X_ENV_HEADER)
          ? `${decision.reason}; the route sets ${X_ENV_HEADER}: ${keyAfter} for the next hops`
          : decision.reason,
      matched: decision.candidates,
    };
  }
}
