import {
  createExtensionPoint,
  LoggerService,
} from '@backstage/backend-plugin-api';

/**
 * A request a cluster's data plane served with a sandbox routing header
 * (`x-env`, or `baggage` with a `berth-sandbox` member).
 *
 * @public
 */
export interface BerthObservedRequest {
  /** When the request started (ISO 8601). */
  at: string;
  /** The namespace of the Kubernetes Service that served it. */
  namespace: string;
  /** The Kubernetes Service that served it. */
  service: string;
  /** The routing headers as the data plane received them. */
  headers: { 'x-env'?: string; baggage?: string };
  path?: string;
  status?: number;
}

/**
 * What Berth gives a traffic source for one read.
 *
 * @public
 */
export interface BerthTrafficReadContext {
  /** The cluster's name in Berth's cluster registry. */
  cluster: string;
  /**
   * The cluster's `berth.clusters.<name>.sandboxTraffic` block as plain
   * JSON (the source's own settings, e.g. `accessLogPath`).
   */
  settings: Record<string, unknown>;
  /** Only requests served by Services in these namespaces are wanted. */
  namespaces: ReadonlySet<string>;
  logger: LoggerService;
}

/**
 * Tells Berth which Services requests carrying sandbox routing keys reached,
 * so the sandbox page shows the hop that dropped a key: a gateway's access
 * log, a mesh's telemetry... Registered under a key
 * (`berthSandboxTrafficSourcesExtensionPoint`) that clusters name in
 * `berth.clusters.<name>.sandboxTraffic.source`.
 *
 * @public
 */
export interface BerthSandboxTrafficSource {
  /** Human-readable name, e.g. `Traefik access log`. */
  name: string;
  /**
   * The keyed requests served since the previous read of this cluster by
   * this process (the source keeps its own cursor). Berth keeps, per sandbox
   * and Service, only the newest, so a request read twice does no harm.
   */
  readRequests(
    context: BerthTrafficReadContext,
  ): Promise<BerthObservedRequest[]>;
}

/**
 * Adds sandbox traffic sources.
 *
 * @public
 */
export interface BerthSandboxTrafficSourcesExtensionPoint {
  /** Registers a traffic source under `key`; a key taken already fails the start. */
  addTrafficSource(key: string, source: BerthSandboxTrafficSource): void;
}

/**
 * The extension point for sandbox traffic sources.
 *
 * @public
 */
export const berthSandboxTrafficSourcesExtensionPoint =
  createExtensionPoint<BerthSandboxTrafficSourcesExtensionPoint>({
    id: 'berth.sandbox-traffic-sources',
  });
