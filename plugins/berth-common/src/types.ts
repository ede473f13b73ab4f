/**
 * The tiers an environment can be in, from least to most protected.
 *
 * @public
 */
export const ENVIRONMENT_TIERS = [
  'development',
  'testing',
  'staging',
  'production',
] as const;

/**
 * The tier of an environment: policies treat production differently.
 *
 * @public
 */
export type EnvironmentTier = (typeof ENVIRONMENT_TIERS)[number];

/**
 * Tells whether a string is one of {@link ENVIRONMENT_TIERS}.
 *
 * @public
 */
export function isEnvironmentTier(value: unknown): value is EnvironmentTier {
  return (
    typeof value === 'string' &&
    (ENVIRONMENT_TIERS as readonly string[]).includes(value)
  );
}

/**
 * A Kubernetes cluster Berth may deploy to, as configured for the portal.
 *
 * @public
 */
export interface BerthCluster {
  /** The cluster's name, unique in the portal. */
  name: string;
  /** Display title, when configured. */
  title?: string;
  /** URL of the cluster's API server. */
  url: string;
  /** How the portal authenticates to it, e.g. `serviceAccount`. */
  authProvider: string;
  /** Whether production-tier environments may be placed on it. */
  allowProduction: boolean;
  /**
   * Where the cluster's gateway serves environments, with `{namespace}`
   * standing for an environment's namespace, e.g.
   * `http://{namespace}.localhost:8080`; absent when not configured.
   */
  environmentUrl?: string;
  /** Where the cluster was found. */
  source: 'config' | 'catalog';
  /** Whether Berth reached it lately; absent when not checked. */
  connection?: 'Connected' | 'Disconnected';
}

/**
 * What `GET /api/berth/health` answers.
 *
 * @public
 */
export interface BerthHealth {
  /** `ok` when every dependency answered, `degraded` otherwise. */
  status: 'ok' | 'degraded';
  database: {
    status: 'ok' | 'error';
    /** The knex client in use, e.g. `better-sqlite3` or `pg`. */
    client: string;
    /** The newest migration applied. */
    migration?: string;
    /** Number of environments stored. */
    environments?: number;
    error?: string;
  };
  /** The clusters configured for the portal. */
  clusters: BerthCluster[];
}
