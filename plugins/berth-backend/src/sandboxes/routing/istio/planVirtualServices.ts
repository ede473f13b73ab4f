import { ForkedServiceRef } from '../forks';
import { isOptedOut } from '../routingNames';
import { BAGGAGE_HEADER, sandboxKeyMatches, X_ENV_HEADER } from '../routingKey';
import {
  boundGateways,
  IstioHttpMatch,
  IstioHttpRoute,
  MESH_GATEWAY,
  serviceFqdn,
  StringMatch,
  VirtualService,
} from './virtualServiceTypes';

/** The prefix of every http route Berth adds to a VirtualService. */
export const ISTIO_ROUTE_PREFIX = 'berth-sbx.';

/** The prefix of a sandbox's routes: `berth-sbx.<sandbox>.` (`.` is never in a name). */
export function sandboxRoutePrefix(sandbox: string): string {
  return `${ISTIO_ROUTE_PREFIX}${sandbox}.`;
}

export interface VirtualServicePatch {
  name: string;
  namespace: string;
  /** The version read: the write fails if the object changed since. */
  resourceVersion?: string;
  http: IstioHttpRoute[];
}

export interface VirtualServicePlan {
  /** The VirtualServices to write, with their whole new `http` list. */
  patches: VirtualServicePatch[];
  /** VirtualServices that reach a fork but are opted out (left alone). */
  optedOut: string[];
  /** VirtualServices bound only to gateways: no east-west routing. */
  notRoutable: string[];
  /** Routes that reach a fork but could not be copied, and why. */
  skipped: Array<{ virtualService: string; route: string; reason: string }>;
  /** Forked base Services that no VirtualService route reaches. */
  unreached: string[];
}

export interface VirtualServiceInput {
  sandbox: string;
  baseNamespace: string;
  forks: ForkedServiceRef[];
  /** The VirtualServices of the base namespace. */
  virtualServices: VirtualService[];
}

function idOf(vs: VirtualService, baseNamespace: string): string {
  return `${vs.metadata.namespace ?? baseNamespace}/${vs.metadata.name}`;
}

function isBerthRoute(route: IstioHttpRoute): boolean {
  return route.name?.startsWith(ISTIO_ROUTE_PREFIX) ?? false;
}

function headerConflict(matches: IstioHttpMatch[]): string | undefined {
  for (const match of matches) {
    for (const field of ['headers', 'withoutHeaders'] as const) {
      const taken = Object.keys(match[field] ?? {}).find(name =>
        [X_ENV_HEADER, BAGGAGE_HEADER].includes(name.toLowerCase()),
      );
      if (taken) return `a match already tests header '${taken}' (${field})`;
    }
  }
  return undefined;
}

function sandboxOf(route: IstioHttpRoute): string {
  return (route.name ?? '').slice(ISTIO_ROUTE_PREFIX.length).split('.')[0];
}

/**
 * `base` with `copiesBefore[i]` before its i-th route. The copies of all
 * sandboxes in front of one route are kept sorted by sandbox, so the
 * result does not depend on the order sandboxes were added (a repeated
 * call changes nothing).
 */
function placeCopies(
  base: IstioHttpRoute[],
  copiesBefore: Map<number, IstioHttpRoute[]>,
): IstioHttpRoute[] {
  const http: IstioHttpRoute[] = [];
  let pending: IstioHttpRoute[] = [];
  const flush = () => {
    const sorted = pending
      .map((route, order) => ({ route, order }))
      .sort(
        (a, b) =>
          sandboxOf(a.route).localeCompare(sandboxOf(b.route)) ||
          a.order - b.order,
      )
      .map(({ route }) => route);
    http.push(...sorted);
    pending = [];
  };
  base.forEach((route, index) => {
    if (isBerthRoute(route)) {
      pending.push(route);
      return;
    }
    pending.push(...(copiesBefore.get(index) ?? []));
    flush();
    http.push(route);
  });
  flush();
  return http;
}

/** The routes of a VirtualService without those of one sandbox. */
export function withoutSandboxRoutes(
  http: IstioHttpRoute[],
  sandbox: string,
): IstioHttpRoute[] {
  const prefix = sandboxRoutePrefix(sandbox);
  return http.filter(route => !route.name?.startsWith(prefix));
}

/**
 * The VirtualService edits that send a sandbox's key to its forks. Routes
 * are first-match: for every http route that reaches a forked Service,
 * two copies go just before it (named `berth-sbx.<sandbox>.<route>.x-env` and
 * `.baggage`), each match block with one more header match, destination
 * the fork's FQDN (a subset is dropped: it belongs to the base host's
 * DestinationRule). The sandbox's earlier copies are replaced, so a
 * repeated call changes nothing; the base's own routes are kept as they
 * are, so removing the copies restores the original.
 *
 * Each pair of copies goes just before its original route rather than at
 * the top: a keyed request then meets the same earlier routes as any other
 * (a more specific base route to another service still wins), as with the
 * Gateway API precedence.
 */
