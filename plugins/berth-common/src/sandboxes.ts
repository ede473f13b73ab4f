import { EnvironmentServiceSettings, WorkloadStatus } from './model';
import { BerthOperation } from './operations';

/**
 * Sandboxes (issue #15): a developer's sub-environment of a base environment.
 * Only the forked services run in the sandbox's own namespace; everything else
 * is borrowed from the base. Requests carrying the sandbox's routing key
 * (`x-env: <name>`, or the W3C `baggage` member `berth-sandbox=<name>`) reach
 * the forks; all other traffic stays on the base.
 */

/**
 * Where a sandbox is in its life.
 *
 * - `creating`: its create operation runs (namespace, placeholders, forks, routes).
 * - `ready`: forks deployed and routes written.
 * - `degraded`: ready, but the routing driver warned (a fork no route reaches...).
 * - `failed`: its create (or update) operation failed; delete it or update it.
 * - `deleting`: its delete operation runs; the row goes when it succeeds.
 *
 * @public
 */
export type SandboxStatus =
  | 'creating'
  | 'ready'
  | 'degraded'
  | 'failed'
  | 'deleting';

/** @public */
export const SANDBOX_STATUSES: readonly SandboxStatus[] = [
  'creating',
  'ready',
  'degraded',
  'failed',
  'deleting',
];

/**
 * A service of the base the sandbox runs a fork of, with the settings that
 * differ from the base's (image, values, `--set` values, a revision of its own);
 * whatever is not set is the base's.
 *
 * @public
 */
export interface SandboxFork extends EnvironmentServiceSettings {
  /** The service's name in the project (it must be deployed in the base). */
  service: string;
}

/**
 * The headers that carry a sandbox's routing key.
 *
 * @public
 */
export interface SandboxRoutingKey {
  /** `x-env: <name>` (exact value). */
  xEnv: { header: 'x-env'; value: string };
  /** The W3C baggage member to append to an existing `baggage` header: `berth-sandbox=<name>`. */
  baggage: { header: 'baggage'; member: string };
}

/**
 * A sandbox as the API returns it.
 *
 * @public
 */
export interface BerthSandbox {
  id: string;
  /** A DNS label, unique per base; also the routing key's value. */
  name: string;
  projectRef: string;
  baseEnvironmentId: string;
  baseEnvironmentName: string;
  cluster: string;
  /** The sandbox's own namespace (forks and placeholder Services). */
  namespace: string;
  /** The routing driver's key (`gateway-api`, `istio`, or a module's). */
  routingDriver: string;
  /** The user entity ref of the creator (its owner). */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** When the expiry task deletes it; extended by an update. */
  expiresAt: string;
  status: SandboxStatus;
  /** Why it failed, or what the last operation said. */
  message?: string;
  forks: SandboxFork[];
  routingKey: SandboxRoutingKey;
  /** Hosts that reach the sandbox with no header (the gateway adds the key), e.g. `alice.shop.example.com`. */
  previewHosts: string[];
  /** Full URLs of the preview hosts when the cluster's gateway URL is known. */
  previewUrls: string[];
  /** What the routing driver could not route (opted-out routes, forks no route reaches). */
  warnings: string[];
  /** When the routes were last written (create, update, reconcile). */
  routesWrittenAt?: string;
  /** The last create, update or delete operation. */
  operationId?: string;
}

/**
 * A sandbox with the live state of its forks.
 *
 * @public
 */
export interface BerthSandboxDetails extends BerthSandbox {
  forkStatus: Array<{
    service: string;
    status: WorkloadStatus;
    ready: number;
    desired: number;
    images: string[];
    message?: string;
  }>;
}

/**
 * `POST /environments/:id/sandboxes`: a sandbox of that (base) environment.
 *
 * @public
 */
export interface CreateSandboxRequest {
  name: string;
  forks: SandboxFork[];
  /** Hours to live from now; default `berth.sandboxes.defaultTtlHours`, at most `maxTtlHours`. */
  ttlHours?: number;
}

/**
 * `PATCH /sandboxes/:id`: extend its life (from now), or change its forks
 * (an operation redeploys them and rewrites the routes).
 *
 * @public
 */
export interface UpdateSandboxRequest {
  ttlHours?: number;
  forks?: SandboxFork[];
}

/**
 * The answer of creating, updating (forks) or deleting a sandbox.
 *
 * @public
 */
export interface SandboxChange {
  sandbox: BerthSandbox;
  operation?: BerthOperation;
}

/**
 * Whether a base environment can take sandboxes: the routing driver's checks
 * (CRDs, routes accepted, none opted out, every workload has a Service) and
 * Berth's own (awake, not itself a sandbox).
 *
 * @public
 */
export interface SandboxReadiness {
  ready: boolean;
  routingDriver: string;
  checks: Array<{ name: string; ok: boolean; message?: string }>;
  /** The time to live a new sandbox gets, and the most it may ask (`berth.sandboxes`). */
  ttl: { defaultHours: number; maxHours: number };
}

/**
 * `POST /environments/:id/explain-route`: which backend a request to a
 * service of the environment would reach with these headers, and why.
 *
 * @public
 */
export interface ExplainRouteRequest {
  service: string;
  headers?: Record<string, string>;
  host?: string;
  path?: string;
  method?: string;
}

/** @public */
export interface RouteExplanation {
  /** The Service or FQDN the request would reach. */
  backend: string;
  /** Set when the backend is a sandbox's fork. */
  sandbox?: string;
  /** The rule that matched, and why (first match, precedence). */
  reason: string;
  /** Every rule that matched, the chosen first. */
  matched?: string[];
}

/**
 * A Service that requests carrying a sandbox's routing key reached, as the
 * cluster's traffic source saw them (e.g. the gateway's access log).
 *
 * @public
 */
export interface SandboxReachedService {
  /** The Kubernetes Service that served the request. */
  service: string;
  namespace: string;
  /** `fork`: served in the sandbox's namespace; `base`: by the base. */
  servedBy: 'fork' | 'base';
  /** The header that carried the key on the last such request. */
  keyHeader: 'x-env' | 'baggage';
  lastReachedAt: string;
  lastPath?: string;
  lastStatus?: number;
}

/**
 * `GET /sandboxes/:id/traffic`: which services were last reached with the
 * sandbox's key, so a hop that dropped the key shows (a fork nothing reached,
 * a service seen only without the key).
 *
 * @public
 */
export interface SandboxTraffic {
  /** Whether the base's cluster has a traffic source (`berth.clusters.<name>.sandboxTraffic`). */
  observed: boolean;
  /** The traffic source's name, e.g. `Traefik access log`. */
  source?: string;
  /** Why nothing is observed, or what the source could not read. */
  message?: string;
  /** Newest first. */
  services: SandboxReachedService[];
  /** Forked services that no request with the key reached in the sandbox's namespace. */
  forksNotReached: string[];
  /** When the source was last read. */
  readAt?: string;
}

/**
 * `GET /sandboxes` filters.
 *
 * @public
 */
export interface ListSandboxesQuery {
  /** Only the caller's own sandboxes. */
  mine?: boolean;
  /** Only the sandboxes of one project (`system:ns/name`). */
  projectRef?: string;
}

/** The routing key of a sandbox name. @public */
export function sandboxRoutingKey(name: string): SandboxRoutingKey {
  return {
    xEnv: { header: 'x-env', value: name },
    baggage: { header: 'baggage', member: `berth-sandbox=${name}` },
  };
}
