import { ImageRule } from './imageRules';
import { EnvironmentSleepState } from './lifecycle';
import type { ChartOrigin } from './helm';
import { EnvironmentTier } from './types';

/**
 * The annotation that marks a catalog `System` as a Berth project.
 *
 * @public
 */
export const BERTH_PROJECT_ANNOTATION = 'berth.dev/project';

/**
 * The annotation of the catalog `Resource` (type `environment`) that stands
 * for a Berth environment: the environment's id.
 *
 * @public
 */
export const BERTH_ENVIRONMENT_ID_ANNOTATION = 'berth.dev/environment-id';

/**
 * Labels Berth puts on everything it deploys (besides `backstage.io/kubernetes-id`,
 * which carries the Component's name so the stock Kubernetes tab finds it).
 *
 * @public
 */
export const BERTH_LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  project: 'berth.dev/project',
  environment: 'berth.dev/environment',
  service: 'berth.dev/service',
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;

/**
 * Connectivity of a cluster as Berth last saw it.
 *
 * @public
 */
export type ClusterConnection = 'Connected' | 'Disconnected';

/**
 * The roll-up state of a service or an environment.
 *
 * @public
 */
export type WorkloadStatus =
  | 'Deploying'
  | 'Running'
  | 'Unstable'
  | 'Error'
  | 'Disconnected'
  | 'NotDeployed'
  | 'Sleeping';

/**
 * Where a Helm service's chart comes from.
 *
 * @public
 */
export type ChartSource =
  /** A chart directory, relative to the backend's working directory or absolute. */
  | { type: 'path'; path: string }
  /** A chart in an HTTP(S) chart repository (index.yaml). */
  | { type: 'repository'; url: string; name: string; version: string }
  /** An imported chart archive, stored in Berth's database by its sha256 digest. */
  | {
      type: 'archive';
      digest: string;
      name: string;
      version: string;
      origin: ChartOrigin;
    };

/**
 * Where in a chart's values an image lives, so an image override can be written there.
 *
 * @public
 */
export interface ImagePath {
  /** Name of the image, used as the key of image overrides, e.g. `main`. */
  name: string;
  /**
   * Dotted values path of the repository, e.g. `image.repository`; without a
   * `tagPath`, of the whole reference (`repo:tag`), e.g. `image`.
   */
  repositoryPath: string;
  /** Dotted values path of the tag, e.g. `image.tag`. */
  tagPath?: string;
  /** Dotted values path of the registry host, kept apart from the repository, e.g. `image.registry`. */
  registryPath?: string;
}

/**
 * A typed variable of a manifests service.
 *
 * @public
 */
export interface ManifestVariable {
  name: string;
  /** A `secret` variable holds a string that is sealed when stored and shown as `••••`. */
  type: 'string' | 'number' | 'boolean' | 'enum' | 'yaml' | 'secret';
  default?: unknown;
  options?: string[];
  required?: boolean;
  description?: string;
}

/**
 * What a service deploys, as of one revision.
 *
 * @public
 */
export type ServiceSpec =
  | {
      kind: 'helm';
      chart: ChartSource;
      /** Default values (YAML) on top of the chart's own values.yaml. */
      values: string;
      images: ImagePath[];
      /** Where `values` is read from and re-synced (a file URL for Backstage's URL readers). */
      valuesFrom?: { url: string; track: boolean };
    }
  | {
      kind: 'manifests';
      /** Kubernetes YAML (several documents) with `{{ .variable }}` placeholders. */
      manifests: string;
      variables: ManifestVariable[];
    };

/**
 * An immutable revision of a service.
 *
 * @public
 */
export interface ServiceRevision {
  service: string;
  revision: number;
  spec: ServiceSpec;
  createdBy: string;
  createdAt: string;
}

/**
 * A deployable unit of a project, bound to a catalog Component.
 *
 * @public
 */
export interface BerthService {
  /** DNS-1123 label, unique in the project. */
  name: string;
  /** Entity ref of the Component, e.g. `component:default/cart`. */
  componentRef: string;
  kind: ServiceSpec['kind'];
  /** The newest revision. */
  latestRevision: number;
}

/**
 * A catalog System that Berth runs environments for.
 *
 * @public
 */
export interface BerthProject {
  /** Entity ref of the System, e.g. `system:default/shop`. */
  ref: string;
  name: string;
  title?: string;
  /** Entity ref of the System's owner. */
  ownerRef?: string;
  services: BerthService[];
  /** Service names in ordered groups: groups one after another, a group's services in parallel. */
  startOrder: string[][];
  /** Project-wide Helm values (YAML). */
  values: string;
  /**
   * Where the project's charts keep their images, tried in order under every
   * key of a chart's values; absent: {@link DEFAULT_IMAGE_RULES}.
   */
  imageRules?: ImageRule[];
}

/**
 * The settings of one service in one environment.
 *
 * @public
 */
export interface EnvironmentServiceSettings {
  /**
   * The pinned revision: set for every service when the environment is
   * created or copied (the latest, unless the request names one) and used by
   * every deploy; a newer revision is taken only by an explicit update.
   */
  revision?: number;
  /** Per-service override values (YAML), over the environment-wide values. */
  values?: string;
  /** Image overrides by image name, e.g. `{ main: 'ghcr.io/acme/cart:1.2.3' }`. */
  images?: Record<string, string>;
  /** `--set` style key/values, the highest precedence. */
  set?: Record<string, string>;
  /** Values of a manifests service's variables. */
  variables?: Record<string, unknown>;
}

