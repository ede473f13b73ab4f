/** The types a manifests variable can have. */
export const MANIFEST_VARIABLE_TYPES = [
  'string',
  'number',
  'boolean',
  'enum',
  'yaml',
  'secret',
] as const;

/** The type of a manifests variable. */
export type ManifestVariableType = (typeof MANIFEST_VARIABLE_TYPES)[number];

/**
 * A typed variable of a manifests service, used in its YAML as
 * `{{ .name }}`.
 */
export interface ManifestVariable {
  /** An identifier: a letter or '_', then letters, digits or '_'. */
  name: string;
  type: ManifestVariableType;
  description?: string;
  /**
   * The value used when none is given; of the variable's type. For `yaml`
   * variables, YAML text or plain data. `secret` variables (strings, sealed
   * like secret values wherever they are stored) have none.
   */
  default?: unknown;
  /** The allowed values of an `enum` variable. */
  options?: string[];
  /** When true the value must be given; a required variable has no default. */
  required?: boolean;
}

/**
 * The resolved value of a variable: a string (also for enums), a number, a
 * boolean, the plain data of a `yaml` variable, or null for an optional
 * variable without default or value.
 */
export type ManifestVariableValue = unknown;

/** A Kubernetes object as rendered from a manifests service. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; [key: string]: unknown };
  [key: string]: unknown;
}
