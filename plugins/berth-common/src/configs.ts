/**
 * The kinds of environment configs Berth manages per environment.
 *
 * @public
 */
export const ENVIRONMENT_CONFIG_KINDS = [
  'ConfigMap',
  'Secret',
  'Ingress',
  'PersistentVolumeClaim',
] as const;

/**
 * One of {@link ENVIRONMENT_CONFIG_KINDS}.
 *
 * @public
 */
export type EnvironmentConfigKind = (typeof ENVIRONMENT_CONFIG_KINDS)[number];

/**
 * What the API shows in place of a Secret's values.
 *
 * @public
 */
export const SECRET_VALUE_MASK = '••••';

/**
 * An environment config as it is live in the environment's namespace. For a
 * Secret, every value of `data` is {@link SECRET_VALUE_MASK} and `masked` is
 * true: Secret values never leave the cluster through Berth.
 *
 * @public
 */
export interface EnvironmentConfig {
  kind: EnvironmentConfigKind;
  name: string;
  /** The object (apiVersion, kind, metadata, data/spec), without server-set metadata. */
  object: Record<string, unknown>;
  /** True for Secrets: the values in `object` are masked. */
  masked: boolean;
  /** The keys of a ConfigMap's or Secret's data. */
  keys?: string[];
  /** Berth's version of the config (1 for the first change Berth recorded). */
  version?: number;
  /** Workloads of the namespace that use it, e.g. `deployment/cart`. */
  usedBy: string[];
  updatedBy?: string;
  updatedAt?: string;
}

/**
 * One recorded change of an environment config. For a Secret, `content` is
 * absent: only the key names and which keys changed are recorded.
 *
 * @public
 */
export interface EnvironmentConfigChange {
  id: string;
  environmentId: string;
  kind: EnvironmentConfigKind;
  name: string;
  version: number;
  action: 'create' | 'update' | 'delete';
  actor: string;
  changedAt: string;
  /** The object as applied (YAML), for every kind but Secret. */
  content?: string;
  /** Key names of a ConfigMap's or Secret's data after the change. */
  keys?: string[];
  /** Keys added, removed or changed by this change. */
  changedKeys?: string[];
  /** Workloads restarted because of the change, e.g. `deployment/cart`. */
  restarted?: string[];
}

/**
 * Creates or updates an environment config. For a Secret, `data` (base64)
 * or `stringData` (plain); a value equal to {@link SECRET_VALUE_MASK} keeps
 * the key's current value, so a masked Secret read from the API can be sent
 * back with only some keys changed.
 *
 * @public
 */
export interface ApplyEnvironmentConfigRequest {
  /** The object: apiVersion, kind, metadata.name, and its data or spec. */
  object: Record<string, unknown>;
  /** Restart the workloads of the namespace that use the config. Default false. */
  restartDependents?: boolean;
}

/**
 * The outcome of a config change.
 *
 * @public
 */
export interface EnvironmentConfigChangeResult {
  config?: EnvironmentConfig;
  change: EnvironmentConfigChange;
  restarted: string[];
}

/**
 * An image registry from Berth's config, without its credentials.
 *
 * @public
 */
export interface BerthRegistry {
  name: string;
  /** Host (and port), e.g. `registry.example.com` or `127.0.0.1:5000`. */
  host: string;
  /** Whether Berth has credentials for it (never returned themselves). */
  hasCredentials: boolean;
  /** Skip TLS verification. */
  insecure: boolean;
  /** Talk plain HTTP. */
  plainHttp: boolean;
  /** Name of the pull secret Berth keeps in namespaces using it. */
  pullSecretName: string;
  /** The only clusters whose environments may use it (none given: any). */
  clusters?: string[];
  /** The only projects whose environments may use it (none given: any). */
  projects?: string[];
  /** Clusters whose default registry it is. */
  defaultForClusters: string[];
}

/**
 * The image registry of an environment: its own override, else its cluster's default.
 *
 * @public
 */
export interface EnvironmentRegistry {
  /** The environment's own override, when it has one. */
  override?: string;
  /** The registry in effect (override, else the cluster's default), if any. */
  effective?: BerthRegistry;
  source: 'environment' | 'cluster' | 'none';
}

/**
 * Whether one image of a deployment record still exists in its registry.
 *
 * @public
 */
export interface ImageCheck {
  image: string;
  exists: boolean;
  /**
   * The registry could not say (it could not be reached, timed out or
   * answered with a server error): `exists` is false, but a rollback is not
   * refused for it.
   */
  unverified?: boolean;
  /** Why it does not exist or could not be checked. */
  message?: string;
}

/**
 * Rolls a service of an environment back to one of its deployment records.
 *
 * @public
 */
export interface RollbackRequest {
  deploymentId: string;
}

/**
 * The answer to a rollback request: the deploy runs in the background.
 *
 * @public
 */
export interface RollbackResult {
  environmentId: string;
  service: string;
  rollbackOf: string;
  /** The settings restored into the environment. */
  revision: number;
  images: ImageCheck[];
}
