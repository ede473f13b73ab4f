import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * A service of a base environment that a sandbox forked: requests carrying
 * the sandbox's routing key go to `target` instead of the base.
 *
 * @public
 */
export interface BerthForkedService {
  /** The service's name in the project. */
  service: string;
  /** The Kubernetes Service of the base, in the base's namespace. */
  baseService: string;
  /** The fork's FQDN, e.g. `cart.shop-dev-alice.svc.cluster.local`. */
  target: string;
}

/**
 * The sandbox a driver routes: its name (the routing key's value), its
 * namespace and base, and the services it forked.
 *
 * @public
 */
export interface BerthSandboxRouting {
  sandbox: string;
  /** The sandbox's own namespace (forks and placeholder Services). */
  namespace: string;
  base: { environmentId: string; cluster: string; namespace: string };
  /**
   * The routing key is derived from `sandbox` (the same for every driver):
   * the W3C `baggage` member `berth-sandbox=<name>` and the `x-env: <name>`
   * header.
   */
  forks: BerthForkedService[];
}

/**
 * What Berth gives a routing driver for one call.
 *
 * @public
 */
export interface BerthRoutingContext {
  logger: LoggerService;
  /** The name of the base's cluster (as Berth's cluster registry knows it). */
  cluster: string;
  signal?: AbortSignal;
}

/**
 * What `ensureRoutes` did.
 *
 * @public
 */
export interface BerthRoutesReport {
  /** The objects written, e.g. `HTTPRoute shop-alice/berth-sbx-alice-shop`. */
  written: string[];
  /**
   * What is not routed: opted-out routes, forks no route reaches, rules that
   * could not be copied, routes that do not serve sidecar traffic.
   */
  warnings: string[];
  /**
   * Hosts that reach the sandbox with no header, e.g.
   * `alice.shop.example.com`: the gateway adds the routing key
   * (`x-env: <sandbox>`) at the entry. Empty when the driver writes none.
   */
  previewHosts: string[];
}

/**
 * Whether a base environment can take sandboxes with this driver.
 *
 * @public
 */
export interface BerthBaseReadiness {
  ready: boolean;
  /** One per check (driver installed, Services present, routes not opted out). */
  checks: Array<{ name: string; ok: boolean; message?: string }>;
}

/**
 * Why a request with a given header reaches a backend.
 *
 * @public
 */
export interface BerthRouteExplanation {
  /** The Service or FQDN the request would reach. */
  backend: string;
  /** Whether it is a sandbox's fork. */
  sandbox?: string;
  /** The route and rule that matched, and why (first match, precedence). */
  reason: string;
  /** Every route, rule and match that matched the request, the chosen first. */
  matched?: string[];
}

/**
 * A request to explain: to a service of the base, with these headers (and,
 * for north-south routes, the host, path and method; `/` and GET by default).
 *
 * @public
 */
export interface BerthRouteQuestion {
  base: BerthSandboxRouting['base'];
  service: string;
  headers: Record<string, string>;
  host?: string;
  path?: string;
  method?: string;
}

/**
 * Routes a sandbox's traffic by header: Istio VirtualServices, Gateway API
 * HTTPRoutes... Registered under a key (`berthRoutingDriversExtensionPoint`).
 *
 * @public
 */
export interface BerthRoutingDriver {
  /** Human-readable name, e.g. `Gateway API HTTPRoute`. */
  name: string;
  description?: string;
  /** Adds or restores the routes a sandbox needs (idempotent). */
  ensureRoutes(
    routing: BerthSandboxRouting,
    context: BerthRoutingContext,
  ): Promise<BerthRoutesReport>;
  /** Removes every route the driver added for a sandbox, and checks none is left. */
  removeRoutes(
    routing: BerthSandboxRouting,
    context: BerthRoutingContext,
  ): Promise<void>;
  /** Checks that a base environment can take sandboxes with this driver. */
  checkBase(
    base: BerthSandboxRouting['base'],
    context: BerthRoutingContext,
  ): Promise<BerthBaseReadiness>;
  /** Which backend a request with these headers would reach for a service, and why. */
  explainRoute(
    request: BerthRouteQuestion,
    context: BerthRoutingContext,
  ): Promise<BerthRouteExplanation>;
}

/**
 * Adds sandbox routing drivers.
 *
 * @public
 */
export interface BerthRoutingDriversExtensionPoint {
  /** Registers a routing driver under `key`; a key taken already fails the start. */
  addRoutingDriver(key: string, driver: BerthRoutingDriver): void;
}

/**
 * The extension point for sandbox routing drivers.
 *
 * @public
 */
export const berthRoutingDriversExtensionPoint =
  createExtensionPoint<BerthRoutingDriversExtensionPoint>({
    id: 'berth.routing-drivers',
  });