/**
 * An environment: one namespace on one cluster for a project.
 *
 * @public
 */
export interface BerthEnvironment {
  id: string;
  projectRef: string;
  name: string;
  cluster: string;
  namespace: string;
  tier: EnvironmentTier;
  /** Environment-wide values (YAML). */
  values: string;
  services: Record<string, EnvironmentServiceSettings>;
  /** Whether Berth created the namespace (and so may delete it). */
  namespaceCreated: boolean;
  /**
   * Whether the environment sleeps (asleep, or waking): its workloads are
   * scaled to zero and deploys are refused until it is awake.
   */
  sleeping?: boolean;
  sleepState?: EnvironmentSleepState;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /**
   * Per service whose project has a revision newer than the one pinned
   * here: "revision `available` available". Move to it with
   * `PUT /environments/:id/services/:service/revision`. Set on reads.
   */
  availableRevisions?: Record<string, AvailableRevision>;
}

/**
 * A newer revision of a service than the one an environment pins.
 *
 * @public
 */
export interface AvailableRevision {
  /** The revision the environment pins (and deploys). */
  pinned: number;
  /** The service's newest revision. */
  available: number;
}

/**
 * Live state of a service in an environment.
 *
 * @public
 */
export interface ServiceStatus {
  service: string;
  status: WorkloadStatus;
  revision?: number;
  images: string[];
  readyReplicas: number;
  replicas: number;
  message?: string;
}

/**
 * Live state of an environment, from watches on its namespace.
 *
 * @public
 */
export interface EnvironmentStatus {
  environmentId: string;
  status: WorkloadStatus;
  services: ServiceStatus[];
  updatedAt: string;
}

/**
 * A record of one deploy of one service into one environment.
 *
 * @public
 */
export interface DeploymentRecord {
  id: string;
  environmentId: string;
  service: string;
  revision: number;
  valuesDigest: string;
  images: string[];
  actor: string;
  startedAt: string;
  finishedAt?: string;
  result: 'running' | 'succeeded' | 'failed';
  message?: string;
  /** Helm's release revision, for Helm services. */
  helmRevision?: number;
  /** Index of the start-order group the service was deployed in. */
  group?: number;
  /** The service's settings as deployed (revision always set); absent on records from before snapshots. */
  settings?: EnvironmentServiceSettings;
  /** For a rollback: the id of the record rolled back to. */
  rollbackOf?: string;
  /** The operation that made this record. */
  operationId?: string;
  /** The workflow job run (a `deploy` job) that made this record. */
  jobRunId?: string;
}

/**
 * A request to create one environment.
 *
 * @public
 */
export interface CreateEnvironmentRequest {
  name: string;
  cluster: string;
  /** Defaults to `<project>-<name>`. */
  namespace?: string;
  tier: EnvironmentTier;
  values?: string;
  services?: Record<string, EnvironmentServiceSettings>;
  /** Take over a namespace that exists and is not Berth's. */
  adoptNamespace?: boolean;
  /** Deploy all services right away (default true). */
  deploy?: boolean;
}

/**
 * One cell of a project's release matrix: a service in an environment.
 *
 * @public
 */
export interface ReleaseMatrixCell {
  revision?: number;
  images: string[];
  status: WorkloadStatus;
}

/**
 * Services x environments of a project.
 *
 * @public
 */
export interface ReleaseMatrix {
  services: string[];
  environments: Array<
    Pick<BerthEnvironment, 'id' | 'name' | 'cluster' | 'namespace' | 'tier'>
  >;
  /** cells[service][environmentId] */
  cells: Record<string, Record<string, ReleaseMatrixCell>>;
}

/**
 * A pod of an environment, for the environment page.
 *
 * @public
 */
export interface PodSummary {
  name: string;
  service?: string;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  containers: string[];
  createdAt?: string;
}

/**
 * A Kubernetes event in an environment's namespace.
 *
 * @public
 */
export interface EventSummary {
  type: string;
  reason: string;
  message: string;
  object: string;
  count: number;
  lastSeen?: string;
}

/**
 * Where a Component is deployed: one row per environment that runs one of its services.
 *
 * @public
 */
export interface ComponentDeployment {
  projectRef: string;
  environmentId: string;
  environment: string;
  cluster: string;
  namespace: string;
  tier: EnvironmentTier;
  service: string;
  revision?: number;
  images: string[];
  status: WorkloadStatus;
}

/**
 * The signal published on {@link BERTH_STATUS_SIGNAL_CHANNEL} when an
 * environment's status may have changed. Signals go to every signed-in
 * browser, so it carries only the environment's opaque id and a time:
 * clients read the status itself through `GET /environments/:id/status`,
 * which checks that they may read the environment.
 *
 * @public
 */
export interface EnvironmentStatusSignal {
  environmentId: string;
  /** When the change was seen (ISO 8601). */
  at: string;
}

/**
 * The signals channel on which the backend publishes
 * {@link EnvironmentStatusSignal}s.
 *
 * @public
 */
export const BERTH_STATUS_SIGNAL_CHANNEL = 'berth:environment-status';
