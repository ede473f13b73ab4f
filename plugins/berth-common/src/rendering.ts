import { DeploymentRecord, EnvironmentServiceSettings } from './model';

/**
 * How one object differs between two states (before → after).
 *
 * @public
 */
export type ObjectChange = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * One Kubernetes object compared between two states, e.g. live → rendered.
 * Secret values never appear: every value of a Secret's `data` and
 * `stringData` reads `<redacted>`, or `<redacted: changed>` on the side where
 * it differs.
 *
 * @public
 */
export interface ObjectDiff {
  apiVersion: string;
  kind: string;
  name: string;
  change: ObjectChange;
  /** Unified diff of the normalized YAML, before → after; '' when unchanged. */
  diff: string;
  /**
   * Fields of the live object set outside Berth (drift only), as
   * `manager: path`, e.g. `kubectl-set: spec.template.spec.containers[name=app].env[name=DEBUG]`.
   */
  outOfBand?: string[];
}

/**
 * Counts of {@link ObjectDiff} changes.
 *
 * @public
 */
export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/**
 * Proposed settings of one service for a preview; they replace the
 * environment's settings field by field (as a deploy with them would).
 *
 * @public
 */
export type ProposedServiceSettings = EnvironmentServiceSettings;

/**
 * A service rendered for an environment, as a deploy would render it, and
 * compared with what is live there.
 *
 * @public
 */
export interface ServicePreview {
  environmentId: string;
  service: string;
  kind: 'helm' | 'manifests';
  revision: number;
  /** The settings rendered with (the environment's, with the proposed changes). */
  settings: EnvironmentServiceSettings;
  /** Merged Helm values (YAML), or the manifests variables (YAML). */
  values: string;
  /** The rendered manifests (YAML stream), Secret values redacted. */
  manifest: string;
  images: string[];
  /**
   * `compared`: `objects` compares live → rendered; `unavailable`: the
   * cluster could not be asked (`message` says why) and `objects` lists the
   * rendered objects as `added`.
   */
  live: 'compared' | 'unavailable';
  message?: string;
  objects: ObjectDiff[];
  summary: DiffSummary;
}

/**
 * Two deployment records of one service in one environment compared.
 *
 * @public
 */
export interface DeploymentDiff {
  from: DeploymentRecord;
  to: DeploymentRecord;
  /** Unified diff of the merged values (YAML), from → to; '' when equal. */
  values: string;
  /** Unified diff of the settings (YAML), from → to; '' when equal. */
  settings: string;
  /** The rendered manifests compared object by object, from → to. */
  objects: ObjectDiff[];
  summary: DiffSummary;
  /** Set when a record predates snapshots, so only what was recorded is compared. */
  message?: string;
}

/**
 * Whether a service's live objects still match what Berth last deployed.
 *
 * @public
 */
export type DriftState = 'InSync' | 'Drifted' | 'Unknown';

/**
 * Drift of one service.
 *
 * @public
 */
export interface ServiceDrift {
  service: string;
  state: DriftState;
  /** Why the state is Unknown (e.g. cluster Disconnected, never deployed). */
  reason?: string;
  /** The deployment record compared with (the last successful one). */
  deploymentId?: string;
  /** Objects that differ: deployed → live (only changed, added, removed). */
  objects: ObjectDiff[];
  checkedAt: string;
}

/**
 * Drift of every service of an environment.
 *
 * @public
 */
export interface EnvironmentDrift {
  environmentId: string;
  /** Drifted if any service is, else Unknown if any is, else InSync. */
  state: DriftState;
  services: ServiceDrift[];
  checkedAt: string;
}

/**
 * A service whose merged values an environment-wide values change changes.
 *
 * @public
 */
export interface ValuesChangeService {
  service: string;
  /** Unified diff of the merged values (YAML), current → proposed. */
  diff: string;
}

/**
 * What changing an environment's environment-wide values would do.
 *
 * @public
 */
export interface ValuesChangePreview {
  environmentId: string;
  /** Services whose merged values change: only these are redeployed. */
  changed: ValuesChangeService[];
  /** Services whose merged values stay the same. */
  unchanged: string[];
}

/**
 * The answer of `PUT /environments/:id/values`: the environment, and with
 * `redeploy: true` the services being redeployed (in the background).
 *
 * @public
 */
export interface ValuesChangeResult extends ValuesChangePreview {
  redeploying: string[];
}