export function planVirtualServices(
  input: VirtualServiceInput,
): VirtualServicePlan {
  const { sandbox, baseNamespace } = input;
  const prefix = sandboxRoutePrefix(sandbox);
  const key = sandboxKeyMatches(sandbox);
  const keyHeaders: Array<[string, string, StringMatch]> = [
    ['x-env', key.xEnv.name, { exact: key.xEnv.value }],
    ['baggage', key.baggage.name, { regex: key.baggage.regex }],
  ];
  const forkByFqdn = new Map(
    input.forks.map(fork => [
      serviceFqdn(fork.baseService, baseNamespace),
      fork,
    ]),
  );
  const plan: VirtualServicePlan = {
    patches: [],
    optedOut: [],
    notRoutable: [],
    skipped: [],
    unreached: [],
  };
  const reached = new Set<string>();
  const sorted = [...input.virtualServices].sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
  for (const vs of sorted) {
    const namespace = vs.metadata.namespace ?? baseNamespace;
    const id = idOf(vs, baseNamespace);
    const current = vs.spec.http ?? [];
    const base = withoutSandboxRoutes(current, sandbox);
    const forkOf = (host: string) =>
      forkByFqdn.get(serviceFqdn(host, namespace));
    const forked = base
      .map((route, index) => ({ route, index }))
      .filter(
        ({ route }) =>
          !isBerthRoute(route) &&
          (route.route ?? []).some(d => forkOf(d.destination.host)),
      );
    if (isOptedOut(vs.metadata)) {
      if (forked.length) plan.optedOut.push(id);
      continue;
    }
    if (forked.length === 0) {
      // No fork reached any more: the sandbox's old copies go.
      if (base.length !== current.length) {
        plan.patches.push({
          name: vs.metadata.name,
          namespace,
          resourceVersion: vs.metadata.resourceVersion,
          http: base,
        });
      }
      continue;
    }
    if (!boundGateways(vs).includes(MESH_GATEWAY)) plan.notRoutable.push(id);
    const copiesBefore = new Map<number, IstioHttpRoute[]>();
    for (const { route, index } of forked) {
      const copies: IstioHttpRoute[] = [];
      copiesBefore.set(index, copies);
      // Unnamed: its position among the base's own routes.
      const label =
        route.name ??
        String(base.slice(0, index).filter(r => !isBerthRoute(r)).length);
      if (route.delegate) {
        plan.skipped.push({
          virtualService: id,
          route: label,
          reason: 'delegated routes are not copied',
        });
        continue;
      }
      const matches = route.match?.length ? route.match : [{}];
      const conflict = headerConflict(matches);
      if (conflict) {
        plan.skipped.push({
          virtualService: id,
          route: label,
          reason: conflict,
        });
        continue;
      }
      const destinations = (route.route ?? []).map(destination => {
        const fork = forkOf(destination.destination.host);
        if (!fork) return destination;
        reached.add(fork.baseService);
        const { subset: _subset, ...rest } = destination.destination;
        return {
          ...destination,
          destination: { ...rest, host: fork.forkFqdn },
        };
      });
      const { name: _name, match: _match, ...fields } = route;
      for (const [suffix, header, value] of keyHeaders) {
        copies.push({
          name: `${prefix}${label}.${suffix}`,
          match: matches.map(match => ({
            ...match,
            headers: { ...(match.headers ?? {}), [header]: value },
          })),
          ...fields,
          route: destinations,
        });
      }
    }
    const http = placeCopies(base, copiesBefore);
    if (JSON.stringify(http) !== JSON.stringify(current)) {
      plan.patches.push({
        name: vs.metadata.name,
        namespace,
        resourceVersion: vs.metadata.resourceVersion,
        http,
      });
    }
  }
  plan.unreached = input.forks
    .map(fork => fork.baseService)
    .filter(service => !reached.has(service))
    .sort();
  return plan;
}

/** The VirtualService edits that remove a sandbox's routes (by prefix). */
export function planVirtualServiceRemoval(
  virtualServices: VirtualService[],
  sandbox: string,
  baseNamespace: string,
): VirtualServicePatch[] {
  return virtualServices.flatMap(vs => {
    const current = vs.spec.http ?? [];
    const http = withoutSandboxRoutes(current, sandbox);
    if (http.length === current.length) return [];
    return [
      {
        name: vs.metadata.name,
        namespace: vs.metadata.namespace ?? baseNamespace,
        resourceVersion: vs.metadata.resourceVersion,
        http,
      },
    ];
  });
}
