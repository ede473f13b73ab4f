/**
 * Where secret values live. Each scope is one Kubernetes Secret:
 * - `environment`: `berth-values` in the environment's namespace (its
 *   values, per-service overrides, `--set` values and secret variables);
 * - `record`: the immutable `berth-values-<recordId>` in the environment's
 *   namespace, the exact secret values one deployment record deployed (a
 *   rollback deploys them), removed with the namespace;
 * - `project`: `berth-values` in the project's namespace on the configured
 *   cluster (`berth.values.projectSecrets`): project values and services'
 *   default values, and the values of environments being created until
 *   their namespace exists.
 */
export type SecretScope =
  | { kind: 'project'; projectRef: string }
  | { kind: 'environment'; cluster: string; namespace: string }
  | { kind: 'record'; cluster: string; namespace: string; recordId: string };

/** Secret values by id, kept in Kubernetes Secrets; the database holds only references. */
export interface SecretValueStore {
  /**
   * Adds entries (id to value) to the scope's Secret, creating it (and a
   * project's namespace) when missing. A record's Secret is created once,
   * immutable; writing it again changes nothing.
   */
  put(scope: SecretScope, entries: Record<string, unknown>): Promise<void>;
  /** The values of those `ids` found in the scopes (the first scope holding an id wins). */
  get(
    scopes: readonly SecretScope[],
    ids: readonly string[],
  ): Promise<Record<string, unknown>>;
  /** Removes entries from the scope's Secret (the Secret stays). */
  remove(scope: SecretScope, ids: readonly string[]): Promise<void>;
  /** Removes every Secret of secret values Berth keeps in a namespace. */
  removeNamespace(cluster: string, namespace: string): Promise<void>;
}

/**
 * What sealing values wants stored: the entries of new secret values, and
 * those a copy takes over from its source (`inherited`, by id).
 */
export class SecretWrites {
  readonly entries: Record<string, unknown> = {};

  constructor(readonly inherited: Record<string, unknown> = {}) {}

  get empty(): boolean {
    return Object.keys(this.entries).length === 0;
  }
}

/** The scope of an environment's own secret values. */
export function environmentScope(environment: {
  cluster: string;
  namespace: string;
}): SecretScope {
  return {
    kind: 'environment',
    cluster: environment.cluster,
    namespace: environment.namespace,
  };
}
